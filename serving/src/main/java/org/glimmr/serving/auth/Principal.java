package org.glimmr.serving.auth;

import static java.util.Objects.requireNonNull;

import java.util.OptionalInt;

/**
 * Who is calling: an API key, a JWT (bound to the key it was issued for, or another subject), or an anonymous
 * client (by address). {@code id} names it in logs and the audit log; {@code bucket} names its rate-limit bucket,
 * which a key shares with every token issued for it; {@code rateLimit} is the key's own limit when it has one.
 */
public record Principal(String id, Role role, boolean anonymous, OptionalInt rateLimit, String bucket) {
    public Principal {
        requireNonNull(id, "id is null");
        requireNonNull(role, "role is null");
        requireNonNull(rateLimit, "rateLimit is null");
        requireNonNull(bucket, "bucket is null");
    }

    /** A caller by API key: {@code key:<key id>}, its bucket too. */
    public static Principal key(String keyId, Role role, OptionalInt rateLimit) {
        return new Principal("key:" + keyId, role, false, rateLimit, "key:" + keyId);
    }

    public static Principal anonymous(String clientAddress) {
        return new Principal("anonymous:" + clientAddress, Role.VIEWER, true, OptionalInt.empty(), "address:" + clientAddress);
    }
}
