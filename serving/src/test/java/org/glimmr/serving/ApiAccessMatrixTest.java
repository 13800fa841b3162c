package org.glimmr.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.glimmr.serving.TestingApi.bearer;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.glimmr.common.testing.TestingCli;
import org.glimmr.serving.auth.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The role × endpoint matrix: every kind of caller against one route of every access level, each cell the status
 * designed for it (200, 401 or 403), and every refusal problem JSON. The revoked key is revoked through the real
 * command line ({@code apikey revoke}).
 */
class ApiAccessMatrixTest {
    static TestingApi api;
    static Map<String, String[]> callers = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        api = TestingApi.start();
        String revoked = api.createKey("to be revoked", Role.ADMIN, OptionalInt.empty());
        String keyId = revoked.substring(5, 17);
        TestingCli.Result revoke = TestingCli.run(GlimmrServing.commandLine(api.config), "apikey", "revoke", keyId);
        assertThat(revoke.exit()).as(revoke.err()).isZero();
        assertThat(revoke.out()).contains("revoked " + keyId);

        Algorithm hs = Algorithm.HMAC256(TestingApi.JWT_SECRET);
        Instant now = Instant.now();
        String analystJwt = api.send("POST", "/api/v1/auth/token", null, "Authorization", bearer(api.analystKey)).json()
                .get("access_token").asText();
        String expired = JWT.create().withIssuer("glimmr").withAudience("glimmr-api").withSubject("old").withClaim("role", "admin")
                .withIssuedAt(now.minus(Duration.ofHours(30))).withExpiresAt(now.minus(Duration.ofHours(6))).sign(hs);
        String wrongSignature = JWT.create().withIssuer("glimmr").withAudience("glimmr-api").withSubject("mallory").withClaim("role", "admin")
                .withIssuedAt(now).withExpiresAt(now.plus(Duration.ofHours(1))).sign(Algorithm.HMAC256("another-secret-that-is-long-enough-0123456789"));
        String tooLong = JWT.create().withIssuer("glimmr").withAudience("glimmr-api").withSubject("x").withClaim("role", "viewer")
                .withIssuedAt(now).withExpiresAt(now.plus(Duration.ofDays(30))).sign(hs);
        String wrongAudience = JWT.create().withIssuer("glimmr").withAudience("someone-else").withSubject("x").withClaim("role", "viewer")
                .withIssuedAt(now).withExpiresAt(now.plus(Duration.ofHours(1))).sign(hs);

