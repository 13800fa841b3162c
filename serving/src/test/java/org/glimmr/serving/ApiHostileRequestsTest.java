package org.glimmr.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.glimmr.serving.data.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hundreds of malformed and hostile requests, sent as raw HTTP on a socket (so even requests a client library
 * refuses to build reach the server): each gets a 4xx RFC 9457 problem JSON, never a 500, and the data is intact.
 */
class ApiHostileRequestsTest {
    static TestingApi api;

    @BeforeAll
    static void start() throws Exception {
        api = TestingApi.start();
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
    }

    record Raw(int status, Map<String, String> headers, String body) {}

    record Hostile(String method, String target, String body, boolean authenticated) {}

    static final List<String> INJECTIONS = List.of("'%20OR%201=1--", "%22;%20drop%20table%20curated.hospitals;--", "%27", "%3Cscript%3E",
            "..%2F..%2Fetc%2Fpasswd", "$%7Bjndi:ldap://x%7D", "%00", "%E2%80%AE", "%F0%9F%92%A5", "a%0d%0aX-Injected:%201", "%25%25");
    static final List<String> BAD_NUMBERS = List.of("-1", "0", "1.5", "abc", "99999999999999999999", "1e3", "0x10", "%20", "9999999",
            "-2147483649", "%2B5", "NaN");

