package org.glimmr.serving.http;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers of the curated read routes, kept until the curated tables change. Those tables change only when an export
 * swaps in a new load (one transaction that also marks its run {@code done} in {@code glimmr.export_runs}), so the
 * cache watches that: every {@code checkMillis} it reads the latest finished run, and when it changed every entry
 * becomes invalid at once. Between an export's swap and the next check (one interval, 1 s by default) an API may
 * still answer from the previous load; a reader never sees a mix of the two, since each answer is whole.
 *
 * <p>An entry carries the generation that was current when its request <em>started</em>: a request that read the
 * old tables but finished after a change is stored under the old generation and never served. When the check fails
 * (database unreachable), the cache stops answering until a check succeeds again. Bounded by bytes, least recently
 * used first out; answers larger than a 64th of the budget are not kept.
 */
public final class ResponseCache implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ResponseCache.class);
    /** Header saying whether an answer came from the cache ({@code hit}) or was computed ({@code miss}). */
    public static final String HEADER = "X-Glimmr-Cache";

    /** A kept answer. */
    public record Entry(long generation, byte[] body, String contentType) {
        public Entry {
            requireNonNull(body, "body is null");
            requireNonNull(contentType, "contentType is null");
        }
    }

    private final long maxBytes;
    private final Supplier<Optional<String>> latestExport;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(1024, 0.75f, true);
    private long bytes;
    /** The current generation; -1 while the latest export is unknown (the cache is then bypassed). */
    private final AtomicLong generation = new AtomicLong(-1);
    private final AtomicLong nextGeneration = new AtomicLong();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private volatile Optional<String> lastSeen = Optional.empty();
    private final ScheduledExecutorService checker;

    /**
     * @param maxBytes     budget for the kept answers
     * @param checkMillis  how often the latest export is read
     * @param latestExport reads an identifier of the latest finished export (empty when there has been none); throws
     *                     when it cannot tell
     */
    public ResponseCache(long maxBytes, long checkMillis, Supplier<Optional<String>> latestExport) {
        if (maxBytes <= 0 || checkMillis <= 0) {
            throw new IllegalArgumentException("maxBytes and checkMillis must be positive, got " + maxBytes + ", " + checkMillis);
        }
        this.maxBytes = maxBytes;
        this.latestExport = requireNonNull(latestExport, "latestExport is null");
        check();
        this.checker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "glimmr-response-cache");
            t.setDaemon(true);
            return t;
        });
        checker.scheduleWithFixedDelay(this::check, checkMillis, checkMillis, TimeUnit.MILLISECONDS);
    }

    /** Reads the latest export; a change (or the first success after a failure) starts a new generation. */
    void check() {
        try {
            Optional<String> seen = latestExport.get();
            if (generation.get() < 0 || !seen.equals(lastSeen)) {
                synchronized (this) {
                    entries.clear();
                    bytes = 0;
                }
                lastSeen = seen;
                long next = nextGeneration.incrementAndGet();
                generation.set(next);
                LOG.atInfo().addKeyValue("export", seen.orElse("none")).addKeyValue("generation", next)
                        .log("response cache: curated data version changed, cache emptied");
            }
        } catch (RuntimeException e) {
            if (generation.getAndSet(-1) >= 0) {
                LOG.atWarn().addKeyValue("error", String.valueOf(e.getMessage())).addKeyValue("cause", String.valueOf(e.getCause()))
                        .log("response cache: cannot read the latest export, answering without the cache until it can");
            }
        }
    }

    /** The generation to tag a request with, at its start; negative: do not use the cache. */
    public long generation() {
        return generation.get();
    }

    /** The kept answer for {@code key} made in {@code generation}, if any. */
    public Optional<Entry> get(String key, long generation) {
        Entry e;
        synchronized (this) {
            e = entries.get(key);
        }
        if (e != null && e.generation() == generation && generation == this.generation.get()) {
            hits.incrementAndGet();
            return Optional.of(e);
        }
        misses.incrementAndGet();
        return Optional.empty();
    }

    /** Keeps an answer computed by a request that started in {@code generation} (dropped if that is over). */
    public void put(String key, long generation, byte[] body, String contentType) {
        long size = weight(key, body);
        if (generation != this.generation.get() || size > maxBytes / 64) {
            return;
        }
        synchronized (this) {
            Entry old = entries.put(key, new Entry(generation, body, contentType));
            if (old != null) {
                bytes -= weight(key, old.body());
            }
            bytes += size;
            var it = entries.entrySet().iterator();
            while (bytes > maxBytes && it.hasNext()) {
                Map.Entry<String, Entry> eldest = it.next();
                bytes -= weight(eldest.getKey(), eldest.getValue().body());
                it.remove();
            }
        }
    }

    /** What an entry counts against the budget: its body, its key's characters and a little for the map's node. */
    private static long weight(String key, byte[] body) {
        return body.length + key.length() * 2L + 64;
    }

    /** The request's identity for the cache: its path and its query parameters in name order (values in order). */
    public static String key(Context ctx) {
        StringBuilder b = new StringBuilder(ctx.path());
        for (Map.Entry<String, List<String>> p : new TreeMap<>(ctx.queryParamMap()).entrySet()) {
            for (String v : p.getValue()) {
                b.append('\u0000').append(p.getKey()).append('\u0001').append(v);
            }
        }
        return b.toString();
    }

    public long hits() {
        return hits.get();
    }

    public long misses() {
        return misses.get();
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized long bytes() {
        return bytes;
    }

    @Override
    public void close() {
        checker.shutdownNow();
    }
}
