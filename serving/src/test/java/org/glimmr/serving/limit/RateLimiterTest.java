package org.glimmr.serving.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Token buckets by name on a clock of the test's own: the rate, the burst, and a memory that is bounded but never wiped. */
class RateLimiterTest {
    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong(7 * SECOND);

    @Test
    void aRateOfTwoAllowsABurstOfFourThenTwoPerSecond() {
        RateLimiter limiter = new RateLimiter(100, now::get);

        for (int i = 0; i < 4; i++) {
            assertThat(limiter.acquire("key:a", 2)).as("request %d of the burst", i + 1).isZero();
        }
        assertThat(limiter.acquire("key:a", 2)).as("the fifth waits a second").isEqualTo(1);
        now.addAndGet(SECOND / 2);
        assertThat(limiter.acquire("key:a", 2)).as("half a second refills one").isZero();
        assertThat(limiter.acquire("key:a", 2)).isEqualTo(1);
        assertThat(limiter.acquire("key:b", 2)).as("another name has its own bucket").isZero();
        assertThat(limiter.acquire("key:c", 0)).as("0 is no limit").isZero();
    }

    @Test
    void lookingAtABucketTakesNothingFromIt() {
        RateLimiter limiter = new RateLimiter(100, now::get);

        assertThat(limiter.waitSeconds("unknown-keys:10.1.2.3", 1)).as("no bucket yet: nothing to wait for").isZero();
        limiter.acquire("unknown-keys:10.1.2.3", 1);
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.waitSeconds("unknown-keys:10.1.2.3", 1)).isZero();
        }
        limiter.acquire("unknown-keys:10.1.2.3", 1);
        assertThat(limiter.waitSeconds("unknown-keys:10.1.2.3", 1)).as("both tokens taken").isEqualTo(1);
    }

    @Test
    void aFloodOfNewNamesNeverGivesADrainedBucketItsTokensBack() {
        RateLimiter limiter = new RateLimiter(RateLimiter.MAX_BUCKETS, now::get);
        limiter.acquire("key:a", 1);
        limiter.acquire("key:a", 1);
        assertThat(limiter.acquire("key:a", 1)).isPositive();

        // more names than the limiter keeps (the old limiter cleared every bucket past 100,000); no time passes
        int flood = RateLimiter.MAX_BUCKETS + RateLimiter.MAX_BUCKETS / 2;
        for (int i = 0; i < flood; i++) {
            assertThat(limiter.acquire("address:" + i, 1)).isZero();
            if (i % 10_000 == 0) {
                assertThat(limiter.acquire("key:a", 1)).as("key:a after %d new names", i).isPositive();
            }
        }

        assertThat(limiter.acquire("key:a", 1)).as("key:a after the whole flood").isPositive();
        assertThat(limiter.size()).as("buckets kept").isLessThanOrEqualTo(RateLimiter.MAX_BUCKETS);
    }

    @Test
    void memoryIsBoundedAndAnIdleBucketIsForgottenOnceItIsFullAgain() {
        RateLimiter limiter = new RateLimiter(100, now::get);
        for (int i = 0; i < 5_000; i++) {
            limiter.acquire("address:" + i, 5);
        }
        assertThat(limiter.size()).isLessThanOrEqualTo(100);

        RateLimiter idle = new RateLimiter(100, now::get);
        idle.acquire("key:a", 1);
        idle.acquire("key:a", 1);
        assertThat(idle.acquire("key:a", 1)).isPositive();
        now.addAndGet(RateLimiter.IDLE.toNanos() / 2);
        assertThat(idle.size()).as("half the idle time: kept").isEqualTo(1);
        now.addAndGet(RateLimiter.IDLE.toNanos());
        assertThat(idle.size()).as("idle past the limit: forgotten").isZero();
        assertThat(idle.acquire("key:a", 1)).as("as full as it would have been").isZero();
    }
}
