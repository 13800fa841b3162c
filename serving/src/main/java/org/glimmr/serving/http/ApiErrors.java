package org.glimmr.serving.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpException;
import org.glimmr.serving.error.ServingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become responses: RFC 9457 problem JSON, never an internal message or stack trace.
 * A client's mistake is a 4xx saying what to fix; our own failure is a 500 whose details go to the log only,
 * under the request id that the response carries.
 */
public final class ApiErrors {
    public static final String PROBLEM_JSON = "application/problem+json";
    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

    private ApiErrors() {}

    public static void register(RoutesConfig routes) {
        routes.exception(Problem.class, (e, ctx) -> write(ctx, e));
        routes.exception(ServingException.class, (e, ctx) -> {
            if (e.getCause() != null) {
                LOG.warn("{} on {} {}: {}", e.code(), ctx.method(), ctx.path(), e.getCause().toString());
            }
            write(ctx, problem(e));
        });
        routes.exception(HttpResponseException.class, (e, ctx) -> write(ctx, fromJavalin(ctx, e.getStatus())));
        routes.exception(Exception.class, (e, ctx) -> {
            if (sentBroken(e)) {
                write(ctx, Problem.badRequest("the request body could not be read: its chunked encoding is broken or it ended"
                        + " early. Fix: send the whole body, with a correct Content-Length or chunked encoding."));
                return;
            }
            LOG.error("internal error on {} {}", ctx.method(), ctx.path(), e);
            write(ctx, new Problem(500, "internal", "Internal error", "the server failed on this request; it is logged"
                    + " under request id " + RequestIds.get(ctx) + ". Fix: retry later, and report the request id if it persists.",
                    Map.of()));
        });
        // answers Jetty or Javalin produce without an exception (no route, wrong method, body too large)
        for (int status : new int[] {400, 404, 405, 413, 414, 431}) {
            routes.error(status, "*", ctx -> {
                if (!PROBLEM_JSON.equals(ctx.res().getContentType()) && !String.valueOf(ctx.res().getContentType()).startsWith(PROBLEM_JSON)) {
                    write(ctx, fromJavalin(ctx, status));
                }
            });
        }
    }

    /** Whether Jetty failed reading what the client sent (a 4xx of its own, such as a broken chunked body). */
    static boolean sentBroken(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpException h && h.getCode() >= 400 && h.getCode() < 500) {
                return true;
            }
        }
        return false;
    }

    /** The problem a client sees for a failure reported below HTTP: a status and type per code, the message as detail. */
    public static Problem problem(ServingException e) {
        return switch (e.code()) {
            case UNAUTHENTICATED -> Problem.unauthorized(e.getMessage());
            case UNAVAILABLE -> Problem.unavailable(e.getMessage());
            case RATE_LIMITED -> Problem.tooManyRequests(e.retryAfterSeconds(), e.getMessage());
        };
    }

    private static Problem fromJavalin(Context ctx, int status) {
        return switch (status) {
            case 404 -> Problem.notFound("there is no route " + ctx.method() + " " + safe(ctx.path()) + ". Fix: see the routes"
                    + " in /openapi.json or /docs.");
            case 405 -> new Problem(405, "method-not-allowed", "Method not allowed", "the route " + safe(ctx.path())
                    + " does not take " + ctx.method() + ". Fix: see the methods it takes in /openapi.json.", Map.of());
            case 413 -> new Problem(413, "too-large", "Content too large", "the request body is too large. Fix: send less.", Map.of());
            case 414, 431 -> new Problem(status, "too-large", "Request too large", "the request line or headers are too large."
                    + " Fix: send shorter parameters and fewer headers.", Map.of());
            default -> status >= 400 && status < 500
                    ? new Problem(status, "bad-request", "Bad request", "the request could not be read. Fix: check the request"
                            + " line, headers and parameters against /openapi.json.", Map.of())
                    : new Problem(500, "internal", "Internal error", "the server failed on this request. Fix: retry later.", Map.of());
        };
    }

    /** A path as it may be shown back: printable, bounded. */
    public static String safe(String path) {
        String p = path.replaceAll("[^\\x20-\\x7e]", "?");
        return p.length() > 120 ? p.substring(0, 120) + "…" : p;
    }

    public static void write(Context ctx, Problem p) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", p.type());
        body.put("title", p.title());
        body.put("status", p.status());
        body.put("detail", p.detail());
        body.put("instance", safe(ctx.path()));
        body.put("request_id", RequestIds.get(ctx));
        p.headers().forEach(ctx::header);
        ctx.status(p.status()).json(body).contentType(PROBLEM_JSON);
    }
}
