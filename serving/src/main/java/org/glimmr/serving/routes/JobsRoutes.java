package org.glimmr.serving.routes;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.glimmr.serving.airflow.AirflowClient;
import org.glimmr.serving.airflow.AirflowException;
import org.glimmr.serving.airflow.DagRun;
import org.glimmr.serving.data.AuditLog;
import org.glimmr.serving.data.Json;
import org.glimmr.serving.http.Access;
import org.glimmr.serving.http.ApiErrors;
import org.glimmr.serving.http.ApiParam;
import org.glimmr.serving.http.ApiRoute;
import org.glimmr.serving.http.Guard;
import org.glimmr.serving.http.JsonBody;
import org.glimmr.serving.http.Params;
import org.glimmr.serving.http.Problem;
import org.glimmr.serving.http.RequestIds;
import org.glimmr.serving.http.RouteGroup;

/**
 * Pipeline control through Airflow (admins): start a run of one of the project's DAGs with a configuration, and list
 * runs with their state. The API never runs jobs itself; Airflow does, on the cluster.
 */
public final class JobsRoutes implements RouteGroup {
    /** Pipeline name in the URL -> DAG id in {@code dags/}. */
    static final Map<String, String> PIPELINES = orderedPipelines();
    private static final int MAX_BODY = 16 * 1024;

    private final AirflowClient airflow;
    private final AuditLog audit;

    public JobsRoutes(AirflowClient airflow, AuditLog audit) {
        this.airflow = requireNonNull(airflow, "airflow is null");
        this.audit = requireNonNull(audit, "audit is null");
    }

    private static Map<String, String> orderedPipelines() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("discovery", "glimmr_discovery");
        m.put("ingest", "glimmr_ingest");
        m.put("analytics_refresh", "glimmr_analytics_refresh");
        m.put("maintenance", "glimmr_maintenance");
        return java.util.Collections.unmodifiableMap(m);
    }

    @Override
    public List<ApiRoute> routes() {
        String names = String.join(", ", PIPELINES.keySet());
        return List.of(
                new ApiRoute(HandlerType.POST, "/api/v1/jobs/{pipeline}", Access.ADMIN, "jobs",
                        "Start a run of a pipeline (" + names + ") in Airflow; optional body {\"conf\": {…}}; answers 202 with the run",
                        ApiRoute.JSON, List.of(ApiParam.path("pipeline", "one of " + names)), this::trigger),
                ApiRoute.get("/api/v1/jobs", Access.ADMIN, "jobs", "Recent pipeline runs with their state, newest first",
                        List.of(ApiParam.query("pipeline", "only this pipeline (" + names + ")"),
                                ApiParam.integer("limit", "runs, 1 to 100; default 20")), this::list));
    }

    private static String dagOf(String pipeline) {
        String dag = PIPELINES.get(pipeline);
        if (dag == null) {
            throw Problem.notFound("there is no pipeline '" + ApiErrors.safe(pipeline) + "'. Fix: use one of "
                    + String.join(", ", PIPELINES.keySet()) + ".");
        }
        return dag;
    }

    private void trigger(Context ctx) {
        String pipeline = new Params(ctx).path("pipeline");
        String dag = dagOf(pipeline);
        Map<String, Object> conf = conf(ctx);
        DagRun run = call(() -> airflow.triggerRun(dag, conf));
        audit.record(Guard.principal(ctx).id(), "job.trigger", dag + "/" + run.runId(), Optional.of(RequestIds.get(ctx)),
                Map.of("pipeline", pipeline));
        ctx.status(202).json(describe(pipeline, run));
    }

    private void list(Context ctx) {
        Params p = new Params(ctx);
        int limit = p.integer("limit", 20, 1, 100);
        String dag = p.text("pipeline").map(JobsRoutes::dagOf).orElse(AirflowClient.ALL_DAGS);
        List<Map<String, Object>> runs = call(() -> airflow.listRuns(dag, limit)).stream()
                .filter(r -> PIPELINES.containsValue(r.dagId()))
                .map(r -> describe(pipelineOf(r.dagId()), r)).toList();
        ctx.json(Map.of("data", runs));
    }

    static String pipelineOf(String dagId) {
        return PIPELINES.entrySet().stream().filter(e -> e.getValue().equals(dagId)).map(Map.Entry::getKey).findFirst().orElse(dagId);
    }

    /** A run as the job routes and the event stream show it. */
    static Map<String, Object> describe(String pipeline, DagRun run) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pipeline", pipeline);
        m.put("dag_id", run.dagId());
        m.put("run_id", run.runId());
        m.put("state", run.state().airflowName());
        m.put("run_type", run.runType());
        m.put("run_after", run.runAfter().toString());
        m.put("start_date", run.startDate().map(Object::toString).orElse(null));
        m.put("end_date", run.endDate().map(Object::toString).orElse(null));
        m.put("conf", run.conf());
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> conf(Context ctx) {
        Optional<JsonNode> body = JsonBody.object(ctx, MAX_BODY, Set.of("conf"), "{\"conf\": {…}}");
        if (body.isEmpty() || !body.get().has("conf")) {
            return Map.of();
        }
        if (!body.get().get("conf").isObject()) {
            throw Problem.badRequest("the body is not {\"conf\": {…}}. Fix: send a JSON object whose 'conf' is an object, or no body.");
        }
        return Json.MAPPER.convertValue(body.get().get("conf"), Map.class);
    }

    private interface AirflowCall<T> {
        T call();
    }

    /** Airflow's own errors as problems a client can act on: unknown DAG 404, Airflow down or refusing 503. */
    private static <T> T call(AirflowCall<T> c) {
        try {
            return c.call();
        } catch (AirflowException e) {
            if (e.status() == 404) {
                throw Problem.notFound("Airflow does not know the DAG: " + e.getMessage()
                        + " Fix: deploy the project's dags/ folder to Airflow.");
            }
            throw Problem.unavailable("Airflow did not start or list the run: " + e.getMessage()
                    + " Fix: check glimmr.airflow.url and that Airflow's API server is up.");
        }
    }
}
