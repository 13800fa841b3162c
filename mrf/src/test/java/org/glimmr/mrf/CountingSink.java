package org.glimmr.mrf;

/**
 * Test sink that counts what a parser emits and keeps nothing, so a test can measure the parser's own memory: made
 * {@link #sampling(long) sampling}, it also records the heap left after a collection every so many rows.
 */
public final class CountingSink implements MrfSink {
    private final long every;
    public long rows;
    public long rejected;
    public long findings;
    /** The largest heap in use after a collection, over the samples taken. */
    public long peakRetained;
    public int samples;

    public CountingSink() {
        this(0);
    }

    private CountingSink(long every) {
        this.every = every;
    }

    /** A sink that measures the heap after a collection every {@code every} rows. */
    public static CountingSink sampling(long every) {
        if (every < 1) {
            throw new IllegalArgumentException("every must be at least 1, not " + every);
        }
        return new CountingSink(every);
    }

    @Override
    public void row(ChargeRow row) {
        rows++;
        if (every > 0 && rows % every == 0) {
            peakRetained = Math.max(peakRetained, usedAfterGc(1));
            samples++;
        }
    }

    @Override
    public void rejected(RejectedRow r) {
        rejected++;
    }

    @Override
    public void finding(Finding finding) {
        findings++;
    }

    /** The heap in use after {@code collections} collections (the least seen), in bytes. */
    public static long usedAfterGc(int collections) {
        Runtime runtime = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < collections; i++) {
            System.gc();
            if (collections > 1) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
        }
        return used;
    }
}
