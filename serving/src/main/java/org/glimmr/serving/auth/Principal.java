package org.glimmr.serving.auth;

import static java.util.Objects.requireNonNull;

import java.util.OptionalInt;

/**
 * Who is calling: an API key, a JWT subject, or an anonymous client (by address). {@code id} names it in logs,
 * the audit log and the rate limiter; {@code rateLimit} is the key's own limit when it has one.
 */
public record Principal(String id, Role role, boolean anonymous, OptionalInt rateLimit) {
    public Principal {
        requireNonNull(id, "id is null");
        requireNonNull(role, "role is null");
        requireNonNull(rateLimit, "rateLimit is null");
    }

    public static Principal anonymous(String clientAddress) {
        return new Principal("anonymous:" + clientAddress, Role.VIEWER, true, OptionalInt.empty());
    }
}
