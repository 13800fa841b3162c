package org.glimmr.serving.http;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** One documented parameter of a route; the OpenAPI document and the unknown-parameter check read these. */
public record ApiParam(String name, In in, String type, boolean required, String description, List<String> allowed) {
    public enum In { PATH, QUERY }

    public ApiParam {
        requireNonNull(name, "name is null");
        requireNonNull(in, "in is null");
        requireNonNull(type, "type is null");
        requireNonNull(description, "description is null");
        allowed = List.copyOf(allowed);
    }

    public static ApiParam path(String name, String description) {
        return new ApiParam(name, In.PATH, "string", true, description, List.of());
    }

    public static ApiParam query(String name, String description) {
        return new ApiParam(name, In.QUERY, "string", false, description, List.of());
    }

    public static ApiParam requiredQuery(String name, String description) {
        return new ApiParam(name, In.QUERY, "string", true, description, List.of());
    }

    public static ApiParam integer(String name, String description) {
        return new ApiParam(name, In.QUERY, "integer", false, description, List.of());
    }

    public static ApiParam oneOf(String name, String description, String... values) {
        return new ApiParam(name, In.QUERY, "string", false, description, List.of(values));
    }

    /** The paging pair every list route takes. */
    public static List<ApiParam> paging(int defaultLimit, int maxLimit) {
        return List.of(
                integer("limit", "items per page, 1 to " + maxLimit + "; default " + defaultLimit),
                query("cursor", "the next_cursor of the previous page; omit for the first page"));
    }
}
