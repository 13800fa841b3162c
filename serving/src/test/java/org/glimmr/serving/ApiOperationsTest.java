package org.glimmr.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.glimmr.serving.TestingApi.bearer;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import org.glimmr.common.testing.TestingCli;
import org.glimmr.serving.auth.Role;
import org.glimmr.serving.http.ApiRoute;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rate limits, CORS, the OpenAPI document against the registered routes, metrics, CSV export and the key commands. */
class ApiOperationsTest {
    static TestingApi api;

    @BeforeAll
    static void start() throws Exception {
        api = TestingApi.start(Map.of("GLIMMR_API_RATE_LIMIT", "5", "GLIMMR_API_CORS_ORIGINS", "https://prices.example.org"));
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
    }

    @Test
    void aKeyOverItsRateGets429WithRetryAfterAndOtherKeysAreNotAffected() {
        String slow = api.createKey("slow", Role.VIEWER, OptionalInt.of(2));
        int ok = 0;
        TestingApi.Response limited = null;
        for (int i = 0; i < 20 && limited == null; i++) {
            TestingApi.Response r = api.get("/api/v1/payers", "X-API-Key", slow);
            if (r.status() == 429) {
                limited = r;
            } else {
                assertThat(r.status()).isEqualTo(200);
                ok++;
            }
        }
        assertThat(limited).as("the key's own limit of 2/s (burst 4) is reached").isNotNull();
        assertThat(ok).isBetween(4, 6);
        assertThat(limited.header("Retry-After")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isBetween(1, 2));
        assertThat(limited.contentType()).startsWith("application/problem+json");
        assertThat(limited.json().get("detail").asText()).contains("Retry-After");
        // another key has its own bucket
        assertThat(api.get("/api/v1/payers", "X-API-Key", api.viewerKey).status()).isEqualTo(200);
    }

    @Test
    void corsAnswersOnlyTheConfiguredOrigins() {
        TestingApi.Response allowed = api.get("/api/v1/payers", "X-API-Key", api.analystKey, "Origin", "https://prices.example.org");
        assertThat(allowed.header("Access-Control-Allow-Origin")).contains("https://prices.example.org");
        TestingApi.Response other = api.get("/api/v1/payers", "X-API-Key", api.analystKey, "Origin", "https://evil.example.com");
        assertThat(other.header("Access-Control-Allow-Origin")).isEmpty();
        TestingApi.Response preflight = api.send("OPTIONS", "/api/v1/prices", null, "Origin", "https://prices.example.org",
                "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "authorization");
        assertThat(preflight.status()).isEqualTo(204);
        assertThat(preflight.header("Access-Control-Allow-Headers")).hasValueSatisfying(h -> assertThat(h).contains("Authorization"));
    }

    @Test
    void theOpenApiDocumentCoversExactlyTheRegisteredRoutes() {
        JsonNode doc = api.get("/openapi.json").json();
        assertThat(doc.get("openapi").asText()).startsWith("3.1");
        Set<String> documented = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> p = paths.next();
            p.getValue().fieldNames().forEachRemaining(m -> documented.add(m.toUpperCase(java.util.Locale.ROOT) + " " + p.getKey()));
        }
        Set<String> registered = new TreeSet<>(api.server.registeredHandlers());
        assertThat(documented).isEqualTo(registered);
        assertThat(registered).hasSizeGreaterThanOrEqualTo(19);
        // every documented query parameter is accepted, and every path parameter is declared
        for (ApiRoute r : api.server.routes()) {
            JsonNode op = doc.get("paths").get(r.path()).get(r.method().name().toLowerCase(java.util.Locale.ROOT));
            List<String> names = new ArrayList<>();
            op.get("parameters").forEach(p -> names.add(p.get("name").asText()));
            assertThat(names).as(r.path()).containsAll(ApiRoute.pathParamNames(r.path())).containsAll(r.queryParamNames());
            assertThat(op.get("x-glimmr-role").asText()).isNotBlank();
        }
        // the comparable-group filters, wherever rates or their statistics are read
        for (String route : List.of("/api/v1/prices", "/api/v1/hospitals/{id}/prices", "/api/v1/hospitals/{id}/codes",
                "/api/v1/codes/{codeType}/{code}/stats", "/api/v1/codes/{codeType}/{code}/hospitals", "/api/v1/exports/rates.csv")) {
            Map<String, JsonNode> params = new java.util.HashMap<>();
            doc.get("paths").get(route).get("get").get("parameters").forEach(p -> params.put(p.get("name").asText(), p));
            assertThat(params).as(route).containsKeys("billing_class", "modifiers");
            assertThat(params.get("billing_class").get("schema").get("enum")).extracting(JsonNode::asText)
                    .containsExactly("professional", "facility", "both", "unknown");
            assertThat(params.get("modifiers").get("description").asText()).contains("none").contains("26,TC");
        }
        TestingApi.Response docs = api.get("/docs");
        assertThat(docs.body()).contains("swagger-ui-bundle.js").contains("/openapi.json");
        String bundle = docs.body().replaceAll("(?s).*src=\"([^\"]+swagger-ui-bundle.js)\".*", "$1");
        assertThat(api.get(bundle).status()).as(bundle).isEqualTo(200);
    }

