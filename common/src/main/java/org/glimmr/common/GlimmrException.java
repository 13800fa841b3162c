package org.glimmr.common;

import static java.util.Objects.requireNonNull;

/**
 * A failure a user can act on: the message says what went wrong, why, and how to fix it. The launcher prints the
 * message without a stack trace and exits with {@link ErrorCode#exitCode()}.
 */
public class GlimmrException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The kinds of user-facing failure, one list for the project. */
    public enum ErrorCode {
        CONFIGURATION(2),
        USAGE(64),
        INPUT(65),
        STORAGE(74),
        DATABASE(75),
        INTERNAL(70);

        private final int exitCode;

        ErrorCode(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    private final ErrorCode code;

    public GlimmrException(ErrorCode code, String message) {
        super(requireNonNull(message, "message is null"));
        this.code = requireNonNull(code, "code is null");
    }

    public GlimmrException(ErrorCode code, String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.code = requireNonNull(code, "code is null");
    }

    public ErrorCode code() {
        return code;
    }

    /** A configuration error that names the key and the fix. */
    public static GlimmrException config(String key, String value, String problem, String fix) {
        String shown = value == null ? "" : " = '" + value + "'";
        return new GlimmrException(ErrorCode.CONFIGURATION,
                "configuration " + key + shown + ": " + problem + ". Fix: " + fix
                        + " (set it in glimmr.properties or as environment variable " + GlimmrConfig.envName(key) + ")");
    }
}
