package org.glimmr.serving.data;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Which load the curated tables hold: the export run that swapped them in, the latest one marked {@code done} in
 * {@code glimmr.export_runs} (an export swaps its tables and marks its run in one transaction), or {@code ""} where
 * none is (tables filled otherwise). A paged statement reads the load in the same statement as its rows, so a page
 * and the load it names always belong together.
 */
public final class CuratedLoad {
    /** The label of the load column a paged statement selects last. */
    static final String COLUMN = "glimmr_load";
    private static final String CURRENT = "coalesce((select run_id from glimmr.export_runs where status = 'done'"
            + " order by finished_at desc, run_id desc limit 1), '')";
    /** Appended to a paged statement's select list: the load, as {@value #COLUMN}. */
    static final String SELECTED = ", " + CURRENT + " as " + COLUMN;

    private final Db db;

    public CuratedLoad(Db db) {
        this.db = requireNonNull(db, "db is null");
    }

    /** Rows of one statement and the load they were read from; no load when there are no rows to carry it. */
    public record LoadedRows(List<Map<String, Object>> rows, Optional<String> load) {
        public LoadedRows {
            rows = List.copyOf(rows);
            requireNonNull(load, "load is null");
        }
    }

    /** The load the curated tables hold now ({@code ""} when no export is done). */
    public String current() {
        return db.one("select " + CURRENT, List.of(), rs -> rs.getString(1)).orElseThrow();
    }

    /** The latest finished export, if any: what the answer cache watches. */
    public Optional<String> latestExport() {
        return Optional.of(current()).filter(s -> !s.isEmpty());
    }

    /** Runs a statement whose select list ends with {@link #SELECTED}: its rows without that column, and the load. */
    static LoadedRows list(Db db, String sql, List<?> args) {
        AtomicReference<String> load = new AtomicReference<>();
        List<Map<String, Object>> rows = db.list(sql, args, Rows.readerWithout(COLUMN, v -> load.set((String) v)));
        return new LoadedRows(rows, Optional.ofNullable(load.get()));
    }
}