        callers.put("anonymous", new String[0]);
        callers.put("viewer", new String[] {"Authorization", bearer(api.viewerKey)});
        callers.put("analyst", new String[] {"X-API-Key", api.analystKey});
        callers.put("admin", new String[] {"Authorization", bearer(api.adminKey)});
        callers.put("analyst jwt", new String[] {"Authorization", bearer(analystJwt)});
        callers.put("expired token", new String[] {"Authorization", bearer(expired)});
        callers.put("wrong signature", new String[] {"Authorization", bearer(wrongSignature)});
        callers.put("token over 24 h", new String[] {"Authorization", bearer(tooLong)});
        callers.put("wrong audience", new String[] {"Authorization", bearer(wrongAudience)});
        callers.put("revoked key", new String[] {"Authorization", bearer(revoked)});
        callers.put("unknown key", new String[] {"X-API-Key", "glmr_000000000000_" + "A".repeat(43)});
        callers.put("garbage", new String[] {"Authorization", "Basic dXNlcjpwYXNz"});
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
    }

    record Route(String method, String path) {}

    @Test
    void everyCallerGetsWhatItsRoleAllows() {
        List<Route> publicRoutes = List.of(new Route("GET", "/health"), new Route("GET", "/openapi.json"), new Route("GET", "/docs"));
        List<Route> viewerRoutes = List.of(new Route("GET", "/api/v1/hospitals"), new Route("GET", "/api/v1/hospitals/h-or-1"),
                new Route("GET", "/api/v1/hospitals/h-or-1/prices"), new Route("GET", "/api/v1/hospitals/h-or-1/codes"),
                new Route("GET", "/api/v1/prices?code_type=CPT&code=99213"), new Route("GET", "/api/v1/codes/CPT/99213/stats"),
                new Route("GET", "/api/v1/codes/CPT/99213/hospitals"), new Route("GET", "/api/v1/codes/search?q=visit"),
                new Route("GET", "/api/v1/payers"), new Route("GET", "/api/v1/files"),
                new Route("GET", "/api/v1/files/aaaa000000000000000000000000000000000000000000000000000000000001"));
        List<Route> analystRoutes = List.of(new Route("GET", "/api/v1/exports/rates.csv?code_type=CPT&code=99213"));
        List<Route> adminRoutes = List.of(new Route("GET", "/api/v1/admin/keys"), new Route("GET", "/api/v1/admin/audit"),
                new Route("GET", "/metrics"));
        Map<String, Integer> levelOf = Map.of("viewer", 1, "analyst", 2, "analyst jwt", 2, "admin", 3);

        int cells = 0;
        for (Map.Entry<String, String[]> caller : callers.entrySet()) {
            int level = levelOf.getOrDefault(caller.getKey(), 0);
            boolean badCredentials = level == 0 && !caller.getKey().equals("anonymous");
            for (Route r : publicRoutes) {
                assertCell(caller, r, 200);
                cells++;
            }
            for (Route r : viewerRoutes) {
                assertCell(caller, r, level >= 1 ? 200 : 401);
                cells++;
            }
            for (Route r : analystRoutes) {
                assertCell(caller, r, level >= 2 ? 200 : level == 1 ? 403 : 401);
                cells++;
            }
            for (Route r : adminRoutes) {
                assertCell(caller, r, level >= 3 ? 200 : level >= 1 ? 403 : 401);
                cells++;
            }
            if (badCredentials) {
                // the reason is in the problem detail
                String detail = api.get("/api/v1/payers", caller.getValue()).json().get("detail").asText();
                switch (caller.getKey()) {
                    case "expired token" -> assertThat(detail).contains("expired");
                    case "wrong signature" -> assertThat(detail).contains("signature");
                    case "token over 24 h" -> assertThat(detail).contains("24");
                    case "revoked key" -> assertThat(detail).contains("revoked");
                    case "unknown key" -> assertThat(detail).contains("not known");
                    default -> assertThat(detail).isNotBlank();
                }
            }
        }
        assertThat(cells).isEqualTo(callers.size() * 18);
    }

    private static void assertCell(Map.Entry<String, String[]> caller, Route r, int expected) {
        TestingApi.Response resp = api.send(r.method(), r.path(), null, caller.getValue());
        assertThat(resp.status()).as(caller.getKey() + " " + r.method() + " " + r.path() + ": " + resp.body()).isEqualTo(expected);
        if (expected >= 400) {
            assertThat(resp.contentType()).startsWith("application/problem+json");
            assertThat(resp.json().get("status").asInt()).isEqualTo(expected);
        }
        if (expected == 401) {
            assertThat(resp.header("WWW-Authenticate")).isPresent();
        }
    }

    @Test
    void anonymousReadsWhenConfiguredButNeverAdministers() throws Exception {
        try (TestingApi open = TestingApi.start(Map.of("GLIMMR_API_ANONYMOUS", "true"))) {
            assertThat(open.get("/api/v1/payers").status()).isEqualTo(200);
            assertThat(open.get("/api/v1/exports/rates.csv?code_type=CPT&code=99213").status()).isEqualTo(401);
            assertThat(open.get("/api/v1/admin/keys").status()).isEqualTo(401);
        }
    }

    @Test
    void adminsManageKeysOverHttpAndEveryActionIsAudited() {
        String[] admin = {"Authorization", bearer(api.adminKey)};
        TestingApi.Response created = api.send("POST", "/api/v1/admin/keys", "{\"name\":\"newsroom\",\"role\":\"analyst\",\"rate_limit\":7}",
                "Content-Type", "application/json", admin[0], admin[1]);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String key = created.json().get("api_key").asText();
        String keyId = created.json().get("key_id").asText();
        assertThat(api.get("/api/v1/exports/rates.csv?hospital_id=h-ny-1", "X-API-Key", key).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/admin/keys", admin).body()).contains(keyId).doesNotContain(key.substring(18));
        assertThat(api.send("DELETE", "/api/v1/admin/keys/" + keyId, null, admin).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/payers", "X-API-Key", key).status()).isEqualTo(401);
        assertThat(api.send("DELETE", "/api/v1/admin/keys/ffffffffffff", null, admin).status()).isEqualTo(404);
        String audit = api.get("/api/v1/admin/audit?limit=1000", admin).body();
        assertThat(audit).contains("\"action\":\"apikey.create\"").contains("\"action\":\"apikey.revoke\"")
                .contains("\"action\":\"export.rates\"").contains("\"action\":\"token.issue\"").contains(keyId);
    }
}
