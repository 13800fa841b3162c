package org.glimmr.jobs.discover;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.glimmr.jobs.http.UnsafeUrlException;
import org.glimmr.jobs.http.Urls;

/**
 * A hospital's {@code cms-hpt.txt} (45 CFR 180.50(d)(6); SPEC-NOTES §7): blocks of {@code key: value} lines
 * ({@code location-name}, {@code source-page-url}, {@code mrf-url}, {@code contact-name}, {@code contact-email}),
 * separated by blank lines. Tolerated, as real files have them: a byte-order mark, CRLF or CR line ends, no final
 * newline, spaces around keys and values, keys in another case or with {@code _} or a space for {@code -}, no space
 * after the colon, blocks not separated by a blank line (a key seen twice starts the next block), {@code #} comments.
 * What is tolerated is noted; what cannot be read (a line without a key, an unknown key, an entry without a valid
 * http(s) {@code mrf-url}) is a problem, and the other entries still count.
 */
public final class CmsHptTxt {
    static final List<String> KEYS = List.of("location-name", "source-page-url", "mrf-url", "contact-name", "contact-email");

    private CmsHptTxt() {}

    /** One location's block; {@code problems} say what in it is wrong (empty: a good entry). */
    public record Entry(int index, Optional<String> locationName, Optional<String> sourcePageUrl, Optional<String> mrfUrl,
            Optional<String> contactName, Optional<String> contactEmail, List<String> problems) {
        public Entry {
            requireNonNull(locationName, "locationName is null");
            requireNonNull(sourcePageUrl, "sourcePageUrl is null");
            requireNonNull(mrfUrl, "mrfUrl is null");
            requireNonNull(contactName, "contactName is null");
            requireNonNull(contactEmail, "contactEmail is null");
            problems = List.copyOf(problems);
        }

        /** An entry whose file can be fetched. */
        public boolean usable() {
            return mrfUrl.isPresent() && problems.stream().noneMatch(p -> p.startsWith("mrf-url"));
        }
    }

    /** The entries, and what about the file as a whole was odd or wrong (line by line). */
    public record Parsed(List<Entry> entries, List<String> problems) {
        public Parsed {
            entries = List.copyOf(entries);
            problems = List.copyOf(problems);
        }

        public boolean anyUsable() {
            return entries.stream().anyMatch(Entry::usable);
        }
    }

    public static Parsed parse(String text) {
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        List<String> problems = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        Map<String, String> block = new LinkedHashMap<>();
        String[] lines = t.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                flush(block, entries);
                continue;
            }
            if (line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            String key = colon < 0 ? "" : normaliseKey(line.substring(0, colon));
            if (!KEYS.contains(key)) {
                problems.add("line " + (i + 1) + ": " + (colon < 0 ? "not a 'key: value' line" : "unknown key '"
                        + line.substring(0, colon).strip() + "'") + ", ignored: " + abbreviate(line));
                continue;
            }
            if (block.containsKey(key)) {
                flush(block, entries); // blocks without a blank line between them
            }
            block.put(key, line.substring(colon + 1).strip());
        }
        flush(block, entries);
        if (entries.isEmpty()) {
            problems.add("no location block (location-name, source-page-url, mrf-url, contact-name, contact-email) found");
        }
        return new Parsed(entries, problems);
    }

    private static void flush(Map<String, String> block, List<Entry> entries) {
        if (block.isEmpty()) {
            return;
        }
        List<String> problems = new ArrayList<>();
        Optional<String> mrf = value(block, "mrf-url");
        if (mrf.isEmpty()) {
            problems.add("mrf-url missing");
        } else {
            try {
                Urls.parse(mrf.get());
            } catch (UnsafeUrlException e) {
                problems.add("mrf-url " + e.getMessage());
            }
        }
        for (String key : KEYS) {
            if (!key.equals("mrf-url") && value(block, key).isEmpty()) {
                problems.add(key + " missing");
            }
        }
        entries.add(new Entry(entries.size() + 1, value(block, "location-name"), value(block, "source-page-url"), mrf,
                value(block, "contact-name"), value(block, "contact-email"), problems));
        block.clear();
    }

    private static Optional<String> value(Map<String, String> block, String key) {
        return Optional.ofNullable(block.get(key)).filter(v -> !v.isEmpty());
    }

    static String normaliseKey(String key) {
        return key.strip().toLowerCase(Locale.ROOT).replaceAll("[\\s_]+", "-");
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
