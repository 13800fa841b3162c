package org.glimmr.serving.http;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.serving.auth.Authenticator;
import org.glimmr.serving.auth.Principal;
import org.glimmr.serving.limit.RateLimiter;

/**
 * What runs before every route's handler, in this order: a body over {@link #MAX_BODY_BYTES} (413), who is calling
 * (401 for bad credentials, or none where anonymous access is off), the rate limit (429), the role (403), then a
 * malformed query string or unknown query parameters (400). A caller without access learns nothing about a route's
 * parameters.
 *
 * <p>Rate limits: a bucket per key, shared by the key and the tokens issued for it ({@link Principal#bucket()}),
 * kept apart from the buckets per client address (anonymous callers, unknown keys), so that no number of addresses
 * can push a key's bucket out. The public routes take no bucket per address unless anonymous access is on.
 */
public final class Guard {
    private static final String PRINCIPAL = "glimmr.principal";
    private static final Pattern BROKEN_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");
    /** The largest request body any route takes (the server refuses larger ones as it reads them, too). */
    public static final long MAX_BODY_BYTES = 64 * 1024;

    private final Authenticator authenticator;
    private final RateLimiter principals;
    private final RateLimiter addresses;
    private final int defaultRate;
    private final boolean anonymousAccess;
    private final Optional<ResponseCache> cache;

    /**
     * @param principals buckets of keys and tokens
     * @param addresses  buckets of client addresses (the same limiter the authenticator counts unknown keys in)
     * @param cache      with it, a {@link ApiRoute#cacheable() cacheable} route answers from it after every check passed
     */
    public Guard(Authenticator authenticator, RateLimiter principals, RateLimiter addresses, GlimmrConfig.Api api,
                 Optional<ResponseCache> cache) {
        this.cache = requireNonNull(cache, "cache is null");
        this.authenticator = requireNonNull(authenticator, "authenticator is null");
        this.principals = requireNonNull(principals, "principals is null");
        this.addresses = requireNonNull(addresses, "addresses is null");
        this.defaultRate = api.rateLimitPerSecond();
        this.anonymousAccess = api.anonymousAccess();
    }

    public Handler wrap(ApiRoute route) {
        Set<String> known = route.queryParamNames();
        return ctx -> {
            if (ctx.contentLength() > MAX_BODY_BYTES) {
                // also where a route reads no body: the client learns at once, not after sending it all
                throw new Problem(413, "too-large", "Content too large", "the request body has " + ctx.contentLength()
                        + " bytes. Fix: send at most " + MAX_BODY_BYTES + ".", Map.of());
            }
            Principal principal = route.access().isPublic()
                    ? Principal.anonymous(ctx.ip())
                    : authenticator.authenticate(header(ctx, Authenticator.API_KEY_HEADER), header(ctx, "Authorization"), ctx.ip())
                            .orElseGet(() -> anonymous(ctx, route));
            ctx.attribute(PRINCIPAL, principal);
            int rate = principal.rateLimit().orElse(defaultRate);
            long wait = principal.anonymous()
                    ? (anonymousAccess ? addresses.acquire(principal.bucket(), rate) : 0)
                    : principals.acquire(principal.bucket(), rate);
            if (wait > 0) {
                throw Problem.tooManyRequests(wait, "more than " + rate + " requests per second for this caller. Fix: wait "
                        + wait + " s (Retry-After) and slow down.");
            }
            if (!route.access().allows(principal.role())) {
                if (principal.anonymous()) {
                    throw Problem.unauthorized("this route needs credentials with the role " + route.access().roleName()
                            + ". Fix: send 'Authorization: Bearer <API key or token>' or 'X-API-Key: <API key>'.");
                }
                throw Problem.forbidden("this route needs the role " + route.access().roleName() + "; the caller has "
                        + principal.role().wireName() + ". Fix: use a key with that role.");
            }
            String query = ctx.queryString();
            if (query != null && BROKEN_ESCAPE.matcher(query).find()) {
                // the parameter would be dropped without a word, and the answer given as if it had not been sent
                throw Problem.badRequest("the query string has a '%' that is not followed by two hex digits. Fix: percent-encode"
                        + " parameter values (a '%' itself is %25).");
            }
            Set<String> unknown = new TreeSet<>(ctx.queryParamMap().keySet());
            unknown.removeAll(known);
            if (!unknown.isEmpty()) {
                throw Problem.badRequest("unknown parameter(s) " + ApiErrors.safe(String.join(", ", unknown)) + " for "
                        + route.path() + ". Fix: use only " + (known.isEmpty() ? "no parameters" : String.join(", ", new TreeSet<>(known))) + ".");
            }
            if (route.cacheable() && cache.isPresent()) {
                cached(route, ctx, cache.get());
            } else {
                route.handler().handle(ctx);
            }
        };
    }

    /** Answers from the cache, or runs the handler and keeps a 200 answer under the generation the request began in. */
    private static void cached(ApiRoute route, Context ctx, ResponseCache cache) throws Exception {
        long generation = cache.generation();
        if (generation < 0) {
            route.handler().handle(ctx);
            return;
        }
        String key = ResponseCache.key(ctx);
        Optional<ResponseCache.Entry> hit = cache.get(key, generation);
        if (hit.isPresent()) {
            ctx.header(ResponseCache.HEADER, "hit");
            ctx.contentType(hit.get().contentType());
            ctx.result(hit.get().body());
            return;
        }
        route.handler().handle(ctx);
        ctx.header(ResponseCache.HEADER, "miss");
        InputStream result = ctx.resultInputStream();
        if (ctx.statusCode() == 200 && result != null) {
            byte[] body = result.readAllBytes();
            ctx.result(body);
            String type = ctx.res().getContentType();
            cache.put(key, generation, body, type == null ? ApiRoute.JSON : type);
        }
    }

    private static Optional<String> header(Context ctx, String name) {
        return Optional.ofNullable(ctx.header(name));
    }

    private Principal anonymous(Context ctx, ApiRoute route) {
        if (!anonymousAccess) {
            throw Problem.unauthorized("this route needs credentials (role " + route.access().roleName() + " or higher). Fix: send"
                    + " 'Authorization: Bearer <API key or token>' or 'X-API-Key: <API key>'; an admin creates keys with"
                    + " './glimmr apikey create'.");
        }
        return Principal.anonymous(ctx.ip());
    }

    public static Principal principal(Context ctx) {
        return Optional.ofNullable(ctx.<Principal>attribute(PRINCIPAL)).orElseThrow(
                () -> new IllegalStateException("no principal: route not wrapped by Guard"));
    }

    /** The principal of a request that got that far, for the access log. */
    public static Optional<Principal> principalIfKnown(Context ctx) {
        return Optional.ofNullable(ctx.attribute(PRINCIPAL));
    }
}
