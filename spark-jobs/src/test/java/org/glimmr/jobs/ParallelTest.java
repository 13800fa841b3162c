package org.glimmr.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ParallelTest {
    @Test
    void runsEveryActionAtOnce() {
        CountDownLatch allStarted = new CountDownLatch(3);
        AtomicInteger met = new AtomicInteger();
        Runnable waitForTheOthers = () -> {
            allStarted.countDown();
            try {
                // each returns only when all three have started: they cannot have run one after another
                if (allStarted.await(10, TimeUnit.SECONDS)) {
                    met.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        Parallel.runAll(3, "test", List.of(waitForTheOthers, waitForTheOthers, waitForTheOthers));
        assertEquals(3, met.get());
    }

    @Test
    void aFailureDoesNotStopTheOthersAndIsThrownWithTheRestSuppressed() {
        AtomicInteger done = new AtomicInteger();
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> Parallel.runAll(2, "test", List.of(
                () -> {
                    throw new IllegalStateException("rejected rows failed");
                },
                done::incrementAndGet,
                () -> {
                    throw new IllegalArgumentException("hospitals failed");
                },
                done::incrementAndGet)));
        assertEquals("rejected rows failed", thrown.getMessage());
        assertEquals(1, thrown.getSuppressed().length);
        assertEquals("hospitals failed", thrown.getSuppressed()[0].getMessage());
        assertEquals(2, done.get());
    }

    @Test
    void noMoreThreadsThanAsked() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Runnable task = () -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
        };
        Parallel.runAll(2, "test", List.of(task, task, task, task, task, task));
        assertEquals(2, most.get());
    }
}
