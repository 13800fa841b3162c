package org.glimmr.serving.events;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.glimmr.serving.airflow.AirflowException;
import org.glimmr.serving.airflow.DagRun;
import org.glimmr.serving.airflow.DagRunState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Job-state changes and export runs, pushed to listeners. While at least one listens, the hub reads the newest
 * pipeline runs (Airflow) and the newest export run (PostgreSQL) every {@code interval} and hands each change to
 * every listener: a run that appeared or moved to another state, an export run that appeared or finished, and Airflow
 * going away or coming back. With no listener it reads nothing and keeps no thread.
 *
 * <p>The first read after {@link #listen()} found nothing (or after Airflow was unreachable) is the baseline and is not
 * reported: a listener learns the changes after it started listening, and reads the current list itself. A listener
 * whose queue overflows ({@link Listener#overflowed()}) has missed events and should start again.
 */
public final class EventHub {
    private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);
    /** Events a listener may fall behind by before it is marked overflowed. */
    static final int QUEUE_CAPACITY = 256;

    private final Duration interval;
    private final Supplier<List<DagRun>> runs;
    private final Supplier<Optional<Map<String, Object>>> lastExport;
    private final int maxListeners;
    private final Set<Listener> listeners = ConcurrentHashMap.newKeySet();
    private final AtomicLong sequence = new AtomicLong();
    private final ScheduledThreadPoolExecutor poller;
    /** Guarded by this: the polling task while anyone listens. */
    private ScheduledFuture<?> polling;
    /** Guarded by this: run states at the last read (null before the baseline), the export run, Airflow's state. */
    private Map<String, DagRunState> lastStates;
    private Optional<String> lastExportKey;
    private Boolean airflowAnswers;

    /**
     * @param interval     how often runs and exports are read while anyone listens
     * @param runs         the newest pipeline runs (throws {@link AirflowException} when Airflow does not answer)
     * @param lastExport   the newest export run ({@code run_id}, {@code status}, times), empty when there is none
     * @param maxListeners listeners at once; {@link #listen()} refuses more
     */
    public EventHub(Duration interval, Supplier<List<DagRun>> runs, Supplier<Optional<Map<String, Object>>> lastExport,
                    int maxListeners) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        if (maxListeners < 1) {
            throw new IllegalArgumentException("maxListeners must be at least 1: " + maxListeners);
        }
        this.interval = interval;
        this.runs = requireNonNull(runs, "runs is null");
        this.lastExport = requireNonNull(lastExport, "lastExport is null");
        this.maxListeners = maxListeners;
        this.poller = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "glimmr-events");
            t.setDaemon(true);
            return t;
        });
        poller.setRemoveOnCancelPolicy(true);
        poller.setKeepAliveTime(30, TimeUnit.SECONDS);
        poller.allowCoreThreadTimeOut(true);
    }

    /**
     * A new listener, or empty when {@code maxListeners} already listen. The baseline is read before this returns,
     * so every change after it reaches the listener.
     */
    public Optional<Listener> listen() {
        Listener listener = new Listener();
        synchronized (this) {
            if (listeners.size() >= maxListeners) {
                return Optional.empty();
            }
            listeners.add(listener);
            if (polling == null) {
                try {
                    poll();
                } catch (RuntimeException e) {
                    listeners.remove(listener);
                    throw e;
                }
                polling = poller.scheduleWithFixedDelay(this::pollQuietly, interval.toMillis(), interval.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
        }
        return Optional.of(listener);
    }

    public int listeners() {
        return listeners.size();
    }

    private void pollQuietly() {
        try {
            poll();
        } catch (RuntimeException e) {
            // a scheduled task that throws is never run again; the next read may well succeed
            LOG.warn("reading pipeline runs and exports failed: {}", e.toString());
        }
    }

    /** One read of runs and the export; reports what changed since the last read. */
    synchronized void poll() {
        pollRuns();
        pollExport();
    }

    private void pollRuns() {
        List<DagRun> now;
        try {
            now = runs.get();
        } catch (AirflowException e) {
            if (!Boolean.FALSE.equals(airflowAnswers)) {
                publish(new ServingEvent.AirflowStatus(sequence.incrementAndGet(), false, Optional.of(e.getMessage())));
            }
            airflowAnswers = false;
            lastStates = null; // what changed while Airflow was away is not known: the next answer is a new baseline
            return;
        }
        if (Boolean.FALSE.equals(airflowAnswers)) {
            publish(new ServingEvent.AirflowStatus(sequence.incrementAndGet(), true, Optional.empty()));
        }
        airflowAnswers = true;
        Map<String, DagRunState> states = new HashMap<>();
        for (DagRun run : now) {
            String key = run.dagId() + "/" + run.runId();
            states.put(key, run.state());
            if (lastStates != null) {
                DagRunState before = lastStates.get(key);
                if (before != run.state()) {
                    publish(new ServingEvent.JobChanged(sequence.incrementAndGet(), run, Optional.ofNullable(before)));
                }
            }
        }
        // a run that drops out of the newest ones is forgotten; it does not change any more when it does
        lastStates = states;
    }

    private void pollExport() {
        Optional<Map<String, Object>> run = lastExport.get();
        Optional<String> key = run.map(r -> r.get("run_id") + "/" + r.get("status"));
        if (lastExportKey != null && !lastExportKey.equals(key) && run.isPresent()) {
            publish(new ServingEvent.ExportChanged(sequence.incrementAndGet(), run.get()));
        }
        lastExportKey = key;
    }

    private void publish(ServingEvent event) {
        for (Listener l : listeners) {
            l.offer(event);
        }
    }

    private synchronized void remove(Listener listener) {
        listeners.remove(listener);
        if (listeners.isEmpty() && polling != null) {
            polling.cancel(false);
            polling = null;
        }
    }

    /** One listener's queue of events. Close it when done: the last one closed stops the reads. */
    public final class Listener implements AutoCloseable {
        private final BlockingQueue<ServingEvent> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
        private volatile boolean overflowed;

        private void offer(ServingEvent event) {
            if (!queue.offer(event)) {
                overflowed = true;
            }
        }

        /** The next event, waiting at most {@code wait}; empty when none came. */
        public Optional<ServingEvent> next(Duration wait) throws InterruptedException {
            return Optional.ofNullable(queue.poll(wait.toMillis(), TimeUnit.MILLISECONDS));
        }

        /** True when events were dropped because this listener fell behind. */
        public boolean overflowed() {
            return overflowed;
        }

        @Override
        public void close() {
            remove(this);
        }
    }
}