    @Test
    void everyHostileRequestGetsA4xxProblem() throws Exception {
        List<Hostile> requests = new ArrayList<>();
        // bad numbers on every paged route
        for (String route : List.of("/api/v1/hospitals?", "/api/v1/prices?code_type=CPT&code=99213&", "/api/v1/payers?", "/api/v1/files?",
                "/api/v1/hospitals/h-or-1/prices?", "/api/v1/hospitals/h-or-1/codes?", "/api/v1/admin/audit?",
                "/api/v1/codes/CPT/99213/stats?", "/api/v1/codes/search?q=x&")) {
            for (String n : BAD_NUMBERS) {
                requests.add(new Hostile("GET", route + "limit=" + n, null, true));
            }
        }
        for (String n : BAD_NUMBERS) {
            requests.add(new Hostile("GET", "/api/v1/files/aaaa000000000000000000000000000000000000000000000000000000000001?findings_limit=" + n, null, true));
        }
        // injection strings where a value has a shape (state, setting, sort, measure, geography, sha, cursor) or names a thing
        for (String s : INJECTIONS) {
            requests.add(new Hostile("GET", "/api/v1/prices?code_type=CPT&code=99213&state=" + s, null, true));
            requests.add(new Hostile("GET", "/api/v1/prices?code_type=CPT&code=99213&setting=" + s, null, true));
            requests.add(new Hostile("GET", "/api/v1/prices?code_type=CPT&code=99213&sort=" + s, null, true));
            requests.add(new Hostile("GET", "/api/v1/prices?code_type=CPT&code=99213&cursor=" + s, null, true));
            requests.add(new Hostile("GET", "/api/v1/hospitals?state=" + s, null, true));
            requests.add(new Hostile("GET", "/api/v1/codes/CPT/99213/stats?measure=" + s, null, true));
            requests.add(new Hostile("GET", "/api/v1/codes/CPT/99213/stats?geography=" + s, null, true));
            requests.add(new Hostile("GET", "/api/v1/files/" + s, null, true));
            requests.add(new Hostile("GET", "/api/v1/hospitals/" + s, null, true));
            requests.add(new Hostile("GET", "/api/v1/files?status=" + s, null, true));
            requests.add(new Hostile("GET", "/api/v1/hospitals?" + s + "=1", null, true));
        }
        // missing, duplicated, unknown, half-given and oversized parameters
        requests.add(new Hostile("GET", "/api/v1/prices", null, true));
        requests.add(new Hostile("GET", "/api/v1/prices?code=99213", null, true));
        requests.add(new Hostile("GET", "/api/v1/prices?code_type=CPT", null, true));
        requests.add(new Hostile("GET", "/api/v1/prices?code_type=CPT&code=99213&limit=1&limit=2", null, true));
        requests.add(new Hostile("GET", "/api/v1/prices?code_type=CPT&code=99213&foo=bar", null, true));
        requests.add(new Hostile("GET", "/api/v1/prices?code_type=CPT&code=99213&LIMIT=5", null, true));
        requests.add(new Hostile("GET", "/api/v1/prices?code_type=CPT&code=" + "9".repeat(201), null, true));
        requests.add(new Hostile("GET", "/api/v1/codes/search", null, true));
        requests.add(new Hostile("GET", "/api/v1/codes/search?q=" + "x".repeat(5000), null, true));
        requests.add(new Hostile("GET", "/api/v1/hospitals/h-or-1/prices?code=99213", null, true));
        requests.add(new Hostile("GET", "/api/v1/exports/rates.csv", null, true));
        requests.add(new Hostile("GET", "/api/v1/exports/rates.csv?state=OR", null, true));
        requests.add(new Hostile("GET", "/api/v1/hospitals?q=" + "%41".repeat(3000), null, true));
        requests.add(new Hostile("GET", "/api/v1/hospitals?q=tab%09here", null, true));
        // bad cursors: not base64, base64 of junk, another route's, tampered keys, a huge decimal
        String good = api.get("/api/v1/prices?code_type=CPT&code=99213&limit=1", "X-API-Key", api.adminKey).json().get("next_cursor").asText();
        String hospitalsCursor = api.get("/api/v1/hospitals?limit=1", "X-API-Key", api.adminKey).json().get("next_cursor").asText();
        String[] parts = new String(Base64.getUrlDecoder().decode(good), StandardCharsets.UTF_8).split("\u001f", -1);
        for (String key : List.of("1e999999999", "99999999999999999999.5", "abc", "-", "0.0000001")) {
            String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    (parts[0] + "\u001f" + parts[1] + "\u001f" + key + "\u001f" + parts[3]).getBytes(StandardCharsets.UTF_8));
            requests.add(new Hostile("GET", "/api/v1/prices?code_type=CPT&code=99213&cursor=" + forged, null, true));
        }
        String forgedId = Base64.getUrlEncoder().withoutPadding().encodeToString(
                (parts[0] + "\u001f" + parts[1] + "\u001f" + parts[2] + "\u001f" + "99999999999999999999").getBytes(StandardCharsets.UTF_8));
        requests.add(new Hostile("GET", "/api/v1/prices?code_type=CPT&code=99213&cursor=" + forgedId, null, true));
        for (String c : List.of("!!!!", "AAAA", Base64.getUrlEncoder().encodeToString("hello".getBytes(StandardCharsets.UTF_8)), hospitalsCursor,
                good.substring(0, good.length() - 3), good + "AA")) {
            requests.add(new Hostile("GET", "/api/v1/prices?code_type=CPT&code=99213&cursor=" + c, null, true));
            requests.add(new Hostile("GET", "/api/v1/payers?cursor=" + c, null, true));
            requests.add(new Hostile("GET", "/api/v1/admin/audit?cursor=" + c, null, true));
        }
        // wrong methods and unknown paths
        for (String route : List.of("/api/v1/hospitals", "/api/v1/prices", "/api/v1/payers", "/health", "/openapi.json", "/api/v1/files")) {
            for (String m : List.of("POST", "PUT", "DELETE", "PATCH")) {
                requests.add(new Hostile(m, route, null, true));
            }
        }
        requests.add(new Hostile("GET", "/api/v1/auth/token", null, true));
        requests.add(new Hostile("PUT", "/api/v1/admin/keys", null, true));
        for (String path : List.of("/", "/api", "/api/v2/prices", "/api/v1/hospital", "/api/v1/hospitals/h-or-1/nothing", "/admin",
                "/.env", "/api/v1/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/api/v1/hospitals/%zz", "/webjars/../pom.xml",
                "/api/v1/codes/CPT", "/metrics/x")) {
            requests.add(new Hostile("GET", path, null, true));
        }
        // bad bodies for key creation
        for (String body : List.of("{", "[]", "null", "\"x\"", "{\"name\":5}", "{\"name\":\"\"}", "{\"name\":\"x\",\"role\":\"root\"}",
                "{\"name\":\"x\",\"rate_limit\":-1}", "{\"name\":\"x\",\"rate_limit\":1.5}", "{\"name\":\"x\",\"rate_limit\":\"10\"}",
                "{\"name\":\"" + "n".repeat(101) + "\"}", "{\"name\":\"x\",\"rate_limit\":99999999999}", "{\"name\":\"x\"" + " ".repeat(5000) + "}",
                "x".repeat(70_000))) {
            requests.add(new Hostile("POST", "/api/v1/admin/keys", body, true));
        }
        // unauthenticated and badly authenticated hostile requests
        for (String s : INJECTIONS) {
            requests.add(new Hostile("GET", "/api/v1/prices?code_type=CPT&code=" + s, null, false));
        }

