package org.glimmr.serving.limit;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Token buckets by name (Bucket4j): {@code rate} requests per second, bursts up to twice that. In memory, per server
 * process, in a cache of at most {@code maxBuckets} (Caffeine) that forgets buckets one by one, never all at once:
 * a bucket idle for {@link #IDLE} goes (it refilled to full within two seconds, so forgetting it changes nothing),
 * and past the bound the cache drops the buckets used least, so a flood of new names cannot give the busy callers
 * their tokens back. A rate of 0 means no limit.
 */
public final class RateLimiter {
    /** How many buckets one limiter keeps at most. */
    public static final int MAX_BUCKETS = 100_000;
    /** A bucket unused this long is forgotten (it is full again long before). */
    static final Duration IDLE = Duration.ofMinutes(1);

    /** A name's bucket per rate: a caller whose limit changes starts a bucket at the new rate. */
    private record Key(String name, int rate) {}

    private final Cache<Key, Bucket> buckets;
    private final TimeMeter clock;

    public RateLimiter() {
        this(MAX_BUCKETS, System::nanoTime);
    }

    /** With a bound and a nanosecond clock of its own (tests). */
    RateLimiter(int maxBuckets, LongSupplier nanoClock) {
        requireNonNull(nanoClock, "nanoClock is null");
        if (maxBuckets < 1) {
            throw new IllegalArgumentException("maxBuckets must be positive, got " + maxBuckets);
        }
        this.clock = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return nanoClock.getAsLong();
            }

            @Override
            public boolean isWallClockBased() {
                return false;
            }
        };
        // eviction runs on the calling thread: bounded work per call, and no background thread to own
        this.buckets = Caffeine.newBuilder().maximumSize(maxBuckets).expireAfterAccess(IDLE).ticker(nanoClock::getAsLong)
                .executor(Runnable::run).build();
    }

    /** Takes a token from {@code name}'s bucket: 0 when taken, else the whole seconds until one is there (Retry-After). */
    public long acquire(String name, int rate) {
        if (rate <= 0) {
            return 0;
        }
        ConsumptionProbe probe = buckets.get(new Key(name, rate), k -> newBucket(k.rate())).tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? 0 : seconds(probe.getNanosToWaitForRefill());
    }

    /** Like {@link #acquire} without taking: 0 when {@code name}'s bucket has a token (or none was made yet). */
    public long waitSeconds(String name, int rate) {
        if (rate <= 0) {
            return 0;
        }
        Bucket bucket = buckets.getIfPresent(new Key(name, rate));
        if (bucket == null) {
            return 0;
        }
        EstimationProbe probe = bucket.estimateAbilityToConsume(1);
        return probe.canBeConsumed() ? 0 : seconds(probe.getNanosToWaitForRefill());
    }

    /** How many buckets are kept now. */
    public long size() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    private Bucket newBucket(int rate) {
        return Bucket.builder().addLimit(limit -> limit.capacity(2L * rate).refillGreedy(rate, Duration.ofSeconds(1)))
                .withCustomTimePrecision(clock).build();
    }

    private static long seconds(long nanos) {
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }
}
