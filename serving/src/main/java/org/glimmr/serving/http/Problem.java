package org.glimmr.serving.http;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * An answer that is not a success, as RFC 9457 problem JSON: {@code type}, {@code title}, {@code status},
 * {@code detail} (what was wrong and how to fix it) and {@code instance} (the path), plus {@code request_id}.
 * Thrown anywhere in a handler; {@link ApiErrors} turns it into the response.
 */
public final class Problem extends RuntimeException {
    private static final long serialVersionUID = 1L;
    public static final String TYPE_BASE = "https://glimmr.org/problems/";

    private final int status;
    private final String type;
    private final String title;
    private final transient Map<String, String> headers;

    public Problem(int status, String type, String title, String detail, Map<String, String> headers) {
        super(requireNonNull(detail, "detail is null"), null, false, false);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status " + status + " is not an error status");
        }
        this.status = status;
        this.type = requireNonNull(type, "type is null");
        this.title = requireNonNull(title, "title is null");
        this.headers = Map.copyOf(headers);
    }

    public static Problem badRequest(String detail) {
        return new Problem(400, "bad-request", "Bad request", detail, Map.of());
    }

    public static Problem badParameter(String name, String value, String problem, String fix) {
        String printable = value.replaceAll("\\p{Cntrl}", "?");
        String shown = printable.length() > 80 ? printable.substring(0, 80) + "…" : printable;
        return badRequest("parameter '" + name + "' = '" + shown + "' " + problem + ". Fix: " + fix + ".");
    }

    public static Problem notFound(String detail) {
        return new Problem(404, "not-found", "Not found", detail, Map.of());
    }

    public static Problem unauthorized(String detail) {
        return new Problem(401, "unauthorized", "Unauthorized", detail, Map.of("WWW-Authenticate", "Bearer realm=\"glimmr\""));
    }

    public static Problem forbidden(String detail) {
        return new Problem(403, "forbidden", "Forbidden", detail, Map.of());
    }

    public static Problem tooManyRequests(long retryAfterSeconds, String detail) {
        return new Problem(429, "rate-limited", "Too many requests", detail, Map.of("Retry-After", String.valueOf(retryAfterSeconds)));
    }

    public static Problem unavailable(String detail) {
        return new Problem(503, "unavailable", "Service unavailable", detail, Map.of("Retry-After", "5"));
    }

    public int status() {
        return status;
    }

    public String type() {
        return TYPE_BASE + type;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public Map<String, String> headers() {
        return headers;
    }
}
