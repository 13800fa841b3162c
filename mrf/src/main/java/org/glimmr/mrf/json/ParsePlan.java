package org.glimmr.mrf.json;

import static java.util.Objects.requireNonNull;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link JsonMrfFile#parse} needs to know from the scan of the whole file, small enough to travel with each
 * split to another machine ({@link JsonMrfFile#resumeState()}, {@link JsonMrfFile#resume}), so that a task parses
 * its part without scanning the file again.
 *
 * @param templateVersion the rule set ({@code 2.0.0} or {@code 3.0.0})
 * @param bomLength       3 when the file starts with a UTF-8 byte-order mark, else 0
 * @param repaired        the scan met bytes that are not UTF-8 (the parse then reads through the repairing stream)
 * @param broken          where the JSON stops being readable, when it does
 * @param onePass         the file was not scanned: it is read as one part, header checks and rows in one read
 *                        (then {@code repaired} and {@code broken} are not known beforehand: the read finds them)
 * @param v3Hint          one-pass only: the first elements use v3-only keys (for the header's version alert)
 * @param v2Hint          one-pass only: the first elements use {@code estimated_amount}
 */
record ParsePlan(String templateVersion, int bomLength, boolean repaired, Optional<BrokenJson> broken, boolean onePass,
        boolean v3Hint, boolean v2Hint) {
    private static final String FORMAT = "json1";

    ParsePlan {
        requireNonNull(templateVersion, "templateVersion is null");
        requireNonNull(broken, "broken is null");
        if (bomLength != 0 && bomLength != 3) {
            throw new IllegalArgumentException("bomLength must be 0 or 3, got " + bomLength);
        }
    }

    /** The plan of a scanned file. */
    ParsePlan(String templateVersion, int bomLength, boolean repaired, Optional<BrokenJson> broken) {
        this(templateVersion, bomLength, repaired, broken, false, false, false);
    }

    /** The plan of a file read in one pass (not scanned). */
    static ParsePlan onePass(String templateVersion, int bomLength, boolean v3Hint, boolean v2Hint) {
        return new ParsePlan(templateVersion, bomLength, false, Optional.empty(), true, v3Hint, v2Hint);
    }

    /** A one-line text, e.g. {@code json1&version=3.0.0&bom=0&repaired=false}. */
    String encode() {
        StringBuilder b = new StringBuilder(FORMAT);
        put(b, "version", templateVersion);
        put(b, "bom", String.valueOf(bomLength));
        put(b, "repaired", String.valueOf(repaired));
        if (onePass) {
            put(b, "onePass", "true");
            put(b, "v3Hint", String.valueOf(v3Hint));
            put(b, "v2Hint", String.valueOf(v2Hint));
        }
        broken.ifPresent(j -> {
            put(b, "brokenPath", j.path());
            put(b, "brokenAt", String.valueOf(j.byteOffset()));
            put(b, "brokenDetail", j.detail());
        });
        return b.toString();
    }

    static ParsePlan decode(String state) {
        requireNonNull(state, "state is null");
        String[] parts = state.split("&", -1);
        if (!parts[0].equals(FORMAT)) {
            throw new IllegalArgumentException("not a JSON resume state (expected it to start with " + FORMAT + "): "
                    + state);
        }
        Map<String, String> values = new HashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("bad JSON resume state part \"" + parts[i] + "\" in: " + state);
            }
            values.put(parts[i].substring(0, eq), URLDecoder.decode(parts[i].substring(eq + 1), StandardCharsets.UTF_8));
        }
        String version = values.get("version");
        if (version == null || !values.containsKey("bom") || !values.containsKey("repaired")) {
            throw new IllegalArgumentException("JSON resume state without version, bom or repaired: " + state);
        }
        Optional<BrokenJson> broken = Optional.empty();
        if (values.containsKey("brokenAt")) {
            broken = Optional.of(new BrokenJson(values.getOrDefault("brokenPath", ""),
                    Long.parseLong(values.get("brokenAt")), values.getOrDefault("brokenDetail", "")));
        }
        return new ParsePlan(version, Integer.parseInt(values.get("bom")), Boolean.parseBoolean(values.get("repaired")),
                broken, Boolean.parseBoolean(values.get("onePass")), Boolean.parseBoolean(values.get("v3Hint")),
                Boolean.parseBoolean(values.get("v2Hint")));
    }

    private static void put(StringBuilder b, String key, String value) {
        b.append('&').append(key).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
}
