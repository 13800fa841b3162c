package org.glimmr.serving.airflow;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One run of a DAG. {@code logicalDate} is empty for runs started by an asset or through the API without one (Airflow
 * 3); {@code runAfter} is when the run was due, always set.
 */
public record DagRun(
        String dagId,
        String runId,
        DagRunState state,
        String runType,
        Instant runAfter,
        Optional<Instant> logicalDate,
        Optional<Instant> startDate,
        Optional<Instant> endDate,
        Map<String, Object> conf) {
    public DagRun {
        requireNonNull(dagId, "dagId is null");
        requireNonNull(runId, "runId is null");
        requireNonNull(state, "state is null");
        requireNonNull(runType, "runType is null");
        requireNonNull(runAfter, "runAfter is null");
        requireNonNull(logicalDate, "logicalDate is null");
        requireNonNull(startDate, "startDate is null");
        requireNonNull(endDate, "endDate is null");
        conf = Map.copyOf(requireNonNull(conf, "conf is null"));
    }
}
