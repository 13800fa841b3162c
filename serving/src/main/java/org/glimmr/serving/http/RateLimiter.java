package org.glimmr.serving.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets per principal: {@code rate} requests per second, bursts up to twice that. In memory, per server
 * process; a limit of 0 means no limit.
 */
public final class RateLimiter {
    private static final int MAX_BUCKETS = 100_000;

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        private double tokens;
        private long updated;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updated = now;
        }

        /** Takes a token; returns 0 when taken, else the seconds until one is there. */
        synchronized long take(int rate, long now) {
            double capacity = 2.0 * rate;
            tokens = Math.min(capacity, tokens + (now - updated) / 1e9 * rate);
            updated = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / rate));
        }
    }

    /** 0 when the request may go on, else the seconds to wait (for Retry-After). */
    public long acquire(String principal, int rate) {
        if (rate <= 0) {
            return 0;
        }
        long now = System.nanoTime();
        if (buckets.size() > MAX_BUCKETS) {
            // many distinct callers (say anonymous addresses): start again rather than grow without bound
            buckets.clear();
        }
        return buckets.computeIfAbsent(principal, p -> new Bucket(2.0 * rate, now)).take(rate, now);
    }
}
