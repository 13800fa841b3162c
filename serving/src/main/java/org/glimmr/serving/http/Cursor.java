package org.glimmr.serving.http;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * An opaque paging cursor: the sort key of the last item returned, and a fingerprint of the query's filters so a
 * cursor is not reused with other filters (which would skip or repeat items). Encoded as URL-safe base64 text.
 * Forging one only moves the caller's own position: every value goes into SQL as a bound parameter.
 */
public record Cursor(String fingerprint, List<String> keys) {
    private static final String VERSION = "c1";
    private static final char SEP = '\u001f';

    public Cursor {
        requireNonNull(fingerprint, "fingerprint is null");
        keys = List.copyOf(keys);
    }

    public String encode() {
        StringBuilder s = new StringBuilder(VERSION).append(SEP).append(fingerprint);
        for (String k : keys) {
            s.append(SEP).append(k);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor in {@code raw}, checked against this query's fingerprint and number of keys. */
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
        if (parts.length != keyCount + 2 || !parts[0].equals(VERSION)) {
            throw invalid(raw.get());
        }
        if (!parts[1].equals(fingerprint)) {
            throw Problem.badRequest("parameter 'cursor' belongs to a query with other filters or sort order. Fix: repeat the"
                    + " same filters as the request that returned it, or omit the cursor to start again.");
        }
        return Optional.of(new Cursor(fingerprint, List.of(parts).subList(2, parts.length)));
    }

    /** A short stable digest of the filters that define a result list. */
    public static String fingerprint(Object... filters) {
        return Integer.toHexString(java.util.Arrays.deepHashCode(filters));
    }

    public static Problem invalid(String raw) {
        return Problem.badParameter("cursor", raw, "is not a cursor this API issued",
                "pass the next_cursor value of the previous page unchanged, or omit it for the first page");
    }
}
