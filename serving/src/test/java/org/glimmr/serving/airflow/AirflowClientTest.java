package org.glimmr.serving.airflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.common.db.GlimmrDatabase;
import org.glimmr.common.testing.TestingCli;
import org.glimmr.common.testing.TestingPorts;
import org.glimmr.serving.ApiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against a real Airflow 3 that the test starts from the project's Python virtual environment: sign in,
 * trigger a run of a DAG of the test's own with a conf, wait for its final state, list runs, and the errors.
 * Under Maven (which sets glimmr.project.dir) the environment is built when missing; elsewhere the test is skipped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AirflowClientTest {
    private static final String DAG_ID = "glimmr_client_test";
    private static final String DAG = """
            \"\"\"Airflow DAG for AirflowClientTest: one task that fails unless the run's conf carries a greeting.\"\"\"
            from airflow.providers.standard.operators.bash import BashOperator
            from airflow.sdk import DAG

            with DAG(dag_id="%s", schedule=None, catchup=False, tags=["glimmr-test"]):
                BashOperator(task_id="greet", bash_command='test -n "{{ dag_run.conf.get(\\'greeting\\', \\'\\') }}"')
            """.formatted(DAG_ID);
    /** Stands in for the project's maintenance pipeline, for the API's job routes. */
    private static final String MAINTENANCE_DAG = """
            from airflow.providers.standard.operators.bash import BashOperator
            from airflow.sdk import DAG

            with DAG(dag_id="glimmr_maintenance", schedule=None, catchup=False, tags=["glimmr-test"]):
                BashOperator(task_id="noop", bash_command="true")
            """;

    private TestingAirflowServer airflow;
    private AirflowClient client;

    @BeforeAll
    void startAirflow(@TempDir Path home) throws IOException, InterruptedException {
        airflow = new TestingAirflowServer(pythonVenv(), home, Map.of(DAG_ID + ".py", DAG, "glimmr_maintenance.py", MAINTENANCE_DAG));
        client = new AirflowClient(airflow.settings(Optional.empty()));
    }

    @AfterAll
    void stopAirflow() {
        if (airflow != null) {
            airflow.close();
        }
    }

    @Test
    void triggersARunWithConfAndReadsItsFinalState() throws InterruptedException {
        DagRun succeeding = triggerWhenParsed(Map.of("greeting", "hello", "pipeline", "ingest"));
        assertThat(succeeding.dagId()).isEqualTo(DAG_ID);
        assertThat(succeeding.conf()).containsEntry("greeting", "hello").containsEntry("pipeline", "ingest");
        assertThat(succeeding.runType()).isEqualTo("manual");
        assertThat(succeeding.logicalDate()).as("API runs have no logical date in Airflow 3").isEmpty();
        DagRun failing = client.triggerRun(DAG_ID, Map.of());

        DagRun done = awaitFinal(succeeding);
        assertThat(done.state()).as("state of %s\n%s", done, airflow.logTails()).isEqualTo(DagRunState.SUCCESS);
        assertThat(done.startDate()).isPresent();
        assertThat(done.endDate()).isPresent();
        assertThat(done.endDate().get()).isAfterOrEqualTo(done.startDate().get());
        assertThat(awaitFinal(failing).state()).as("the run without a greeting").isEqualTo(DagRunState.FAILED);

        List<DagRun> runs = client.listRuns(DAG_ID, 10);
        assertThat(runs).extracting(DagRun::runId).containsExactly(failing.runId(), succeeding.runId());
        assertThat(client.listRuns(AirflowClient.ALL_DAGS, 1)).extracting(DagRun::runId).containsExactly(failing.runId());
    }

    @Test
    void unknownDagAndRunAreNotFound() {
        assertThatThrownBy(() -> client.triggerRun("no_such_dag", Map.of()))
                .isInstanceOfSatisfying(AirflowException.class, e -> assertThat(e.status()).isEqualTo(404))
                .hasMessageContaining("no_such_dag").hasMessageContaining("Fix:");
        assertThatThrownBy(() -> client.getRun(DAG_ID, "manual__no-such-run"))
                .isInstanceOfSatisfying(AirflowException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void aWrongPasswordNamesTheSettingsToFix() {
        AirflowClient wrong = new AirflowClient(airflow.settings(Optional.of("not-the-password")));
        assertThatThrownBy(() -> wrong.listRuns(DAG_ID, 1))
                .isInstanceOfSatisfying(AirflowException.class, e -> assertThat(e.status()).isEqualTo(401))
                .hasMessageContaining("glimmr.airflow.user").hasMessageContaining("GLIMMR_AIRFLOW_PASSWORD")
                .hasMessageNotContaining("not-the-password");
    }

    @Test
    void anAirflowThatDoesNotAnswerSaysWhereItWasLookedFor() {
        AirflowClient nowhere = new AirflowClient(new org.glimmr.common.GlimmrConfig.Airflow(
                java.net.URI.create("http://127.0.0.1:9"), "glimmr", Optional.of("x")));
        assertThatThrownBy(() -> nowhere.listRuns(DAG_ID, 1))
                .isInstanceOfSatisfying(AirflowException.class, e -> assertThat(e.status()).isZero())
                .hasMessageContaining("127.0.0.1:9").hasMessageContaining("glimmr.airflow.url");
    }

    /** The API's job routes over this Airflow: admins start and list pipeline runs; others may not. */
    @Test
    void theApiStartsAndListsPipelineRunsForAdminsOnly(@TempDir Path data) throws Exception {
        GlimmrConfig.Airflow settings = airflow.settings(Optional.empty());
        GlimmrConfig config = GlimmrConfig.load(Map.of("GLIMMR_DATA_DIR", data.toString(),
                "GLIMMR_DB_EMBEDDED_PORT", String.valueOf(TestingPorts.free()), "GLIMMR_AIRFLOW_URL", settings.url().toString(),
                "GLIMMR_AIRFLOW_USER", settings.user(), "GLIMMR_AIRFLOW_PASSWORD", settings.password().orElseThrow()), data);
        try (GlimmrDatabase db = GlimmrDatabase.open(config); ApiServer api = ApiServer.start(config, db, 0)) {
            String admin = key(config, "admin");
            String viewer = key(config, "viewer");
            HttpResponse<String> refused = send(api, "POST", "/api/v1/jobs/maintenance", viewer, "{}");
            assertThat(refused.statusCode()).isEqualTo(403);
            HttpResponse<String> unknown = send(api, "POST", "/api/v1/jobs/no_such_pipeline", admin, "{}");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.body()).contains("no_such_pipeline").contains("Fix:");
            assertThat(send(api, "POST", "/api/v1/jobs/maintenance", admin, "{\"conf\": 3}").statusCode()).isEqualTo(400);

            HttpResponse<String> started = send(api, "POST", "/api/v1/jobs/maintenance", admin, "{\"conf\": {\"reason\": \"test\"}}");
            Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
            while (started.statusCode() == 404 && Instant.now().isBefore(deadline)) { // DAG file not parsed yet
                Thread.sleep(2000);
                started = send(api, "POST", "/api/v1/jobs/maintenance", admin, "{\"conf\": {\"reason\": \"test\"}}");
            }
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            JsonNode run = JSON.readTree(started.body());
            assertThat(run.get("pipeline").asText()).isEqualTo("maintenance");
            assertThat(run.get("dag_id").asText()).isEqualTo("glimmr_maintenance");
            assertThat(run.get("conf").get("reason").asText()).isEqualTo("test");
            String runId = run.get("run_id").asText();

            deadline = Instant.now().plus(Duration.ofMinutes(4));
            String state = "";
            while (!state.equals("success") && !state.equals("failed") && Instant.now().isBefore(deadline)) {
                Thread.sleep(1000);
                HttpResponse<String> listed = send(api, "GET", "/api/v1/jobs?pipeline=maintenance&limit=5", admin, null);
                assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
                for (JsonNode r : JSON.readTree(listed.body()).get("data")) {
                    if (r.get("run_id").asText().equals(runId)) {
                        state = r.get("state").asText();
                    }
                }
            }
            assertThat(state).as("final state of %s\n%s", runId, airflow.logTails()).isEqualTo("success");
            assertThat(send(api, "GET", "/api/v1/jobs", viewer, null).statusCode()).isEqualTo(403);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private static String key(GlimmrConfig config, String role) {
        TestingCli.Result created = TestingCli.run(org.glimmr.serving.GlimmrServing.commandLine(config), "apikey", "create",
                "--name", "jobs-" + role, "--role", role);
        assertThat(created.exit()).as(created.err()).isZero();
        return created.out().strip();
    }

    private static HttpResponse<String> send(ApiServer api, String method, String path, String key, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.baseUri() + path)).header("Authorization", "Bearer " + key)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }


    /** The DAG file is new: Airflow knows the DAG once its DAG processor has parsed it. */
    private DagRun triggerWhenParsed(Map<String, ?> conf) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (true) {
            try {
                return client.triggerRun(DAG_ID, conf);
            } catch (AirflowException e) {
                if (e.status() != 404 || Instant.now().isAfter(deadline)) {
                    throw new AssertionError(e.getMessage() + "\n" + airflow.logTails(), e);
                }
                Thread.sleep(2000);
            }
        }
    }

    private DagRun awaitFinal(DagRun run) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
        DagRun current = client.getRun(run.dagId(), run.runId());
        while (!current.state().isFinal() && Instant.now().isBefore(deadline)) {
            Thread.sleep(1000);
            current = client.getRun(run.dagId(), run.runId());
        }
        return current;
    }

    /**
     * The venv of dags/python-env.sh. Under Maven (glimmr.project.dir set) it is built here when missing or stale, so
     * the one test command needs nothing installed by hand; run elsewhere without it, the test is skipped, loudly.
     */
    private static Path pythonVenv() throws IOException, InterruptedException {
        String projectDir = System.getProperty("glimmr.project.dir");
        if (projectDir == null) {
            Path venv = Path.of("..", "target", "python", "venv").toAbsolutePath().normalize();
            if (!Files.isExecutable(venv.resolve("bin/airflow"))) {
                System.err.println("!!! AirflowClientTest SKIPPED: no Airflow in " + venv + ". Run dags/python-env.sh, or"
                        + " run the tests with Maven (mvn -B verify), which builds it. !!!");
                Assumptions.abort("no Python venv with Airflow at " + venv + " (run dags/python-env.sh)");
            }
            return venv;
        }
        Path script = Path.of(projectDir, "dags", "python-env.sh");
        Path log = Files.createDirectories(Path.of(projectDir, "target", "python")).resolve("python-env.log");
        Process p = new ProcessBuilder("bash", script.toString()).redirectError(log.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(20, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException(script + " failed (exit " + p.exitValue() + "):\n" + Files.readString(log));
        }
        return Path.of(out.substring(out.lastIndexOf('\n') + 1));
    }
}
