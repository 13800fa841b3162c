package org.glimmr.serving.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.Set;

/**
 * CORS for the origins in {@code glimmr.api.cors.origins}: an allowed origin gets the allow headers (and a
 * preflight gets 204); any other origin gets none, so browsers refuse the answer. No wildcard, no credentials mode:
 * clients authenticate with headers, not cookies.
 */
public final class Cors {
    private static final String ALLOWED_HEADERS = "Authorization, X-API-Key, X-Request-Id, Content-Type";

    private final Set<String> origins;

    public Cors(List<String> origins) {
        this.origins = Set.copyOf(origins);
    }

    /** Sets the headers; returns true when this was a preflight that is answered now. */
    public boolean apply(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null) {
            return false;
        }
        ctx.header("Vary", "Origin");
        if (!origins.contains(origin)) {
            return false;
        }
        ctx.header("Access-Control-Allow-Origin", origin);
        ctx.header("Access-Control-Expose-Headers", "X-Request-Id, Retry-After");
        if (ctx.method() == HandlerType.OPTIONS && ctx.header("Access-Control-Request-Method") != null) {
            ctx.header("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS");
            ctx.header("Access-Control-Allow-Headers", ALLOWED_HEADERS);
            ctx.header("Access-Control-Max-Age", "600");
            ctx.status(204);
            return true;
        }
        return false;
    }
}
