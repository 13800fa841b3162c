package org.glimmr.serving.auth;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.glimmr.serving.http.Problem;

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

    /** The caller, or empty when the request carries no credentials; bad credentials are a 401 problem. */
    public Optional<Principal> authenticate(Context ctx) {
        String apiKey = ctx.header(API_KEY_HEADER);
        String authorization = ctx.header("Authorization");
        if (apiKey != null && authorization != null) {
            throw Problem.unauthorized("the request has both X-API-Key and Authorization. Fix: send one of them.");
        }
        if (apiKey != null) {
            return Optional.of(checkKey(apiKey.trim()));
        }
        if (authorization == null) {
            return Optional.empty();
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw Problem.unauthorized("the Authorization header is not 'Bearer <credential>'. Fix: send"
                    + " 'Authorization: Bearer <API key or token>' or 'X-API-Key: <API key>'.");
        }
        String credential = authorization.substring(7).trim();
        if (ApiKeySecret.looksLikeKey(credential)) {
            return Optional.of(checkKey(credential));
        }
        return Optional.of(jwt.orElseThrow(() -> Problem.unauthorized("this server does not accept JWT bearer tokens"
                + " (no GLIMMR_JWT_SECRET is set). Fix: send an API key (glmr_…) instead.")).verify(credential));
    }

    private Principal checkKey(String token) {
        ApiKeySecret secret = ApiKeySecret.parse(token).orElseThrow(() -> Problem.unauthorized(
                "the API key is malformed: keys look like glmr_<12 hex digits>_<43 characters>. Fix: copy the key"
                        + " exactly as './glimmr apikey create' printed it."));
        ApiKeys.ApiKey key = lookup(secret.keyId()).orElseThrow(() -> unknownKey());
        if (!secret.matches(key.secretSha256())) {
            throw unknownKey();
        }
        if (key.revoked()) {
            throw Problem.unauthorized("the API key " + key.keyId() + " was revoked at " + key.revokedAt().orElseThrow()
                    + ". Fix: ask an admin for a new key.");
        }
        return new Principal("key:" + key.keyId(), key.role(), false, key.rateLimit());
    }

    private static Problem unknownKey() {
        return Problem.unauthorized("the API key is not known to this server. Fix: check the key, or ask an admin to"
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
