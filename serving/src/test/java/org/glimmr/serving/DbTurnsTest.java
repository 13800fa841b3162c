package org.glimmr.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.glimmr.serving.data.Db;
import org.glimmr.serving.error.ServingException;
import org.junit.jupiter.api.Test;

/** The API's statements take turns at the pooled connections: first come, first served, and never a wait for ever. */
class DbTurnsTest {
    @Test
    void requestsGetAConnectionInTheOrderTheyAskedAndGiveUpWithAClearError() throws Exception {
        try (TestingApi api = TestingApi.start(Map.of("GLIMMR_API_DB_POOL_SIZE", "1"));
             Db db = new Db(api.database, api.config.api(), new SimpleMeterRegistry())) {
            CountDownLatch release = new CountDownLatch(1);
            Thread holder = hold(db, release);
            List<Integer> served = Collections.synchronizedList(new ArrayList<>());
            List<Thread> waiting = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int id = i;
                Thread t = new Thread(() -> db.withConnection(c -> served.add(id)));
                t.start();
                // the next one asks only once this one waits for its turn
                awaitTurnWait(t);
                waiting.add(t);
            }
            release.countDown();
            holder.join(30_000);
            for (Thread t : waiting) {
                t.join(30_000);
            }
            assertThat(served).as("the order in which the waiting requests were served").containsExactly(0, 1, 2, 3);

            // one that waits longer than a request may fails as unavailable, and says what to do
            CountDownLatch releaseAgain = new CountDownLatch(1);
            Thread again = hold(db, releaseAgain);
            long start = System.nanoTime();
            assertThatThrownBy(() -> db.withConnection(c -> null)).isInstanceOfSatisfying(ServingException.class,
                    e -> assertThat(e.code()).isEqualTo(ServingException.ErrorCode.UNAVAILABLE)).hasMessageContaining("Fix: retry");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(30));
            releaseAgain.countDown();
            again.join(30_000);
            boolean valid = db.withConnection(c -> c.isValid(5));
            assertThat(valid).as("the connection, given back, serves again").isTrue();
        }
    }

    /** A thread that holds the one pooled connection until {@code release}; returns once it holds it. */
    private static Thread hold(Db db, CountDownLatch release) throws InterruptedException {
        CountDownLatch holding = new CountDownLatch(1);
        Thread holder = new Thread(() -> db.withConnection(c -> {
            holding.countDown();
            awaitQuietly(release);
            return null;
        }));
        holder.start();
        assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
        return holder;
    }

    private static void awaitTurnWait(Thread t) throws InterruptedException {
        while (t.getState() != Thread.State.TIMED_WAITING) {
            Thread.sleep(5);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
