package org.glimmr.serving.http;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An opaque paging cursor: a fingerprint of the query's filters (a cursor is not reused with other filters), the
 * load the page was read from (the export run that filled the curated tables: after another export the sort keys
 * name other rows, so a cursor never crosses loads), and the sort key of the last item returned. Encoded as URL-safe
 * base64 text. Forging one only moves the caller's own position: every value goes into SQL as a bound parameter.
 */
public record Cursor(String fingerprint, String load, List<String> keys) {
    private static final String VERSION = "c3";
    /**
     * Cursors of earlier versions of the API, expired: c1 did not name its load; c2 paged the rates across hospitals
     * on (dollar, rate id), a position that names no rate since rate ids number each hospital's rates.
     */
    private static final List<String> EARLIER_VERSIONS = List.of("c1", "c2");
    private static final char SEP = '\u001f';

    public Cursor {
        requireNonNull(fingerprint, "fingerprint is null");
        requireNonNull(load, "load is null");
        keys = List.copyOf(keys);
    }

    public String encode() {
        StringBuilder s = new StringBuilder(VERSION).append(SEP).append(fingerprint).append(SEP).append(load);
        for (String k : keys) {
            s.append(SEP).append(k);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor in {@code raw}, checked against this query's fingerprint and number of keys (not yet its load). */
    public static Optional<Cursor> decode(Optional<String> raw, String fingerprint, int keyCount) {
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(raw.get()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid(raw.get());
        }
        String[] parts = text.split(String.valueOf(SEP), -1);
        if (EARLIER_VERSIONS.contains(parts[0])) {
            throw expired("by an earlier version of this API, whose positions this one does not read");
        }
        if (parts.length != keyCount + 3 || !parts[0].equals(VERSION)) {
            throw invalid(raw.get());
        }
        if (!parts[1].equals(fingerprint)) {
            throw Problem.badRequest("parameter 'cursor' belongs to a query with other filters or sort order. Fix: repeat the"
                    + " same filters as the request that returned it, or omit the cursor to start again.");
        }
        return Optional.of(new Cursor(fingerprint, parts[2], List.of(parts).subList(3, parts.length)));
    }

    /** Refuses this cursor unless it was issued from {@code currentLoad}: its position means nothing in another. */
    public void requireLoad(String currentLoad) {
        if (!load.equals(currentLoad)) {
            throw expired("from the load " + shown(load) + "; the data has been replaced since (now the load "
                    + shown(currentLoad) + "), so its position would skip or repeat items");
        }
    }

    /**
     * A short stable digest of the filters that define a result list. Of their text, not their hash codes: an empty
     * value (such as {@code modifiers=none}, stored as {@code ""}) and no filter have the same hash code.
     */
    public static String fingerprint(Object... filters) {
        return Integer.toHexString(java.util.Arrays.deepToString(filters).hashCode());
    }

    public static Problem invalid(String raw) {
        return Problem.badParameter("cursor", raw, "is not a cursor this API issued",
                "pass the next_cursor value of the previous page unchanged, or omit it for the first page");
    }

    /** 410: the cursor pages through data that is no longer served. */
    private static Problem expired(String why) {
        return new Problem(410, "cursor-expired", "Cursor expired", "parameter 'cursor' was issued " + why + ". Fix: start"
                + " again from the first page (omit the cursor).", Map.of());
    }

    private static String shown(String load) {
        return load.isEmpty() ? "(no export)" : "'" + ApiErrors.safe(load) + "'";
    }
}
