package org.glimmr.serving.http;

import org.glimmr.serving.auth.Role;

/** Who may call a route: anyone, or a principal with at least the given role. */
public enum Access {
    PUBLIC(null),
    VIEWER(Role.VIEWER),
    ANALYST(Role.ANALYST),
    ADMIN(Role.ADMIN);

    private final Role minimum;

    Access(Role minimum) {
        this.minimum = minimum;
    }

    public boolean isPublic() {
        return minimum == null;
    }

    public boolean allows(Role role) {
        return minimum == null || role.atLeast(minimum);
    }

    /** The role needed, for messages and the OpenAPI document; empty for public routes. */
    public String roleName() {
        return minimum == null ? "" : minimum.wireName();
    }
}
