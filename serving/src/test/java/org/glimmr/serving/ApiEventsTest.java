package org.glimmr.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/events} end to end: a real API over the fixture database, an Airflow stand-in whose runs move in
 * seconds, and the stream read as a browser would. {@code AirflowClientTest} hears a run of the real Airflow move too.
 */
class ApiEventsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void adminsHearPipelineRunsMoveAndExportsFinish() throws Exception {
        try (FakeAirflow airflow = new FakeAirflow(Set.of("glimmr_maintenance"), Duration.ofMillis(1500));
             TestingApi api = TestingApi.start(Map.of("GLIMMR_AIRFLOW_URL", airflow.url().toString(), "GLIMMR_API_CACHE_CHECK_MS", "100"));
             EventStreamReader events = new EventStreamReader(URI.create(api.server.baseUri() + "/api/v1/events"), api.adminKey)) {
            assertThat(events.status()).isEqualTo(200);
            assertThat(events.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
            assertThat(events.header("Cache-Control")).contains("no-cache");
            assertThat(events.next("ready", WAIT).data().get("heartbeat_seconds").asInt()).isPositive();

            TestingApi.Response started = api.send("POST", "/api/v1/jobs/maintenance", "{\"conf\": {\"reason\": \"events\"}}",
                    "Content-Type", "application/json", "X-API-Key", api.adminKey);
            assertThat(started.status()).as(started.body()).isEqualTo(202);
            String runId = started.json().get("run_id").asText();
            EventStreamReader.Event queued = events.next(e -> e.name().equals("job") && e.data().get("run_id").asText().equals(runId), WAIT);
            assertThat(queued.data().get("state").asText()).isEqualTo("queued");
            assertThat(queued.data().get("previous_state").isNull()).as("a new run").isTrue();
            assertThat(queued.data().get("pipeline").asText()).isEqualTo("maintenance");
            assertThat(queued.data().get("conf").get("reason").asText()).isEqualTo("events");
            EventStreamReader.Event running = events.next("job", WAIT);
            assertThat(running.data().get("state").asText()).isEqualTo("running");
            assertThat(running.data().get("previous_state").asText()).isEqualTo("queued");
            EventStreamReader.Event success = events.next("job", WAIT);
            assertThat(success.data().get("state").asText()).isEqualTo("success");
            assertThat(success.data().get("previous_state").asText()).isEqualTo("running");
            assertThat(success.data().get("end_date").isNull()).isFalse();

            api.sql("insert into glimmr.export_runs (run_id, started_at, status) values ('run-2', now(), 'running')");
            EventStreamReader.Event exporting = events.next("export", WAIT);
            assertThat(exporting.data().get("run_id").asText()).isEqualTo("run-2");
            assertThat(exporting.data().get("status").asText()).isEqualTo("running");
            api.sql("update glimmr.export_runs set status = 'done', finished_at = now() where run_id = 'run-2'");
            EventStreamReader.Event exported = events.next("export", WAIT);
            assertThat(exported.data().get("status").asText()).isEqualTo("done");
            assertThat(exported.data().get("finished_at").asText()).isNotBlank();
            assertThat(Long.parseLong(exported.id())).as("ids grow").isGreaterThan(Long.parseLong(success.id()))
                    .isGreaterThan(Long.parseLong(queued.id()));
        }
    }

    @Test
    void onlyAdminsListenAndAnAirflowThatDoesNotAnswerIsSaidSo() throws Exception {
        try (TestingApi api = TestingApi.start(Map.of("GLIMMR_AIRFLOW_URL", "http://127.0.0.1:9", "GLIMMR_API_CACHE_CHECK_MS", "100"))) {
            TestingApi.Response anonymous = api.get("/api/v1/events", "Accept", "text/event-stream");
            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(anonymous.contentType()).startsWith("application/problem+json");
            TestingApi.Response viewer = api.get("/api/v1/events", "Accept", "text/event-stream", "X-API-Key", api.viewerKey);
            assertThat(viewer.status()).isEqualTo(403);
            assertThat(viewer.json().get("detail").asText()).contains("admin");
            try (EventStreamReader events = new EventStreamReader(URI.create(api.server.baseUri() + "/api/v1/events"), api.adminKey)) {
                assertThat(events.status()).isEqualTo(200);
                events.next("ready", WAIT);
                EventStreamReader.Event down = events.next("airflow", WAIT);
                assertThat(down.data().get("available").asBoolean()).isFalse();
                assertThat(down.data().get("detail").asText()).contains("127.0.0.1:9").contains("glimmr.airflow.url");
            }
        }
    }
}
