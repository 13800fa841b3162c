package org.glimmr.mrf.json;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.glimmr.mrf.ByteSource;
import org.glimmr.mrf.Finding;
import org.glimmr.mrf.Findings;
import org.glimmr.mrf.Rule;
import org.glimmr.mrf.Utf8RepairingInputStream;

/**
 * The one streaming pass of {@link JsonMrfFile#open}: reads every top-level key except
 * {@code standard_charge_information} (in any order, before or after it), skips through that array noting where
 * its elements start ({@link Checkpoints}), checks {@code modifier_information}, and notes where the JSON breaks.
 * Memory does not grow with the file.
 *
 * <p>Two more uses of the same walk, for a file read as one part: {@link #prefix} stops once the first
 * {@link #HINT_ELEMENTS} elements have been looked into (what the plan stage needs to know: header keys written
 * before the charges, the version hints), and {@link #parse} reads the elements with an {@link ElementReader}
 * instead of skipping them, so that the header checks and the rows come from one read of the file.
 */
final class JsonScanner {
    /** How many leading elements are looked into for v2/v3-only keys (when the version key is missing). */
    static final int HINT_ELEMENTS = 16;
    private static final int MAX_KEYS = 10_000;

    /**
     * @param notObject  set when the top level is not one object (nor an array holding exactly one): why
     * @param bomLength  3 when the file starts with a UTF-8 byte-order mark, else 0
     */
    record Result(
            Optional<String> notObject,
            HeaderRules.Result header,
            Checkpoints checkpoints,
            long elementCount,
            long repairs,
            Optional<BrokenJson> broken,
            int bomLength,
            boolean v3Hint,
            boolean v2Hint,
            List<String> lateHeaderKeys,
            Set<String> keysBeforeCharges) {
        Result {
            requireNonNull(notObject, "notObject is null");
            requireNonNull(header, "header is null");
            requireNonNull(checkpoints, "checkpoints is null");
            requireNonNull(broken, "broken is null");
            lateHeaderKeys = List.copyOf(lateHeaderKeys);
            keysBeforeCharges = Set.copyOf(keysBeforeCharges);
        }
    }

