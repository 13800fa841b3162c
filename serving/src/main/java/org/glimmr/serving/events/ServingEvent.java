package org.glimmr.serving.events;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import org.glimmr.serving.airflow.DagRun;
import org.glimmr.serving.airflow.DagRunState;

/** What the API pushes to its listeners ({@link EventHub}); each carries the hub's sequence number. */
public sealed interface ServingEvent {
    long sequence();

    /** A pipeline run that appeared ({@code previous} empty) or whose state changed. */
    record JobChanged(long sequence, DagRun run, Optional<DagRunState> previous) implements ServingEvent {
        public JobChanged {
            requireNonNull(run, "run is null");
            requireNonNull(previous, "previous is null");
        }
    }

    /** The newest export run changed: a new run, or its status moved (running, done, failed). */
    record ExportChanged(long sequence, Map<String, Object> run) implements ServingEvent {
        public ExportChanged {
            run = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(requireNonNull(run, "run is null")));
        }
    }

    /** Airflow stopped or started answering; {@code detail} says what failed, and how to fix it, when it did. */
    record AirflowStatus(long sequence, boolean available, Optional<String> detail) implements ServingEvent {
        public AirflowStatus {
            requireNonNull(detail, "detail is null");
        }
    }
}
