package org.glimmr.serving;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.common.db.GlimmrDatabase;
import org.glimmr.common.testing.TestingPorts;
import org.glimmr.serving.auth.ApiKeys;
import org.glimmr.serving.auth.Role;
import org.glimmr.serving.data.AuditLog;
import org.glimmr.serving.data.Db;
import org.glimmr.serving.data.Json;

/**
 * A real API for tests: an embedded PostgreSQL in a temporary data directory on a free port, migrated and loaded
 * with {@code fixtures/curated.sql}, and the API started in-process on another free port, with one key per role.
 */
final class TestingApi implements AutoCloseable {
    static final String JWT_SECRET = "test-secret-that-is-long-enough-for-hs256-0123456789";

    final Path dir;
    final GlimmrConfig config;
    final GlimmrDatabase database;
    final ApiServer server;
    final String viewerKey;
    final String analystKey;
    final String adminKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestingApi(Map<String, String> env) throws Exception {
        dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "glimmr-api");
        Map<String, String> all = new HashMap<>();
        all.put("GLIMMR_DB_EMBEDDED_PORT", String.valueOf(TestingPorts.free()));
        all.put("GLIMMR_API_PORT", String.valueOf(TestingPorts.free()));
        all.put("GLIMMR_JWT_SECRET", JWT_SECRET);
        all.put("GLIMMR_API_KEY_CACHE_SECONDS", "0");
        all.put("GLIMMR_API_RATE_LIMIT", "0");
        all.putAll(env);
        config = GlimmrConfig.load(all, dir);
        database = GlimmrDatabase.open(config);
        try (Connection c = database.connect(); Statement st = c.createStatement();
             InputStream in = TestingApi.class.getResourceAsStream("/fixtures/curated.sql")) {
            st.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        server = ApiServer.start(config, database);
        viewerKey = createKey("viewer", Role.VIEWER, OptionalInt.empty());
        analystKey = createKey("analyst", Role.ANALYST, OptionalInt.empty());
        adminKey = createKey("admin", Role.ADMIN, OptionalInt.empty());
    }

    static TestingApi start() throws Exception {
        return new TestingApi(Map.of());
    }

    static TestingApi start(Map<String, String> env) throws Exception {
        return new TestingApi(env);
    }

    String createKey(String name, Role role, OptionalInt rateLimit) {
        try (Db db = new Db(database, config.api(), new io.micrometer.core.instrument.simple.SimpleMeterRegistry())) {
            return new ApiKeys(db, new AuditLog(db)).create(name, role, rateLimit, "test", Optional.empty()).token();
        }
    }

    record Response(int status, HttpResponse<String> raw) {
        String body() {
            return raw.body();
        }

        JsonNode json() {
            return Json.parse(raw.body());
        }

        Optional<String> header(String name) {
            return raw.headers().firstValue(name);
        }

        String contentType() {
            return header("Content-Type").orElse("");
        }
    }

    Response get(String pathAndQuery, String... headers) {
        return send("GET", pathAndQuery, null, headers);
    }

    Response send(String method, String pathAndQuery, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUri() + pathAndQuery)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String bearer(String credential) {
        return "Bearer " + credential;
    }


    @Override
    public void close() throws IOException {
        server.close();
        database.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