    /** Thrown by the prefix read once it has what it needs: the rest of the file is not read. */
    private static final class PrefixDone extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PrefixDone() {
            super(null, null, false, false);
        }
    }

    private final JsonFactory factory;
    private final Checkpoints checkpoints;
    private final int bom;
    private final Map<String, JsonValue> values = new HashMap<>();
    private final Set<String> keys = new LinkedHashSet<>();
    private JsonValue.Kind chargesKind;
    private long elements;
    private boolean v3Hint;
    private boolean v2Hint;
    private final List<Finding> modifierV2 = new ArrayList<>();
    private final List<Finding> modifierV3 = new ArrayList<>();
    private final RuleSink modifierOutV2 = new RuleSink(new Findings(modifierV2::add));
    private final RuleSink modifierOutV3 = new RuleSink(new Findings(modifierV3::add));
    private final List<Finding> other = new ArrayList<>();
    private final RuleSink otherOut = new RuleSink(new Findings(other::add));
    /** The decoded stream, and the parser reading it (replaced once the skipper has been through the array). */
    private InputStream in;
    private JsonParser p;
    /** Added to {@link #p}'s byte offsets to make them offsets in the decoded stream. */
    private long base;
    private boolean wrapped;
    /** Set by {@link #prefix}: stop after the hint elements instead of skipping the rest of the array. */
    private boolean prefixOnly;
    /** Set by {@link #parse}: reads the elements instead of skipping them (hints then come from the plan). */
    private ElementReader reader;
    /** Header keys first met after standard_charge_information (one-pass reads only: see {@link #parse}). */
    private final List<String> lateHeaderKeys = new ArrayList<>();
    /** The top-level keys met up to an array of charges (that key included); empty when there is none. */
    private Set<String> keysBeforeCharges = Set.of();

    private JsonScanner(JsonFactory factory, Checkpoints checkpoints, int bom) {
        this.factory = factory;
        this.checkpoints = checkpoints;
        this.bom = bom;
    }

    static Result scan(ByteSource source, JsonFactory factory) throws IOException {
        long length = source.length();
        int bom = bomLength(source);
        JsonScanner scanner = new JsonScanner(factory, new Checkpoints(Checkpoints.granularityFor(length),
                Checkpoints.DEFAULT_CAPACITY), bom);
        return scanner.run(source);
    }

    /**
     * Reads the top level until the first {@link #HINT_ELEMENTS} elements of standard_charge_information have been
     * looked into, then stops: header keys written after the charges, the element count and the findings about the
     * rest are not known ({@link Result#keysBeforeCharges()} says which keys came first). A small file is read to its
     * end.
     */
    static Result prefix(ByteSource source, JsonFactory factory) throws IOException {
        JsonScanner scanner = new JsonScanner(factory, new Checkpoints(Long.MAX_VALUE / 4, 2), bomLength(source));
        scanner.prefixOnly = true;
        return scanner.run(source);
    }

    /**
     * The whole file in one read: everything {@link #scan} reads, with each element of standard_charge_information
     * read by {@code reader} (rows and element findings go to its sink) instead of skipped. The byte-order mark and
     * the version hints are those the {@link #prefix} found (in {@code plan}), so the header findings are the scan's.
     * Header keys first met after the charges are listed in {@link Result#lateHeaderKeys()}: the plan, made from the
     * prefix, did not have them.
     */
    static Result parse(ByteSource source, JsonFactory factory, ElementReader reader, ParsePlan plan) throws IOException {
        JsonScanner scanner = new JsonScanner(factory, new Checkpoints(Long.MAX_VALUE / 4, 2), plan.bomLength());
        scanner.reader = requireNonNull(reader, "reader is null");
        scanner.v3Hint = plan.v3Hint();
        scanner.v2Hint = plan.v2Hint();
        return scanner.run(source);
    }

    static int bomLength(ByteSource source) throws IOException {
        try (InputStream in = source.open(0)) {
            byte[] b = in.readNBytes(3);
            return b.length == 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF ? 3 : 0;
        }
    }

    private Result run(ByteSource source) throws IOException {
        Optional<String> notObject = Optional.empty();
        BrokenJson broken = null;
        long repairs;
        try (Utf8RepairingInputStream in = new Utf8RepairingInputStream(source.open(0), true)) {
            this.in = in;
            p = factory.createParser(in);
            try {
                JsonToken t = p.nextToken();
                if (t == JsonToken.START_ARRAY) {
                    wrapped = true;
                    t = p.nextToken();
                }
                if (t != JsonToken.START_OBJECT) {
                    notObject = Optional.of(wrapped ? (t == JsonToken.END_ARRAY ? "the file is an empty array []"
                            : "the file is an array whose first value is " + label(t) + ", not the MRF object")
                            : "the file's top-level value is " + label(t) + ", not an object");
                } else {
                    readRoot();
                    if (wrapped) {
                        if (p.nextToken() != JsonToken.END_ARRAY) {
                            notObject = Optional.of("the file is an array holding more than one value; an MRF is one "
                                    + "object (hospital_name, …, standard_charge_information)");
                        } else {
                            otherOut.error(Rule.TYPE, "/", "the file is an array [ … ] holding the MRF object; "
                                    + "the CMS schema wants the object itself at the top level: remove the outer [ ].");
                        }
                    }
                    if (notObject.isEmpty()) {
                        trailing();
                    }
                }
            } catch (PrefixDone e) {
                // the prefix read has what it needs
            } catch (ElementSkipper.Broken e) {
                broken = e.where();
                elements = e.completeElements();
                checkpoints.truncateFrom(elements);
            } catch (JsonProcessingException e) {
                broken = BrokenJson.of(e, p, -1, bom + base);
                checkpoints.truncateFrom(elements);
            } finally {
                p.close();
            }
            repairs = in.repairs();
        }
        if (broken != null && keys.isEmpty() && elements == 0) {
            notObject = Optional.of("the JSON breaks before its first key: " + broken.detail() + " at " + broken.where());
        }
        modifierOutV2.finish("modifier_information");
        modifierOutV3.finish("modifier_information");
        otherOut.finish("file");
        HeaderInput input = new HeaderInput(values, keys, Optional.ofNullable(chargesKind), elements, v3Hint, v2Hint,
                modifierV2, modifierV3, broken == null, other);
        return new Result(notObject, HeaderRules.check(input), checkpoints, elements, repairs,
                Optional.ofNullable(broken), bom, v3Hint, v2Hint, lateHeaderKeys,
                keysBeforeCharges);
    }

    private void readRoot() throws IOException {
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken value = p.nextToken();
            boolean first = keys.size() < MAX_KEYS ? keys.add(name) : !keys.contains(name);
            if (name.equals("standard_charge_information")) {
                if (!first) {
                    duplicate(name);
                    p.skipChildren();
                    continue;
                }
                chargesKind = kind(value);
                if (value == JsonToken.START_ARRAY) {
                    keysBeforeCharges = Set.copyOf(keys);
                    index();
                } else {
                    p.skipChildren();
                }
            } else if (name.equals("modifier_information")) {
                modifiers(p, value);
            } else if (HeaderRules.HEADER_KEYS.contains(name)) {
                if (first) {
                    if (chargesKind != null && reader != null) {
                        lateHeaderKeys.add(name);
                    }
                    values.put(name, JsonValue.read(p));
                } else {
                    duplicate(name);
                    p.skipChildren();
                }
            } else {
                p.skipChildren();
            }
        }
    }

    private void duplicate(String name) {
        otherOut.error(Rule.DUPLICATE_KEY, "/" + name, "the top-level key \"" + name + "\" appears more than once; "
                + "only the first was read. Keep one \"" + name + "\" (merge the values into it).");
    }

    /**
     * Goes through standard_charge_information noting element starts: the first {@link #HINT_ELEMENTS} elements with
     * Jackson (looking into them for version hints), the rest with the {@link ElementSkipper} over the bytes, after
     * which a new parser takes up the top-level object where the array ends.
     */
    private void index() throws IOException {
        JsonToken t;
        if (reader != null) {
            while (p.nextToken() != JsonToken.END_ARRAY) {
                reader.read(p, elements);
                elements++;
            }
            return;
        }
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            checkpoints.offer(elements, p.currentTokenLocation().getByteOffset() + base + bom);
            if (elements < HINT_ELEMENTS && t == JsonToken.START_OBJECT) {
                hints(p);
            } else {
                p.skipChildren();
            }
            elements++;
            if (elements >= HINT_ELEMENTS && (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY)) {
                if (prefixOnly) {
                    throw new PrefixDone();
                }
                skipRest();
                return;
            }
        }
    }

    /**
     * Hands the bytes after the current element to the skipper, then continues the top-level object after the
     * array with a parser over {@code {"":null} (or {@code [{"":null} for a wrapped file) and the bytes after the
     * closing bracket, whose offsets are mapped back to the file's.
     */
    private void skipRest() throws IOException {
        ByteArrayOutputStream held = new ByteArrayOutputStream();
        long heldOffset = p.currentLocation().getByteOffset() + base;
        p.releaseBuffered(held);
        p.configure(JsonParser.Feature.AUTO_CLOSE_SOURCE, false);
        p.close();
        ElementSkipper.End end = new ElementSkipper(held.toByteArray(), in, heldOffset, checkpoints, bom).skip(elements);
        elements = end.elements();
        byte[] prefix = (wrapped ? "[{\"\":null" : "{\"\":null").getBytes(StandardCharsets.US_ASCII);
        base = end.closeOffset() + 1 - prefix.length;
        p = factory.createParser(new SequenceInputStream(new ByteArrayInputStream(prefix), new SequenceInputStream(
                new ByteArrayInputStream(end.rest()), in)));
        if (wrapped) {
            p.nextToken();
        }
        p.nextToken();
        p.nextFieldName();
        p.nextToken();
        // the parser now stands where the array's closing bracket stood: readRoot goes on with the next key
    }

    /** Walks one element looking for keys only one version has. */
    private void hints(JsonParser p) throws IOException {
        int depth = 1;
        while (depth > 0) {
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                depth++;
            } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                depth--;
            } else if (t == JsonToken.FIELD_NAME) {
                switch (p.currentName()) {
                    case "count", "median_amount", "10th_percentile", "90th_percentile", "modifier_code" -> v3Hint = true;
                    case "estimated_amount" -> v2Hint = true;
                    default -> { }
                }
            }
        }
    }

    private void modifiers(JsonParser p, JsonToken value) throws IOException {
        ModifierRules v2 = new ModifierRules(new ValueChecks(modifierOutV2, "v2.2"), false);
        ModifierRules v3 = new ModifierRules(new ValueChecks(modifierOutV3, "v3.0"), true);
        if (value != JsonToken.START_ARRAY) {
            p.skipChildren();
            v2.notAnArray(kind(value));
            v3.notAnArray(kind(value));
            return;
        }
        long m = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            JsonValue element = JsonValue.read(p);
            v2.element(element, m);
            v3.element(element, m);
            m++;
        }
        v2.end(m);
        v3.end(m);
    }

    /** Text after the top-level value: reported, never a reason to drop rows (all of them were read). */
    private void trailing() {
        try {
            JsonToken t = p.nextToken();
            if (t != null) {
                otherOut.error(Rule.INVALID_JSON, "/", "there is more JSON after the end of the top-level object "
                        + "(" + label(t) + " at byte " + (p.currentTokenLocation().getByteOffset() + base + bom) + "); it was "
                        + "not read. A file holds exactly one object: remove the extra text.");
            }
        } catch (IOException e) {
            otherOut.error(Rule.INVALID_JSON, "/", "there is text after the end of the top-level object that is not "
                    + "JSON (" + e.getMessage().lines().findFirst().orElse("") + "); it was not read. Remove it.");
        }
    }

    private static JsonValue.Kind kind(JsonToken t) {
        return switch (t) {
            case START_ARRAY -> JsonValue.Kind.ARRAY;
            case START_OBJECT -> JsonValue.Kind.OBJECT;
            case VALUE_STRING -> JsonValue.Kind.STRING;
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> JsonValue.Kind.NUMBER;
            case VALUE_TRUE, VALUE_FALSE -> JsonValue.Kind.BOOLEAN;
            default -> JsonValue.Kind.NULL;
        };
    }

    private static String label(JsonToken t) {
        return t == null ? "nothing" : t == JsonToken.END_ARRAY ? "the end of the array" : kind(t).label();
    }
}
