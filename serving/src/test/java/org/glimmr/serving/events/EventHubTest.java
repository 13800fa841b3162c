package org.glimmr.serving.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.glimmr.serving.airflow.AirflowException;
import org.glimmr.serving.airflow.DagRun;
import org.glimmr.serving.airflow.DagRunState;
import org.junit.jupiter.api.Test;

/** The hub on hand-made runs and exports: what it reports, to whom, and that it reads nothing when no one listens. */
class EventHubTest {
    private static final Duration LONG = Duration.ofHours(1);
    private static final Duration NONE = Duration.ZERO;

    private final List<DagRun> runs = new ArrayList<>();
    private final AtomicReference<Optional<Map<String, Object>>> export = new AtomicReference<>(Optional.empty());
    private final AtomicInteger reads = new AtomicInteger();
    private volatile boolean airflowDown;

    private EventHub hub(Duration interval, int maxListeners) {
        return new EventHub(interval, () -> {
            reads.incrementAndGet();
            if (airflowDown) {
                throw new AirflowException(0, "Airflow at http://x does not answer. Fix: start it.");
            }
            return List.copyOf(runs);
        }, export::get, maxListeners);
    }

    private static DagRun run(String id, DagRunState state) {
        return new DagRun("glimmr_ingest", id, state, "manual", Instant.parse("2026-01-01T00:00:00Z"), Optional.empty(),
                Optional.empty(), Optional.empty(), Map.of());
    }

    @Test
    void theBaselineIsNotReportedButEveryChangeAfterItIs() throws InterruptedException {
        runs.add(run("old", DagRunState.SUCCESS));
        export.set(Optional.of(Map.of("run_id", "run-1", "status", "done")));
        EventHub hub = hub(LONG, 4);
        try (EventHub.Listener listener = hub.listen().orElseThrow()) {
            assertThat(listener.next(NONE)).as("the state when listening began").isEmpty();

            runs.add(run("new", DagRunState.QUEUED));
            hub.poll();
            ServingEvent.JobChanged appeared = (ServingEvent.JobChanged) listener.next(NONE).orElseThrow();
            assertThat(appeared.run().runId()).isEqualTo("new");
            assertThat(appeared.previous()).isEmpty();

            runs.set(1, run("new", DagRunState.RUNNING));
            export.set(Optional.of(Map.of("run_id", "run-2", "status", "done")));
            hub.poll();
            ServingEvent.JobChanged moved = (ServingEvent.JobChanged) listener.next(NONE).orElseThrow();
            assertThat(moved.previous()).contains(DagRunState.QUEUED);
            assertThat(moved.run().state()).isEqualTo(DagRunState.RUNNING);
            ServingEvent.ExportChanged exported = (ServingEvent.ExportChanged) listener.next(NONE).orElseThrow();
            assertThat(exported.run()).containsEntry("run_id", "run-2");
            assertThat(exported.sequence()).isGreaterThan(moved.sequence());

            hub.poll();
            assertThat(listener.next(NONE)).as("nothing changed").isEmpty();
        }
    }

    @Test
    void airflowGoingAwayAndComingBackIsReportedOnceEachAndIsANewBaseline() throws InterruptedException {
        EventHub hub = hub(LONG, 4);
        try (EventHub.Listener listener = hub.listen().orElseThrow()) {
            airflowDown = true;
            hub.poll();
            hub.poll();
            ServingEvent.AirflowStatus down = (ServingEvent.AirflowStatus) listener.next(NONE).orElseThrow();
            assertThat(down.available()).isFalse();
            assertThat(down.detail()).hasValueSatisfying(d -> assertThat(d).contains("Fix:"));
            assertThat(listener.next(NONE)).as("said once").isEmpty();

            runs.add(run("while-away", DagRunState.SUCCESS));
            airflowDown = false;
            hub.poll();
            assertThat(((ServingEvent.AirflowStatus) listener.next(NONE).orElseThrow()).available()).isTrue();
            assertThat(listener.next(NONE)).as("runs of the time away are the new baseline, not news").isEmpty();
        }
    }

    @Test
    void listenersAreBoundedAndNoOneListeningMeansNoReads() throws InterruptedException {
        EventHub hub = hub(Duration.ofMillis(20), 2);
        EventHub.Listener first = hub.listen().orElseThrow();
        EventHub.Listener second = hub.listen().orElseThrow();
        assertThat(hub.listen()).as("a third listener").isEmpty();
        Thread.sleep(200);
        assertThat(reads.get()).as("reads while listened to").isGreaterThan(2);
        first.close();
        second.close();
        assertThat(hub.listeners()).isZero();
        Thread.sleep(100);
        int after = reads.get();
        Thread.sleep(300);
        assertThat(reads.get()).as("reads after the last listener left").isEqualTo(after);
        try (EventHub.Listener again = hub.listen().orElseThrow()) {
            assertThat(again.overflowed()).isFalse();
            assertThat(reads.get()).as("a new listener reads the baseline at once").isEqualTo(after + 1);
        }
    }
}
