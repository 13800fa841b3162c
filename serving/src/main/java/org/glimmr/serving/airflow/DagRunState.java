package org.glimmr.serving.airflow;

import java.util.Locale;

/** The state of an Airflow DAG run, as Airflow's REST API reports it. */
public enum DagRunState {
    QUEUED,
    RUNNING,
    SUCCESS,
    FAILED;

    /** True when the run will not change any more. */
    public boolean isFinal() {
        return this == SUCCESS || this == FAILED;
    }

    /** Airflow's name of the state ({@code success}). */
    public String airflowName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static DagRunState fromAirflow(String state) {
        for (DagRunState s : values()) {
            if (s.airflowName().equals(state)) {
                return s;
            }
        }
        throw new AirflowException(0, "Airflow reported the unknown DAG run state '" + state + "'. Fix: use an Airflow 3"
                + " API server (states queued, running, success, failed).");
    }
}