        int checked = 0;
        for (Hostile h : requests) {
            Raw r = send(h);
            String what = h.method() + " " + h.target() + " -> " + r.status() + " " + r.body();
            assertThat(r.status()).as(what).isBetween(400, 499);
            assertThat(r.headers().getOrDefault("content-type", "")).as(what).startsWith("application/problem+json");
            JsonNode p = Json.parse(r.body());
            assertThat(p.get("status").asInt()).as(what).isEqualTo(r.status());
            assertThat(p.get("type").asText()).as(what).startsWith("https://");
            assertThat(p.get("detail").asText()).as(what).isNotBlank().doesNotContain("Exception").doesNotContain("SQL");
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(200);
        // and nothing was dropped or changed
        assertThat(api.get("/api/v1/hospitals", "X-API-Key", api.adminKey).json().get("data")).hasSize(3);
    }

    @Test
    void injectionInFreeTextIsJustTextThatMatchesNothing() throws Exception {
        for (String s : INJECTIONS.subList(0, 6)) {
            Raw r = send(new Hostile("GET", "/api/v1/prices?code_type=CPT&code=" + s, null, true));
            assertThat(r.status()).as(s + ": " + r.body()).isEqualTo(200);
            assertThat(Json.parse(r.body()).get("data")).isEmpty();
            Raw q = send(new Hostile("GET", "/api/v1/codes/search?q=" + s, null, true));
            assertThat(q.status()).as(s + ": " + q.body()).isEqualTo(200);
        }
        assertThat(api.get("/api/v1/prices?code_type=CPT&code=99213&limit=200", "X-API-Key", api.adminKey).json().get("data")).hasSize(7);
    }

    private static Raw send(Hostile h) throws IOException {
        try (Socket s = new Socket("127.0.0.1", api.server.port())) {
            s.setSoTimeout(30_000);
            StringBuilder req = new StringBuilder(h.method()).append(' ').append(h.target()).append(" HTTP/1.0\r\nHost: 127.0.0.1\r\n");
            if (h.authenticated()) {
                req.append("X-API-Key: ").append(api.adminKey).append("\r\n");
            }
            byte[] body = h.body() == null ? new byte[0] : h.body().getBytes(StandardCharsets.UTF_8);
            if (h.body() != null) {
                req.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
            }
            req.append("\r\n");
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String[] head = text.substring(0, split).split("\r\n");
            Map<String, String> headers = new java.util.HashMap<>();
            for (int i = 1; i < head.length; i++) {
                int colon = head[i].indexOf(':');
                headers.put(head[i].substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT), head[i].substring(colon + 1).trim());
            }
            return new Raw(Integer.parseInt(head[0].split(" ")[1]), headers, text.substring(split + 4));
        }
    }
}
