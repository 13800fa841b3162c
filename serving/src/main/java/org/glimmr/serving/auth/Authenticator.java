package org.glimmr.serving.auth;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.glimmr.serving.error.ServingException;
import org.glimmr.serving.limit.RateLimiter;

/**
 * Finds who is calling from {@code Authorization: Bearer <API key or JWT>} or {@code X-API-Key: <API key>}.
 * A checked key is remembered for {@code glimmr.api.key.cache.seconds}, so a hot key costs no query per request;
 * a revocation therefore takes effect within that time, for the key and for every token issued for it (a token's
 * subject {@code key:<key id>} names its key, which is looked up like the key itself). Keys the database does not
 * know are counted per client address: past {@code unknownKeyRate} per second (bursts of twice that) an address
 * gets no more lookups until its bucket refills, so random key ids cannot make a query each.
 */
public final class Authenticator {
    public static final String API_KEY_HEADER = "X-API-Key";
    /** The subject prefix of the tokens this server issues for a key. */
    public static final String KEY_SUBJECT = "key:";

    private final ApiKeys keys;
    private final Optional<JwtTokens> jwt;
    private final long cacheNanos;
    private final RateLimiter addresses;
    private final int unknownKeyRate;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(ApiKeys.ApiKey key, long loadedAt) {}

    /**
     * @param addresses      the limiter of per-address buckets
     * @param unknownKeyRate unknown keys per second and address (0 = no limit)
     */
    public Authenticator(ApiKeys keys, Optional<JwtTokens> jwt, Duration keyCache, RateLimiter addresses, int unknownKeyRate) {
        this.keys = requireNonNull(keys, "keys is null");
        this.jwt = requireNonNull(jwt, "jwt is null");
        this.cacheNanos = keyCache.toNanos();
        this.addresses = requireNonNull(addresses, "addresses is null");
        this.unknownKeyRate = unknownKeyRate;
    }

    /**
     * The caller, from the request's {@value #API_KEY_HEADER} and {@code Authorization} headers as sent; empty when it
     * sends neither. Bad credentials are a {@link ServingException.ErrorCode#UNAUTHENTICATED} saying what is wrong; an
     * address over its limit of unknown keys a {@link ServingException.ErrorCode#RATE_LIMITED}.
     */
    public Optional<Principal> authenticate(Optional<String> apiKeyHeader, Optional<String> authorizationHeader, String clientAddress) {
        requireNonNull(clientAddress, "clientAddress is null");
        if (apiKeyHeader.isPresent() && authorizationHeader.isPresent()) {
            throw ServingException.unauthenticated("the request has both X-API-Key and Authorization. Fix: send one of them.");
        }
        if (apiKeyHeader.isPresent()) {
            return Optional.of(checkKey(apiKeyHeader.get().trim(), clientAddress));
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
            return Optional.of(checkKey(credential, clientAddress));
        }
        JwtTokens tokens = jwt.orElseThrow(() -> ServingException.unauthenticated("this server does not accept JWT bearer tokens"
                + " (no GLIMMR_JWT_SECRET is set). Fix: send an API key (glmr_…) instead."));
        return Optional.of(checkToken(tokens.verify(credential), clientAddress));
    }

    private Principal checkKey(String token, String clientAddress) {
        ApiKeySecret secret = ApiKeySecret.parse(token).orElseThrow(() -> ServingException.unauthenticated(
                "the API key is malformed: keys look like glmr_<12 hex digits>_<43 characters>. Fix: copy the key"
                        + " exactly as './glimmr apikey create' printed it."));
        ApiKeys.ApiKey key = lookup(secret.keyId(), clientAddress).orElseThrow(Authenticator::unknownKey);
        if (!secret.matches(key.secretSha256())) {
            throw unknownKey();
        }
        if (key.revoked()) {
            throw ServingException.unauthenticated("the API key " + key.keyId() + " was revoked at "
                    + key.revokedAt().orElseThrow() + ". Fix: ask an admin for a new key.");
        }
        return Principal.key(key.keyId(), key.role(), key.rateLimit());
    }

    /**
     * A token issued for a key lives only as long as its key: a revoked or deleted key refuses its tokens, and the
     * token gets the key's rate limit and bucket. Tokens for other subjects (made elsewhere with the shared secret)
     * keep a bucket per subject at the default limit.
     */
    private Principal checkToken(JwtTokens.Claims claims, String clientAddress) {
        if (!claims.subject().startsWith(KEY_SUBJECT)) {
            String id = "jwt:" + claims.subject();
            return new Principal(id, claims.role(), false, java.util.OptionalInt.empty(), id);
        }
        String keyId = claims.subject().substring(KEY_SUBJECT.length());
        if (!ApiKeySecret.isKeyId(keyId)) {
            throw ServingException.unauthenticated("the bearer token's subject is not 'key:<12 hex digits>'. Fix: get a token"
                    + " with your API key (POST /api/v1/auth/token).");
        }
        ApiKeys.ApiKey key = lookup(keyId, clientAddress).orElseThrow(() -> ServingException.unauthenticated("the bearer"
                + " token was issued for the API key " + keyId + ", which this server does not know. Fix: get a new token with"
                + " a current key (POST /api/v1/auth/token)."));
        if (key.revoked()) {
            throw ServingException.unauthenticated("the bearer token was issued for the API key " + keyId + ", which was revoked"
                    + " at " + key.revokedAt().orElseThrow() + ". Fix: ask an admin for a new key, and get a token with it.");
        }
        // never more than the key may do, whatever the token says
        Role role = claims.role().atLeast(key.role()) ? key.role() : claims.role();
        Principal owner = Principal.key(keyId, role, key.rateLimit());
        return new Principal("jwt:" + owner.id(), role, false, key.rateLimit(), owner.bucket());
    }

    private static ServingException unknownKey() {
        return ServingException.unauthenticated("the API key is not known to this server. Fix: check the key, or ask an admin to"
                + " create one ('./glimmr apikey create').");
    }

    private Optional<ApiKeys.ApiKey> lookup(String keyId, String clientAddress) {
        long now = System.nanoTime();
        Cached cached = cache.get(keyId);
        if (cached != null && now - cached.loadedAt() < cacheNanos) {
            return Optional.of(cached.key());
        }
        String unknownKeys = "unknown-keys:" + clientAddress;
        long wait = addresses.waitSeconds(unknownKeys, unknownKeyRate);
        if (wait > 0) {
            throw ServingException.rateLimited(wait, "more than " + unknownKeyRate + " unknown API keys per second came from"
                    + " this address. Fix: wait " + wait + " s (Retry-After) and send a key that exists.");
        }
        Optional<ApiKeys.ApiKey> key = keys.find(keyId);
        if (key.isPresent()) {
            cache.put(keyId, new Cached(key.get(), now));
        } else {
            // only keys that exist are remembered, so random ids cannot fill the cache; they use up the address's bucket
            cache.remove(keyId);
            addresses.acquire(unknownKeys, unknownKeyRate);
        }
        return key;
    }

    /** Forgets a key at once (after a revocation through this server). */
    public void forget(String keyId) {
        cache.remove(keyId);
    }
}
