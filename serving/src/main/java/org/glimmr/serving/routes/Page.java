package org.glimmr.serving.routes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.glimmr.serving.http.Cursor;

/** A page of a list: {@code data}, {@code next_cursor} (null on the last page) and {@code limit}. */
final class Page {
    private Page() {}

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
