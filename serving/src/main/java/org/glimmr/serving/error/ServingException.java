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
        UNAVAILABLE
    }

    private final ErrorCode code;

    public ServingException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public ServingException(ErrorCode code, String message, Throwable cause) {
        // no stack trace: these are answers, thrown per bad request; a cause keeps its own
        super(requireNonNull(message, "message is null"), cause, false, false);
        this.code = requireNonNull(code, "code is null");
    }

    public static ServingException unauthenticated(String message) {
        return new ServingException(ErrorCode.UNAUTHENTICATED, message);
    }

    public ErrorCode code() {
        return code;
    }
}
