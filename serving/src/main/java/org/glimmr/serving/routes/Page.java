package org.glimmr.serving.routes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.glimmr.serving.data.CuratedLoad;
import org.glimmr.serving.http.Cursor;

/** A page of a list: {@code data}, {@code next_cursor} (null on the last page) and {@code limit}. */
final class Page {
    private Page() {}

    /**
     * A page of curated rows, read with limit + 1 (the extra row only tells that there is a next page) after the
     * position of {@code after}, if any. That cursor must come from the load the rows were read from (410 if not);
     * the next cursor names that load. A page without rows carries no load: then the current one is asked.
     */
    static Map<String, Object> of(CuratedLoad.LoadedRows result, int limit, Optional<Cursor> after, Supplier<String> currentLoad,
                                  String fingerprint, Function<Map<String, Object>, List<String>> keysOf) {
        String load = result.load().orElseGet(() -> after.isPresent() ? currentLoad.get() : "");
        after.ifPresent(c -> c.requireLoad(load));
        return of(result.rows(), limit, row -> new Cursor(fingerprint, load, keysOf.apply(row)));
    }

    /** {@code rows} was read with limit + 1: the extra row only tells that there is a next page. */
    static Map<String, Object> of(List<Map<String, Object>> rows, int limit, Function<Map<String, Object>, Cursor> cursorOf) {
        boolean more = rows.size() > limit;
        List<Map<String, Object>> data = more ? rows.subList(0, limit) : rows;
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("data", data);
        page.put("next_cursor", more ? cursorOf.apply(data.get(data.size() - 1)).encode() : null);
        page.put("limit", limit);
        return page;
    }
}
