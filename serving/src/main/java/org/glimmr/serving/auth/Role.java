package org.glimmr.serving.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** API roles, each including the ones before it: viewers read, analysts also export CSV, admins manage keys. */
public enum Role {
    VIEWER,
    ANALYST,
    ADMIN;

    public boolean atLeast(Role other) {
        return compareTo(other) >= 0;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> parse(String value) {
        return Arrays.stream(values()).filter(r -> r.wireName().equals(value)).findFirst();
    }
}
