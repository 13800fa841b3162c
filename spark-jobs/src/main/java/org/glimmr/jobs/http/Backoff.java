package org.glimmr.jobs.http;

import java.util.OptionalLong;
import org.glimmr.common.GlimmrConfig;

/** How long to wait before a retry: the backoff doubled per try, or the server's Retry-After (at most a minute). */
public record Backoff(int retries, long firstMillis) {
    static final long MAX_RETRY_AFTER_MILLIS = 60_000;

    public static Backoff of(GlimmrConfig.Fetch settings) {
        return new Backoff(settings.retries(), settings.backoffMillis());
    }

    /** Whether try {@code tryNumber} (1-based) that ended so may be followed by another. */
    public boolean another(int tryNumber, Outcome outcome, Integer httpStatus) {
        return tryNumber <= retries && Outcome.retryable(outcome, httpStatus);
    }

    public void pause(int tryNumber, OptionalLong retryAfterSeconds) {
        long millis = retryAfterSeconds.isPresent()
                ? Math.min(MAX_RETRY_AFTER_MILLIS, retryAfterSeconds.getAsLong() * 1000)
                : firstMillis << Math.min(20, tryNumber - 1);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry", e);
        }
    }
}
