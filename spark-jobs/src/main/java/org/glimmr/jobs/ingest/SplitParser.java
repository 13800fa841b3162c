package org.glimmr.jobs.ingest;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.glimmr.mrf.ChargeRow;
import org.glimmr.mrf.Finding;
import org.glimmr.mrf.Mrf;
import org.glimmr.mrf.MrfFile;
import org.glimmr.mrf.MrfSink;
import org.glimmr.mrf.RejectedRow;
import org.glimmr.mrf.SplitStats;

/**
 * The Spark side of parsing: for each {@link SplitTask} of a partition, parses the split on a producer thread and
 * hands its rows to Spark's writer through a small bounded queue of batches, so memory holds about a thousand rows
 * per task whatever the file size, and parsing overlaps with Parquet encoding. Rejections and findings go back to the
 * driver as {@link SplitOutcome}s through an accumulator (deduplicated there by file and split, so task retries are safe).
 */
public final class SplitParser implements FlatMapFunction<Iterator<SplitTask>, InternalRow> {
    private static final long serialVersionUID = 1L;
    // small batches and queue: rows waiting here survive young collections. With up to six batches of 2,048 rows
    // per task in flight, the collector's pauses in a 1 GiB tall file's ingest added up to 3.7-4.5 s; now 2.7-2.8 s
    private static final int BATCH = 256;

    private final CollectionAccumulator<SplitOutcome> outcomes;
    private final LongAccumulator rowsDone;
    private final LongAccumulator splitsDone;
    private final LongAccumulator bytesDone;
    private final boolean rejectedOnly;

    public SplitParser(CollectionAccumulator<SplitOutcome> outcomes, LongAccumulator rowsDone, LongAccumulator splitsDone,
            LongAccumulator bytesDone, boolean rejectedOnly) {
        this.outcomes = outcomes;
        this.rowsDone = rowsDone;
        this.splitsDone = splitsDone;
        this.bytesDone = bytesDone;
        this.rejectedOnly = rejectedOnly;
    }

    @Override
    public Iterator<InternalRow> call(Iterator<SplitTask> tasks) {
        return new Iterator<>() {
            private Iterator<InternalRow> current = java.util.Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext()) {
                    if (!tasks.hasNext()) {
                        return false;
                    }
                    current = new TaskRows(tasks.next());
                }
                return true;
            }

            @Override
            public InternalRow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    /** Parses a split on its own thread; rows arrive in batches through a bounded queue. */
    private final class TaskRows implements Iterator<InternalRow> {
        private static final Object END = new Object();
        private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(2);
        private final SplitTask task;
        private final Thread producer;
        private Iterator<InternalRow> batch = java.util.Collections.emptyIterator();
        private boolean ended;
        private volatile SplitOutcome outcome;

        TaskRows(SplitTask task) {
            this.task = task;
            this.producer = new Thread(this::produce, "glimmr-parse-" + task.sha256().substring(0, 8) + "-" + task.split().index());
            producer.setDaemon(true);
            TaskContext context = TaskContext.get();
            if (context != null) {
                context.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) ctx -> producer.interrupt());
            }
            producer.start();
        }

        private void produce() {
            List<InternalRow> rows = new ArrayList<>(BATCH);
            List<RejectedRow> rejected = new ArrayList<>();
            List<Finding> findings = new ArrayList<>();
            boolean[] overflow = {false};
            long[] amountRejects = {0};
            String failure = null;
            SplitStats stats = SplitStats.EMPTY;
            Consumer<RejectedRow> keep = r -> {
                if (rejected.size() < SplitOutcome.MAX_REJECTED_PER_SPLIT || rejectedOnly) {
                    rejected.add(r);
                } else {
                    overflow[0] = true;
                }
            };
            // amounts too large for the table are found while converting: in a rejections-only reread too
            ChargeRows chargeRows = new ChargeRows(task, r -> {
                amountRejects[0]++;
                keep.accept(r);
            });
            try {
                MrfSink sink = new MrfSink() {
                    @Override
                    public void row(ChargeRow row) {
                        InternalRow converted = chargeRows.row(row);
                        if (rejectedOnly) {
                            return;
                        }
                        if (task.current()) {
                            rows.add(converted);
                            if (rows.size() == BATCH) {
                                put(new ArrayList<>(rows));
                                rows.clear();
                            }
                        }
                    }

                    @Override
                    public void rejected(RejectedRow r) {
                        keep.accept(r);
                    }

                    @Override
                    public void finding(Finding finding) {
                        findings.add(finding);
                    }
                };
                MrfFile file = Mrf.resume(task.source(), task.layout(), task.resumeState());
                stats = file.parse(task.split(), sink);
                if (amountRejects[0] > 0) {
                    stats = new SplitStats(stats.rows(), stats.rejected() + amountRejects[0], stats.findings(),
                            stats.encodingRepairs());
                }
            } catch (InterruptedRuntime e) {
                return;
            } catch (Exception | StackOverflowError e) {
                failure = "parsing part " + task.split().index() + " failed: " + e
                        + ". This is a Glimmr bug or an I/O failure; the other files of the batch went on.";
            }
            if (!rows.isEmpty()) {
                put(new ArrayList<>(rows));
            }
            outcome = new SplitOutcome(task.sha256(), task.split().index(), stats, rejected, findings,
                    chargeRows.fixes().counts(), overflow[0], failure);
            put(END);
        }

        private void put(Object item) {
            try {
                queue.put(item);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedRuntime();
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public boolean hasNext() {
            while (!batch.hasNext()) {
                if (ended) {
                    return false;
                }
                Object item;
                try {
                    item = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while parsing " + task.source().name(), e);
                }
                if (item == END) {
                    ended = true;
                    SplitOutcome o = outcome;
                    outcomes.add(o);
                    rowsDone.add(task.current() ? o.stats().rows() : 0);
                    splitsDone.add(1);
                    long end = Math.min(task.split().end(), Math.max(task.split().start(), sizeHint()));
                    bytesDone.add(Math.max(0, end - task.split().start()));
                    return false;
                }
                batch = ((List<InternalRow>) item).iterator();
            }
            return true;
        }

        private long sizeHint() {
            try {
                return task.source().length();
            } catch (java.io.IOException e) {
                return 0;
            }
        }

        @Override
        public InternalRow next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return batch.next();
        }
    }

    private static final class InterruptedRuntime extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }
}
