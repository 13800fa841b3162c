package org.glimmr.serving.routes;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.glimmr.serving.auth.ApiKeys;
import org.glimmr.serving.auth.Authenticator;
import org.glimmr.serving.auth.JwtTokens;
import org.glimmr.serving.auth.Principal;
import org.glimmr.serving.auth.Role;
import org.glimmr.serving.data.AuditLog;
import org.glimmr.serving.http.Access;
import org.glimmr.serving.http.ApiErrors;
import org.glimmr.serving.http.ApiParam;
import org.glimmr.serving.http.ApiRoute;
import org.glimmr.serving.http.Cursor;
import org.glimmr.serving.http.Guard;
import org.glimmr.serving.http.JsonBody;
import org.glimmr.serving.http.Params;
import org.glimmr.serving.http.Problem;
import org.glimmr.serving.http.RequestIds;
import org.glimmr.serving.http.RouteGroup;

/** Keys and the audit log (admins), and exchanging an API key for a 24-hour JWT (any key holder). */
public final class AdminRoutes implements RouteGroup {
    private static final int MAX_BODY = 4096;
    private static final Set<String> KEY_FIELDS = Set.of("name", "role", "rate_limit");

    private final ApiKeys keys;
    private final AuditLog audit;
    private final Authenticator authenticator;
    private final Optional<JwtTokens> jwt;

    public AdminRoutes(ApiKeys keys, AuditLog audit, Authenticator authenticator, Optional<JwtTokens> jwt) {
        this.keys = requireNonNull(keys, "keys is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.authenticator = requireNonNull(authenticator, "authenticator is null");
        this.jwt = requireNonNull(jwt, "jwt is null");
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.get("/api/v1/admin/keys", Access.ADMIN, "admin", "API keys (never their secrets)", List.of(), this::listKeys),
                new ApiRoute(HandlerType.POST, "/api/v1/admin/keys", Access.ADMIN, "admin",
                        "Create a key: body {\"name\": …, \"role\": viewer|analyst|admin, \"rate_limit\": n}; the key is shown once",
                        ApiRoute.JSON, List.of(), this::createKey),
                new ApiRoute(HandlerType.DELETE, "/api/v1/admin/keys/{keyId}", Access.ADMIN, "admin", "Revoke a key", ApiRoute.JSON,
                        List.of(ApiParam.path("keyId", "the key id (12 hex digits)")), this::revokeKey),
                ApiRoute.get("/api/v1/admin/audit", Access.ADMIN, "admin", "The audit log, newest first", ApiParam.paging(100, 1000),
                        this::auditLog),
                new ApiRoute(HandlerType.POST, "/api/v1/auth/token", Access.VIEWER, "auth",
                        "A JWT valid 24 hours with the caller's role, for an API key holder", ApiRoute.JSON, List.of(), this::issueToken));
    }

    private void listKeys(Context ctx) {
        ctx.json(Map.of("data", keys.list().stream().map(ApiKeys.ApiKey::describe).toList()));
    }

    private void createKey(Context ctx) {
        JsonNode body = jsonBody(ctx);
        String name = text(body, "name").filter(s -> !s.isBlank() && s.length() <= 100).orElseThrow(() -> Problem.badRequest(
                "field 'name' is missing or longer than 100 characters. Fix: send {\"name\": \"who uses the key\", \"role\": \"viewer\"}."));
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw Problem.badRequest("field 'name' contains control characters. Fix: send printable text only.");
        }
        Role role = text(body, "role").map(r -> Role.parse(r).orElseThrow(() -> Problem.badRequest("field 'role' = '"
                + r + "' is not a role. Fix: use viewer, analyst or admin."))).orElse(Role.VIEWER);
        OptionalInt rateLimit = OptionalInt.empty();
        if (body.hasNonNull("rate_limit")) {
            JsonNode n = body.get("rate_limit");
            if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < 0) {
                throw Problem.badRequest("field 'rate_limit' is not a whole number from 0 to 2147483647. Fix: send requests"
                        + " per second (0 = no limit), or leave it out for the server default.");
            }
            rateLimit = OptionalInt.of(n.asInt());
        }
        ApiKeys.Created created = keys.create(name, role, rateLimit, Guard.principal(ctx).id(), Optional.of(RequestIds.get(ctx)));
        Map<String, Object> out = new LinkedHashMap<>(created.key().describe());
        out.put("api_key", created.token());
        ctx.status(201).json(out);
    }

    private void revokeKey(Context ctx) {
        String keyId = new Params(ctx).path("keyId");
        ApiKeys.ApiKey key = keys.revoke(keyId, Guard.principal(ctx).id(), Optional.of(RequestIds.get(ctx)))
                .orElseThrow(() -> Problem.notFound("there is no API key '" + ApiErrors.safe(keyId)
                        + "'. Fix: list keys with GET /api/v1/admin/keys."));
        authenticator.forget(keyId);
        ctx.json(key.describe());
    }

    private void auditLog(Context ctx) {
        Params p = new Params(ctx);
        int limit = p.integer("limit", 100, 1, 1000);
        String fp = Cursor.fingerprint("audit");
        long before = Cursor.decode(p.text("cursor"), fp, 1).map(c -> {
            try {
                return Long.parseLong(c.keys().get(0));
            } catch (NumberFormatException e) {
                throw Cursor.invalid(c.keys().get(0));
            }
        }).orElse(Long.MAX_VALUE);
        // the audit log is appended to, never reloaded: its cursors need no load
        ctx.json(Page.of(audit.page(before, limit + 1), limit, row -> new Cursor(fp, "", List.of(String.valueOf(row.get("id"))))));
    }

    private void issueToken(Context ctx) {
        Principal principal = Guard.principal(ctx);
        if (!principal.id().startsWith("key:")) {
            throw Problem.forbidden("tokens are issued for API keys only. Fix: call this with your API key.");
        }
        JwtTokens tokens = jwt.orElseThrow(() -> Problem.unavailable("this server issues no tokens: GLIMMR_JWT_SECRET is not"
                + " set. Fix: use the API key itself, or ask the operator to set GLIMMR_JWT_SECRET."));
        Instant now = Instant.now();
        String token = tokens.issue(principal.id(), principal.role(), now);
        audit.record(principal.id(), "token.issue", principal.id(), Optional.of(RequestIds.get(ctx)), Map.of("role", principal.role().wireName()));
        ctx.json(Map.of("access_token", token, "token_type", "Bearer", "expires_in", JwtTokens.MAX_LIFETIME.toSeconds(),
                "role", principal.role().wireName()));
    }

    private static JsonNode jsonBody(Context ctx) {
        String example = "{\"name\": …, \"role\": …}";
        return JsonBody.object(ctx, MAX_BODY, KEY_FIELDS, example).orElseThrow(() -> Problem.badRequest("the body is empty."
                + " Fix: send " + example + "."));
    }

    private static Optional<String> text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isTextual()) {
            throw Problem.badRequest("field '" + field + "' is not a string. Fix: send it as a JSON string.");
        }
        return Optional.of(n.asText());
    }
}
