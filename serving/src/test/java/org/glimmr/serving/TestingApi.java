package org.glimmr.serving;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
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
import java.util.Locale;
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

    /** Runs statements against the API's database in one transaction (say, to swap in a new load as an export does). */
    void sql(String... statements) throws java.sql.SQLException {
        try (Connection c = database.connect()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                for (String statement : statements) {
                    st.execute(statement);
                }
            }
            c.commit();
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
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String bearer(String credential) {
        return "Bearer " + credential;
    }

    /** A page's rates as {@code hospital_id/rate_id}: a rate id numbers one hospital's rates, so both name a rate. */
    static java.util.List<String> rates(JsonNode page) {
        java.util.List<String> rates = new java.util.ArrayList<>();
        page.get("data").forEach(n -> rates.add(n.get("hospital_id").asText() + "/" + n.get("rate_id").asLong()));
        return rates;
    }

    /** An answer read off the socket: status, headers (names in lower case) and body. */
    record Raw(int status, Map<String, String> headers, String body) {
        JsonNode json() {
            return Json.parse(body);
        }

        String contentType() {
            return headers.getOrDefault("content-type", "");
        }
    }

    /**
     * A request written by hand on a socket from {@code fromAddress} (any loopback address, 127.x.y.z): even requests a
     * client library refuses to build reach the server, and each source address is a client of its own. HTTP/1.0, so
     * the server closes the connection after its answer; {@code body} (if not null) is sent with its Content-Length.
     */
    Raw raw(String fromAddress, String method, String target, byte[] body, String... headers) {
        StringBuilder req = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.0\r\nHost: 127.0.0.1\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            req.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        if (body != null) {
            req.append("Content-Length: ").append(body.length).append("\r\n");
        }
        req.append("\r\n");
        byte[] head = req.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = body == null ? head : java.util.Arrays.copyOf(head, head.length + body.length);
        if (body != null) {
            System.arraycopy(body, 0, request, head.length, body.length);
        }
        return raw(fromAddress, request, method + " " + target);
    }

    /** Any bytes as a request (a broken request line, say), read until the server closes the connection. */
    Raw raw(String fromAddress, byte[] request, String what) {
        try (Socket s = new Socket(InetAddress.getByName("127.0.0.1"), server.port(), InetAddress.getByName(fromAddress), 0)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            // written beside the reading: a server may answer (say 413) and close before it has read a large body
            Thread writer = new Thread(() -> {
                try {
                    out.write(request);
                    out.flush();
                } catch (IOException e) {
                    // the answer is what counts; it is read below
                }
            }, "raw-request-writer");
            writer.start();
            String text = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            writer.join(30_000);
            int split = text.indexOf("\r\n\r\n");
            if (split < 0) {
                throw new AssertionError(what + ": no HTTP answer, got '" + text + "'");
            }
            String[] head = text.substring(0, split).split("\r\n");
            Map<String, String> names = new HashMap<>();
            for (int i = 1; i < head.length; i++) {
                int colon = head[i].indexOf(':');
                names.put(head[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), head[i].substring(colon + 1).trim());
            }
            return new Raw(Integer.parseInt(head[0].split(" ")[1]), names, text.substring(split + 4));
        } catch (IOException e) {
            throw new UncheckedIOException(what + " from " + fromAddress, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
