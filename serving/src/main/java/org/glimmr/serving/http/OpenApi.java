package org.glimmr.serving.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The OpenAPI 3.1 document, written from the same {@link ApiRoute}s that are registered, so it cannot drift. */
public final class OpenApi {
    private OpenApi() {}

    public static Map<String, Object> document(List<ApiRoute> routes, String version) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.1.0");
        doc.put("info", Map.of("title", "Glimmr API", "version", version, "description",
                "Hospital prices from CMS machine-readable files. Authenticate with 'Authorization: Bearer <API key or JWT>'"
                        + " or 'X-API-Key'. Errors are RFC 9457 problem JSON. Money is exact decimal: negotiated_dollar is a"
                        + " published dollar amount, derived_dollar an estimate from a percentage of the gross charge."));
        doc.put("components", Map.of(
                "securitySchemes", Map.of(
                        "bearer", Map.of("type", "http", "scheme", "bearer", "description", "an API key (glmr_…) or a JWT"),
                        "apiKey", Map.of("type", "apiKey", "in", "header", "name", "X-API-Key")),
                "schemas", Map.of("Problem", Map.of("type", "object", "properties", Map.of(
                        "type", Map.of("type", "string"), "title", Map.of("type", "string"), "status", Map.of("type", "integer"),
                        "detail", Map.of("type", "string"), "instance", Map.of("type", "string"),
                        "request_id", Map.of("type", "string"))))));
        Map<String, Map<String, Object>> paths = new TreeMap<>();
        for (ApiRoute r : routes) {
            paths.computeIfAbsent(r.path(), p -> new LinkedHashMap<>()).put(r.method().name().toLowerCase(java.util.Locale.ROOT), operation(r));
        }
        doc.put("paths", paths);
        return doc;
    }

    private static Map<String, Object> operation(ApiRoute r) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("tags", List.of(r.tag()));
        op.put("summary", r.summary());
        op.put("operationId", r.method().name().toLowerCase(java.util.Locale.ROOT) + r.path().replaceAll("[^A-Za-z0-9]+", "_"));
        op.put("x-glimmr-role", r.access().isPublic() ? "public" : r.access().roleName());
        op.put("security", r.access().isPublic() ? List.of() : List.of(Map.of("bearer", List.of()), Map.of("apiKey", List.of())));
        op.put("parameters", r.params().stream().map(OpenApi::parameter).toList());
        if (r.method().name().equals("POST") && r.path().endsWith("/keys")) {
            op.put("requestBody", Map.of("required", true, "content", Map.of("application/json", Map.of("schema", Map.of(
                    "type", "object", "required", List.of("name"), "properties", Map.of(
                            "name", Map.of("type", "string", "maxLength", 100),
                            "role", Map.of("type", "string", "enum", List.of("viewer", "analyst", "admin")),
                            "rate_limit", Map.of("type", "integer", "minimum", 0)))))));
        }
        Map<String, Object> responses = new LinkedHashMap<>();
        responses.put(r.method().name().equals("POST") && r.path().endsWith("/keys") ? "201" : "200",
                Map.of("description", "success", "content", Map.of(r.produces(), Map.of())));
        Map<String, Object> problem = Map.of(ApiErrors.PROBLEM_JSON, Map.of("schema", Map.of("$ref", "#/components/schemas/Problem")));
        responses.put("400", Map.of("description", "a parameter is wrong (the detail says which and how to fix it)", "content", problem));
        if (!r.access().isPublic()) {
            responses.put("401", Map.of("description", "no, bad, expired or revoked credentials", "content", problem));
            responses.put("403", Map.of("description", "the caller's role is below " + r.access().roleName(), "content", problem));
        }
        if (!r.path().equals("/health")) {
            responses.put("404", Map.of("description", "not found", "content", problem));
        }
        // the paged curated reads (the cacheable routes) page through one load; the audit log is never reloaded
        if (r.queryParamNames().contains("cursor") && r.cacheable()) {
            responses.put("410", Map.of("description", "the cursor belongs to an earlier load of the data; start again without it",
                    "content", problem));
        }
        responses.put("429", Map.of("description", "rate limit; see Retry-After", "content", problem));
        op.put("responses", responses);
        return op;
    }

    private static Map<String, Object> parameter(ApiParam p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("in", p.in() == ApiParam.In.PATH ? "path" : "query");
        m.put("required", p.required());
        m.put("description", p.description());
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", p.type());
        if (!p.allowed().isEmpty()) {
            schema.put("enum", p.allowed());
        }
        if (p.type().equals("string")) {
            schema.put("maxLength", Params.MAX_TEXT);
        }
        m.put("schema", schema);
        return m;
    }
}
