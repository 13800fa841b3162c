package org.glimmr.serving.routes;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.glimmr.serving.airflow.AirflowClient;
import org.glimmr.serving.airflow.DagRunState;
import org.glimmr.serving.data.Json;
import org.glimmr.serving.data.ReferenceQueries;
import org.glimmr.serving.events.EventHub;
import org.glimmr.serving.events.ServingEvent;
import org.glimmr.serving.http.Access;
import org.glimmr.serving.http.ApiRoute;
import org.glimmr.serving.http.Problem;
import org.glimmr.serving.http.RouteGroup;

/**
 * {@code GET /api/v1/events} (admins): a server-sent event stream of pipeline-run state changes ({@code job}), export
 * runs ({@code export}) and Airflow going away or coming back ({@code airflow}). It opens with {@code ready} once the
 * hub has read the current state, so a client reads the run list after {@code ready} and misses nothing; a comment
 * every {@link #HEARTBEAT} keeps it open, and it ends after {@link #MAX_STREAM} (the client reconnects).
 */
public final class EventsRoutes implements RouteGroup {
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    static final Duration MAX_STREAM = Duration.ofMinutes(30);
    /** What an EventSource waits before it reconnects. */
    private static final int RETRY_MS = 3000;

    private final EventHub hub;

    public EventsRoutes(EventHub hub) {
        this.hub = requireNonNull(hub, "hub is null");
    }

    /**
     * Events of the project's pipelines (the DAGs of {@link JobsRoutes}: at most the newest 25 runs) and of the export
     * runs, read every {@code interval} while anyone listens; at most 32 streams at once.
     */
    public static EventsRoutes over(AirflowClient airflow, ReferenceQueries reference, Duration interval) {
        return new EventsRoutes(new EventHub(interval, () -> airflow.listRuns(AirflowClient.ALL_DAGS, 25).stream()
                .filter(r -> JobsRoutes.PIPELINES.containsValue(r.dagId())).toList(), reference::lastExport, 32));
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(new ApiRoute(HandlerType.GET, "/api/v1/events", Access.ADMIN, "jobs",
                "Server-sent events: pipeline-run state changes (job), export runs (export), Airflow unreachable or back"
                        + " (airflow); opens with ready", "text/event-stream", List.of(), this::stream));
    }

    private void stream(Context ctx) throws InterruptedException {
        EventHub.Listener listener = hub.listen().orElseThrow(() -> Problem.unavailable("there are " + hub.listeners()
                + " event streams open, the most this server keeps. Fix: close another page that listens, or retry later."));
        try (listener) {
            HttpServletResponse res = ctx.res();
            res.setStatus(200);
            res.setContentType("text/event-stream");
            res.setCharacterEncoding("UTF-8");
            res.setHeader("Cache-Control", "no-cache");
            res.setHeader("X-Accel-Buffering", "no");
            OutputStream out = res.getOutputStream();
            write(out, "retry: " + RETRY_MS + "\n" + frame(0, "ready", Map.of("heartbeat_seconds", HEARTBEAT.toSeconds())));
            Instant end = Instant.now().plus(MAX_STREAM);
            while (Instant.now().isBefore(end) && !listener.overflowed()) {
                Optional<ServingEvent> event = listener.next(HEARTBEAT);
                write(out, event.map(EventsRoutes::frame).orElse(": keep-alive\n\n"));
            }
        } catch (IOException clientGone) {
            // the client closed the stream: nothing to answer
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    static String frame(ServingEvent event) {
        if (event instanceof ServingEvent.JobChanged j) {
            Map<String, Object> data = JobsRoutes.describe(JobsRoutes.pipelineOf(j.run().dagId()), j.run());
            data.put("previous_state", j.previous().map(DagRunState::airflowName).orElse(null));
            return frame(j.sequence(), "job", data);
        }
        if (event instanceof ServingEvent.ExportChanged e) {
            return frame(e.sequence(), "export", e.run());
        }
        ServingEvent.AirflowStatus a = (ServingEvent.AirflowStatus) event;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("available", a.available());
        data.put("detail", a.detail().orElse(null));
        return frame(a.sequence(), "airflow", data);
    }

    /** One event: its id, name and JSON on one {@code data:} line (compact JSON has no line breaks). */
    private static String frame(long id, String name, Map<String, ?> data) {
        try {
            return "id: " + id + "\nevent: " + name + "\ndata: " + Json.MAPPER.writeValueAsString(data) + "\n\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event is not JSON-serialisable: " + data, e);
        }
    }
}
