package org.glimmr.serving.error;

import static java.util.Objects.requireNonNull;

/**
 * A request the API cannot answer, as the layers below HTTP say it: a {@link ErrorCode} and a message that tells the
 * client what went wrong and how to fix it. They know nothing of HTTP; {@code http.ApiErrors} turns each code into
 * its problem response. A failure of ours underneath (the database, say) is kept as the cause, for the log only.
 */
public final class ServingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The kinds of failure the layers below HTTP report. */
    public enum ErrorCode {
        /** The credentials sent are not acceptable: malformed, unknown, revoked, expired, or of a kind not taken. */
        UNAUTHENTICATED,
        /** Something the API needs did not answer; the same request may succeed a few seconds later. */
        UNAVAILABLE,
        /** The caller (or its address) asked more often than its limit; it may ask again after {@link #retryAfterSeconds()}. */
        RATE_LIMITED
    }

    private final ErrorCode code;
    private final long retryAfterSeconds;

    public ServingException(ErrorCode code, String message) {
        this(code, message, null);
    }

    /** Any code but {@link ErrorCode#RATE_LIMITED}, which says when to retry: {@link #rateLimited}. */
    public ServingException(ErrorCode code, String message, Throwable cause) {
        this(code, message, cause, 0);
        if (code == ErrorCode.RATE_LIMITED) {
            throw new IllegalArgumentException("a rate-limited answer says when to retry: use ServingException.rateLimited");
        }
    }

    private ServingException(ErrorCode code, String message, Throwable cause, long retryAfterSeconds) {
        // no stack trace: these are answers, thrown per bad request; a cause keeps its own
        super(requireNonNull(message, "message is null"), cause, false, false);
        this.code = requireNonNull(code, "code is null");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ServingException unauthenticated(String message) {
        return new ServingException(ErrorCode.UNAUTHENTICATED, message);
    }

    public static ServingException rateLimited(long retryAfterSeconds, String message) {
        if (retryAfterSeconds < 1) {
            throw new IllegalArgumentException("retryAfterSeconds must be positive, got " + retryAfterSeconds);
        }
        return new ServingException(ErrorCode.RATE_LIMITED, message, null, retryAfterSeconds);
    }

    public ErrorCode code() {
        return code;
    }

    /** For {@link ErrorCode#RATE_LIMITED}: whole seconds to wait; 0 for the other codes. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
