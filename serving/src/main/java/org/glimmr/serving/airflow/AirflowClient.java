package org.glimmr.serving.airflow;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.glimmr.common.GlimmrConfig;

/**
 * A small client for Airflow 3's REST API ({@code /api/v2}): start a DAG run with a conf, read a run, list runs.
 * It signs in with {@code POST /auth/token} (user and password; Airflow's simple auth manager or any auth manager that
 * serves that endpoint), or {@code GET /auth/token} when no password is configured (simple auth manager with all users
 * admin, a development setup). The token is kept and fetched again once when Airflow answers 401. Thread-safe.
 */
public final class AirflowClient {
    /** The DAG id that stands for every DAG in {@link #listRuns(String, int)}. */
    public static final String ALL_DAGS = "~";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI baseUrl;
    private final String user;
    private final Optional<String> password;
    private final HttpClient http;
    private volatile String token;

    public AirflowClient(GlimmrConfig.Airflow settings) {
        requireNonNull(settings, "settings is null");
        String url = settings.url().toString();
        this.baseUrl = URI.create(url.endsWith("/") ? url : url + "/");
        this.user = settings.user();
        this.password = settings.password();
        // HTTP/1.1: an HTTP/2 upgrade offer on plain http made Airflow's server (uvicorn) lose the request body
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Starts a run of the DAG now, with {@code conf} as the run's configuration. */
    public DagRun triggerRun(String dagId, Map<String, ?> conf) {
        requireNonNull(conf, "conf is null");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("logical_date", null); // Airflow 3: a run for "now", its day is run_after
        body.put("conf", conf);
        return dagRun(send("POST", dagRunsPath(dagId), body));
    }

    /** One run of the DAG by its run id. */
    public DagRun getRun(String dagId, String runId) {
        return dagRun(send("GET", dagRunsPath(dagId) + "/" + encode(requireNonNull(runId, "runId is null")), null));
    }

    /** The newest runs of the DAG ({@link #ALL_DAGS} for every DAG), newest first, at most {@code limit}. */
    public List<DagRun> listRuns(String dagId, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        JsonNode page = send("GET", dagRunsPath(dagId) + "?order_by=-run_after&limit=" + limit, null);
        List<DagRun> runs = new ArrayList<>();
        page.path("dag_runs").forEach(run -> runs.add(dagRun(run)));
        return List.copyOf(runs);
    }

    private static String dagRunsPath(String dagId) {
        requireNonNull(dagId, "dagId is null");
        return "api/v2/dags/" + (ALL_DAGS.equals(dagId) ? ALL_DAGS : encode(dagId)) + "/dagRuns";
    }

    private JsonNode send(String method, String path, Object body) {
        HttpResponse<String> response = exchange(method, path, body, token());
        if (response.statusCode() == 401) {
            token = null; // expired or revoked: sign in again, once
            response = exchange(method, path, body, token());
        }
        if (response.statusCode() / 100 != 2) {
            throw refusal(method + " " + path, response);
        }
        return parse(response.body(), method + " " + path);
    }

    private HttpResponse<String> exchange(String method, String path, Object body, String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUrl.resolve(path)).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json");
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(toJson(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AirflowException(0, "Airflow at " + baseUrl + " does not answer (" + e + "). Fix: start the Airflow"
                    + " API server or set " + GlimmrConfig.AIRFLOW_URL + " to its address.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AirflowException(0, "interrupted while waiting for Airflow at " + baseUrl, e);
        }
    }

    private String token() {
        String current = token;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (token == null) {
                HttpResponse<String> response = password.isPresent()
                        ? exchange("POST", "auth/token", Map.of("username", user, "password", password.get()), null)
                        : exchange("GET", "auth/token", null, null);
                if (response.statusCode() / 100 != 2) {
                    throw new AirflowException(response.statusCode(), "Airflow at " + baseUrl + " refused to sign in user '"
                            + user + "' (HTTP " + response.statusCode() + detail(response) + "). Fix: set "
                            + GlimmrConfig.AIRFLOW_USER + " and the environment variable " + GlimmrConfig.ENV_AIRFLOW_PASSWORD
                            + " to an Airflow user that may trigger DAG runs.");
                }
                String accessToken = parse(response.body(), "auth/token").path("access_token").asText("");
                if (accessToken.isEmpty()) {
                    throw new AirflowException(response.statusCode(), "Airflow at " + baseUrl + " answered auth/token without"
                            + " an access_token. Fix: point " + GlimmrConfig.AIRFLOW_URL + " at an Airflow 3 API server.");
                }
                token = accessToken;
            }
            return token;
        }
    }

    private AirflowException refusal(String request, HttpResponse<String> response) {
        int status = response.statusCode();
        String fix = switch (status) {
            case 403 -> "give Airflow user '" + user + "' permission to read and trigger DAG runs";
            case 404 -> "check the DAG id and run id; a new DAG file appears after Airflow's DAG processor has parsed it";
            case 409 -> "a run with that id exists already";
            default -> "see the Airflow API server's log";
        };
        return new AirflowException(status, "Airflow refused " + request + " (HTTP " + status + detail(response) + "). Fix: "
                + fix + ".");
    }

    private static String detail(HttpResponse<String> response) {
        try {
            JsonNode detail = JSON.readTree(response.body()).path("detail");
            return detail.isMissingNode() ? "" : ": " + (detail.isTextual() ? detail.asText() : detail.toString());
        } catch (JsonProcessingException e) {
            return "";
        }
    }

    private static DagRun dagRun(JsonNode run) {
        Map<String, Object> conf = run.path("conf").isObject()
                ? JSON.convertValue(run.path("conf"), new TypeReference<Map<String, Object>>() {})
                : Map.of();
        return new DagRun(run.path("dag_id").asText(), run.path("dag_run_id").asText(),
                DagRunState.fromAirflow(run.path("state").asText()), run.path("run_type").asText(),
                time(run, "run_after").orElseThrow(() -> new AirflowException(0, "Airflow's DAG run has no run_after: " + run
                        + ". Fix: use an Airflow 3 API server.")),
                time(run, "logical_date"), time(run, "start_date"), time(run, "end_date"), conf);
    }

    private static Optional<Instant> time(JsonNode run, String field) {
        JsonNode value = run.path(field);
        return value.isTextual() ? Optional.of(OffsetDateTime.parse(value.asText()).toInstant()) : Optional.empty();
    }

    private static JsonNode parse(String body, String what) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new AirflowException(0, "Airflow answered " + what + " with something that is not JSON. Fix: point "
                    + GlimmrConfig.AIRFLOW_URL + " at the Airflow API server itself.", e);
        }
    }

    private static String toJson(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("conf cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
