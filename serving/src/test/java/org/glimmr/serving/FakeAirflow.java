package org.glimmr.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.glimmr.serving.data.Json;

/**
 * A stand-in for Airflow 3's REST API on loopback, answering only what {@code AirflowClient} asks: {@code /auth/token},
 * trigger, get and list DAG runs. Each run it starts is {@code queued}, then {@code running} after one {@code step},
 * then {@code success} after two. For tests that need runs to move in seconds (the event stream, the browser test);
 * {@code AirflowClientTest} drives the real Airflow.
 */
final class FakeAirflow implements AutoCloseable {
    private final HttpServer server;
    private final Set<String> dags;
    private final Duration step;
    private final List<Run> runs = new ArrayList<>();

    private record Run(String dagId, String runId, Instant created, Map<String, Object> conf) {}

    FakeAirflow(Set<String> dags, Duration step) throws IOException {
        this.dags = Set.copyOf(dags);
        this.step = step;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** A run started earlier (say, by the schedule), already in its final state. */
    synchronized void addFinishedRun(String dagId, String runId, Instant created) {
        runs.add(new Run(dagId, runId, created.minus(step.multipliedBy(3)), Map.of()));
    }

    private synchronized void handle(HttpExchange x) throws IOException {
        try (x) {
            String path = x.getRequestURI().getPath();
            if (path.equals("/auth/token")) {
                reply(x, 200, Map.of("access_token", "fake-token"));
                return;
            }
            String[] parts = path.split("/");
            // /api/v2/dags/{dag}/dagRuns[/{run}]
            if (parts.length < 6 || !parts[1].equals("api") || !parts[3].equals("dags") || !parts[5].equals("dagRuns")) {
                reply(x, 404, Map.of("detail", "no route " + path));
                return;
            }
            String dag = URLDecoder.decode(parts[4], StandardCharsets.UTF_8);
            if (!dag.equals("~") && !dags.contains(dag)) {
                reply(x, 404, Map.of("detail", "The Dag with dag_id: `" + dag + "` was not found"));
                return;
            }
            if (x.getRequestMethod().equals("POST")) {
                JsonNode body = Json.parse(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                Instant now = Instant.now();
                Run run = new Run(dag, "manual__" + now, now, body.path("conf").isObject() ? Json.MAPPER.convertValue(body.path("conf"), Map.class) : Map.of());
                runs.add(run);
                reply(x, 200, describe(run, now));
                return;
            }
            Instant now = Instant.now();
            if (parts.length == 7) {
                String id = URLDecoder.decode(parts[6], StandardCharsets.UTF_8);
                for (Run r : runs) {
                    if (r.dagId().equals(dag) && r.runId().equals(id)) {
                        reply(x, 200, describe(r, now));
                        return;
                    }
                }
                reply(x, 404, Map.of("detail", "no run " + id));
                return;
            }
            List<Map<String, Object>> listed = new ArrayList<>();
            for (int i = runs.size() - 1; i >= 0; i--) {
                if (dag.equals("~") || runs.get(i).dagId().equals(dag)) {
                    listed.add(describe(runs.get(i), now));
                }
            }
            reply(x, 200, Map.of("dag_runs", listed, "total_entries", listed.size()));
        }
    }

    private Map<String, Object> describe(Run run, Instant now) {
        Duration age = Duration.between(run.created(), now);
        String state = age.compareTo(step) < 0 ? "queued" : age.compareTo(step.multipliedBy(2)) < 0 ? "running" : "success";
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dag_id", run.dagId());
        m.put("dag_run_id", run.runId());
        m.put("state", state);
        m.put("run_type", run.runId().startsWith("manual__") ? "manual" : "scheduled");
        m.put("run_after", run.created().toString());
        m.put("logical_date", null);
        m.put("start_date", state.equals("queued") ? null : run.created().plus(step).toString());
        m.put("end_date", state.equals("success") ? run.created().plus(step.multipliedBy(2)).toString() : null);
        m.put("conf", run.conf());
        return m;
    }

    private static void reply(HttpExchange x, int status, Object body) throws IOException {
        byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
