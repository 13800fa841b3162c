package org.glimmr.jobs.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TogetherTest {
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
        Together.run(List.of(waitForTheOthers, waitForTheOthers, waitForTheOthers));
        assertEquals(3, met.get());
    }

    @Test
    void aFailureDoesNotStopTheOthersAndIsThrownWithTheRestSuppressed() {
        AtomicInteger done = new AtomicInteger();
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> Together.run(List.of(
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
}
