package org.glimmr.serving.airflow;

/**
 * Airflow refused a request or could not be reached. {@link #status()} is Airflow's HTTP status, or 0 when Airflow did
 * not answer; the message says what happened and how to fix it, without secrets.
 */
public final class AirflowException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public AirflowException(int status, String message) {
        super(message);
        this.status = status;
    }

    public AirflowException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