    @Test
    void metricsAreInPrometheusFormatForAdmins() {
        api.get("/api/v1/payers", "X-API-Key", api.viewerKey);
        TestingApi.Response m = api.get("/metrics", "X-API-Key", api.adminKey);
        assertThat(m.status()).isEqualTo(200);
        assertThat(m.body()).contains("glimmr_http_requests_seconds_count{method=\"GET\",route=\"/api/v1/payers\",status=\"200\"}")
                .contains("hikaricp_connections_active").contains("jvm_memory_used_bytes");
    }

    @Test
    void analystsStreamCsvWithExactAmounts() {
        TestingApi.Response csv = api.get("/api/v1/exports/rates.csv?code_type=CPT&code=99213", "X-API-Key", api.analystKey);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        String[] lines = csv.body().split("\r\n");
        assertThat(lines[0]).startsWith("rate_id,hospital_id,hospital_name,").contains(",billing_class,modifiers,description,");
        assertThat(lines).hasSize(8);
        assertThat(csv.body()).contains(",1234567.891234,").contains(",derived,").contains("\"Office visit, established patient, 20-29 minutes\"")
                .contains(",professional,\"25,GT\",").contains(",facility,,");
        // by hospital, then rate id (a rate id numbers one hospital's rates)
        assertThat(java.util.Arrays.stream(lines).skip(1).map(l -> l.split(",")[1] + "/" + l.split(",")[0]))
                .containsExactly("h-ny-1/1", "h-ny-1/2", "h-or-1/1", "h-or-1/2", "h-or-1/3", "h-or-2/1", "h-or-2/2");
    }

    @Test
    void apikeyCommandsCreateListAndRejectBadInput() {
        TestingCli.Result create = apikey("create", "--name", "cli analyst", "--role", "analyst");
        assertThat(create.exit()).as(create.err()).isZero();
        String key = create.out().trim();
        assertThat(key).matches("glmr_[0-9a-f]{12}_[A-Za-z0-9_-]{43}");
        assertThat(api.get("/api/v1/exports/rates.csv?hospital_id=h-or-2", "X-API-Key", key).status()).isEqualTo(200);
        TestingCli.Result list = apikey("list");
        assertThat(list.exit()).isZero();
        assertThat(list.out()).contains(key.substring(5, 17)).contains("cli analyst").doesNotContain(key.substring(18));
        TestingCli.Result badRole = apikey("create", "--name", "x", "--role", "root");
        assertThat(badRole.exit()).isEqualTo(64);
        assertThat(badRole.err()).contains("glimmr: error: --role root is not a role");
        TestingCli.Result unknown = apikey("revoke", "ffffffffffff");
        assertThat(unknown.exit()).isEqualTo(64);
        assertThat(unknown.err()).contains("there is no API key 'ffffffffffff'");
    }

    private static TestingCli.Result apikey(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "apikey";
        System.arraycopy(args, 0, all, 1, args.length);
        return TestingCli.run(GlimmrServing.commandLine(api.config), all);
    }

    @Test
    void serveStartsFromTheCommandLineAndPrintsReadyCurlLines() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintWriter w = new PrintWriter(out, true, StandardCharsets.UTF_8);
        GlimmrServing.printReady(w, api.server, java.util.Optional.of("glmr_demo"));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(api.server.baseUri() + "/docs")
                .contains("curl -s -H 'Authorization: Bearer glmr_demo' '" + api.server.baseUri() + "/api/v1/prices?code_type=CPT&code=99213");
        assertThat(api.get("/api/v1/prices?code_type=CPT&code=99213", "Authorization", bearer(api.viewerKey)).status()).isEqualTo(200);
    }
}
