package org.glimmr.serving.auth;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.glimmr.serving.error.ServingException;

/**
 * Finds who is calling from {@code Authorization: Bearer <API key or JWT>} or {@code X-API-Key: <API key>}.
 * A checked key is remembered for {@code glimmr.api.key.cache.seconds}, so a hot key costs no query per request;
 * a revocation therefore takes effect within that time.
 */
public final class Authenticator {
    public static final String API_KEY_HEADER = "X-API-Key";

    private final ApiKeys keys;
    private final Optional<JwtTokens> jwt;
    private final long cacheNanos;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(ApiKeys.ApiKey key, long loadedAt) {}

    public Authenticator(ApiKeys keys, Optional<JwtTokens> jwt, Duration keyCache) {
        this.keys = requireNonNull(keys, "keys is null");
        this.jwt = requireNonNull(jwt, "jwt is null");
        this.cacheNanos = keyCache.toNanos();
    }

    /**
     * The caller, from the request's {@value #API_KEY_HEADER} and {@code Authorization} headers as sent; empty when it
     * sends neither. Bad credentials are a {@link ServingException.ErrorCode#UNAUTHENTICATED} saying what is wrong.
     */
    public Optional<Principal> authenticate(Optional<String> apiKeyHeader, Optional<String> authorizationHeader) {
        if (apiKeyHeader.isPresent() && authorizationHeader.isPresent()) {
            throw ServingException.unauthenticated("the request has both X-API-Key and Authorization. Fix: send one of them.");
        }
        if (apiKeyHeader.isPresent()) {
            return Optional.of(checkKey(apiKeyHeader.get().trim()));
        }
        if (authorizationHeader.isEmpty()) {
            return Optional.empty();
        }
        String authorization = authorizationHeader.get();
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ServingException.unauthenticated("the Authorization header is not 'Bearer <credential>'. Fix: send"
                    + " 'Authorization: Bearer <API key or token>' or 'X-API-Key: <API key>'.");
        }
        String credential = authorization.substring(7).trim();
        if (ApiKeySecret.looksLikeKey(credential)) {
            return Optional.of(checkKey(credential));
        }
        return Optional.of(jwt.orElseThrow(() -> ServingException.unauthenticated("this server does not accept JWT bearer tokens"
                + " (no GLIMMR_JWT_SECRET is set). Fix: send an API key (glmr_…) instead.")).verify(credential));
    }

    private Principal checkKey(String token) {
        ApiKeySecret secret = ApiKeySecret.parse(token).orElseThrow(() -> ServingException.unauthenticated(
                "the API key is malformed: keys look like glmr_<12 hex digits>_<43 characters>. Fix: copy the key"
                        + " exactly as './glimmr apikey create' printed it."));
        ApiKeys.ApiKey key = lookup(secret.keyId()).orElseThrow(() -> unknownKey());
        if (!secret.matches(key.secretSha256())) {
            throw unknownKey();
        }
        if (key.revoked()) {
            throw ServingException.unauthenticated("the API key " + key.keyId() + " was revoked at "
                    + key.revokedAt().orElseThrow() + ". Fix: ask an admin for a new key.");
        }
        return new Principal("key:" + key.keyId(), key.role(), false, key.rateLimit());
    }

    private static ServingException unknownKey() {
        return ServingException.unauthenticated("the API key is not known to this server. Fix: check the key, or ask an admin to"
                + " create one ('./glimmr apikey create').");
    }

    private Optional<ApiKeys.ApiKey> lookup(String keyId) {
        long now = System.nanoTime();
        Cached cached = cache.get(keyId);
        if (cached != null && now - cached.loadedAt() < cacheNanos) {
            return Optional.of(cached.key());
        }
        Optional<ApiKeys.ApiKey> key = keys.find(keyId);
        // only keys that exist are remembered, so random ids cannot fill the cache
        key.ifPresentOrElse(k -> cache.put(keyId, new Cached(k, now)), () -> cache.remove(keyId));
        return key;
    }

    /** Forgets a key at once (after a revocation through this server). */
    public void forget(String keyId) {
        cache.remove(keyId);
    }
}
