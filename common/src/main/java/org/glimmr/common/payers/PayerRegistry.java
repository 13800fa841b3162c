package org.glimmr.common.payers;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.glimmr.common.GlimmrException;
import org.glimmr.common.GlimmrException.ErrorCode;

/**
 * The canonical payers and the matcher of raw payer names to them. Immutable, so thread-safe, and
 * {@link Serializable}, so a Spark job may ship it to its tasks (loading it is also cheap: a few milliseconds).
 *
 * <p>{@link #match} tries, on the key of {@link PayerNames#key}: the payer's own name or id ({@code exact}), then its
 * aliases ({@code alias}), then its regular expressions, then the longest alias the name starts with, word by word
 * ({@code pattern}; "Molina Healthcare of Michigan Inc" by "Molina Healthcare"). The government programs Medicare
 * and Medicaid are never matched by a leading word ("Medicare Advantage" is not Medicare): only by name, alias or
 * expression. A name two payers' expressions claim stays unmatched, as does everything else: the registry never
 * guesses; {@code ./glimmr payers unmatched} lists what a person should review.
 *
 * <p>Loading checks the registry: ids unique and lower_snake, known types, every name and alias keying to one payer
 * only, expressions valid. A registry that breaks a rule does not load.
 */
public final class PayerRegistry implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Where {@link #load()} reads the registry on the class path. */
    public static final String RESOURCE = "payers/payers.csv";

    /** The programs themselves: "Medicare Advantage" or "Medicaid HMO" start with their names but are other payers' plans. */
    private static final Set<PayerType> NO_LEADING_MATCH = EnumSet.of(PayerType.MEDICARE, PayerType.MEDICAID);

    /** Types a name's words never change: "Tricare for Life" stays TRICARE, "Corvel Medicare" stays workers' comp. */
    private static final Set<PayerType> FIXED_TYPES = EnumSet.of(PayerType.MEDICARE, PayerType.MEDICAID, PayerType.TRICARE,
            PayerType.WORKERS_COMP);

    private static final List<String> COLUMNS = List.of("id", "name", "type", "parent", "aliases", "patterns");

    private final List<Payer> payers;
    /** key of a payer's name or id → the payer */
    private final Map<String, Payer> exact;
    /** key of an alias → the payer */
    private final Map<String, Payer> aliases;
    private final List<PayerPattern> patterns;
    private final String fingerprint;

    private PayerRegistry(List<Payer> payers, Map<String, Payer> exact, Map<String, Payer> aliases,
                          List<PayerPattern> patterns, String fingerprint) {
        this.fingerprint = fingerprint;
        this.payers = List.copyOf(payers);
        this.exact = Map.copyOf(exact);
        this.aliases = Map.copyOf(aliases);
        this.patterns = List.copyOf(patterns);
    }

    /** The registry that ships with Glimmr ({@value #RESOURCE} on the class path). */
    public static PayerRegistry load() {
        InputStream in = PayerRegistry.class.getClassLoader().getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new GlimmrException(ErrorCode.INTERNAL, "the payer registry " + RESOURCE + " is not on the class path. "
                    + "Fix: rebuild Glimmr (mvn package); the file lives in common/src/main/resources/" + RESOURCE);
        }
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return read(reader, RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A registry in the format of {@value #RESOURCE}; {@code source} names it in error messages. */
    public static PayerRegistry read(Reader reader, String source) throws IOException {
        requireNonNull(source, "source is null");
        MessageDigest digest = sha256();
        BufferedReader lines = new BufferedReader(reader) {
            @Override
            public String readLine() throws IOException {
                String line = super.readLine();
                if (line != null) {
                    digest.update((line + "\n").getBytes(StandardCharsets.UTF_8));
                }
                return line;
            }
        };
        String header = lines.readLine();
        if (header == null || !RegistryCsv.fields(header.replace("\uFEFF", "")).equals(COLUMNS)) {
            throw invalid(source, 1, "the header must be " + String.join(",", COLUMNS) + ", found: " + header);
        }
        List<Payer> payers = new ArrayList<>();
        Map<String, Payer> exact = new LinkedHashMap<>();
        Map<String, Payer> aliases = new LinkedHashMap<>();
        List<PayerPattern> patterns = new ArrayList<>();
        Map<String, Payer> owners = new HashMap<>();
        int lineNumber = 1;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            lineNumber++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Payer payer = parse(line, source, lineNumber);
            if (payers.stream().anyMatch(p -> p.id().equals(payer.id()))) {
                throw invalid(source, lineNumber, "payer id '" + payer.id() + "' is used twice");
            }
            payers.add(payer);
            for (String name : List.of(payer.name(), payer.id().replace('_', ' '))) {
                claim(exact, owners, name, payer, source, lineNumber);
            }
            for (String alias : payer.aliases()) {
                claim(aliases, owners, alias, payer, source, lineNumber);
            }
            for (String regex : payer.patterns()) {
                try {
                    patterns.add(new PayerPattern(Pattern.compile(regex.replace("{state}", UsStates.ALTERNATION)), payer));
                } catch (PatternSyntaxException e) {
                    throw invalid(source, lineNumber, "pattern '" + regex + "' of " + payer.id() + " is not a valid regular expression: "
                            + e.getDescription());
                }
            }
        }
        return new PayerRegistry(payers, exact, aliases, patterns, HexFormat.of().formatHex(digest.digest()).substring(0, 16));
    }

    /**
     * A fingerprint of the registry's text (SHA-256 of its lines, 16 hex digits): another registry matches names
     * otherwise, so what was matched with an older one must be matched again.
     */
    public String fingerprint() {
        return fingerprint;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private static Payer parse(String line, String source, int lineNumber) {
        List<String> f = RegistryCsv.fields(line);
        if (f.size() != COLUMNS.size()) {
            throw invalid(source, lineNumber, "expected " + COLUMNS.size() + " fields (" + String.join(",", COLUMNS) + "), found "
                    + f.size() + " in: " + line);
        }
        PayerType type = PayerType.fromId(f.get(2)).orElseThrow(() -> invalid(source, lineNumber, "unknown payer type '" + f.get(2)
                + "'; use one of " + Arrays.stream(PayerType.values()).map(PayerType::id).toList()));
        try {
            return new Payer(f.get(0), f.get(1), type, f.get(3), list(f.get(4)), list(f.get(5)));
        } catch (IllegalArgumentException e) {
            throw invalid(source, lineNumber, e.getMessage());
        }
    }

    private static List<String> list(String field) {
        return Arrays.stream(field.split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** Registers a name or alias; two payers claiming one key is an error (so no name can map to two payers). */
    private static void claim(Map<String, Payer> target, Map<String, Payer> owners, String name, Payer payer,
                              String source, int lineNumber) {
        String key = PayerNames.key(name);
        if (key.isEmpty()) {
            throw invalid(source, lineNumber, "'" + name + "' of " + payer.id() + " is empty after normalisation");
        }
        Payer owner = owners.putIfAbsent(key, payer);
        if (owner != null && !owner.id().equals(payer.id())) {
            throw invalid(source, lineNumber, "'" + name + "' (key '" + key + "') of " + payer.id() + " is already a name or alias of "
                    + owner.id() + ". Fix: keep it on one payer only");
        }
        target.putIfAbsent(key, payer);
    }

    /** A compiled registry expression and its payer ({@link Pattern} is serializable, a map entry is not). */
    private record PayerPattern(Pattern regex, Payer payer) implements Serializable {}

    private static GlimmrException invalid(String source, int line, String problem) {
        return new GlimmrException(ErrorCode.INPUT, "payer registry " + source + " line " + line + ": " + problem);
    }

    /** Every canonical payer, in registry order. */
    public List<Payer> payers() {
        return payers;
    }

    /** The canonical payer a raw name maps to, or an unmatched result; never throws, null and blank are unmatched. */
    public PayerMatch match(String rawPayerName) {
        String raw = rawPayerName == null ? "" : rawPayerName;
        String normalized = PayerNames.normalize(raw);
        String key = PayerNames.keyOfNormalized(normalized);
        if (key.isEmpty()) {
            return PayerMatch.unmatched(raw, normalized);
        }
        Payer payer = exact.get(key);
        if (payer != null) {
            return matched(raw, normalized, payer, MatchedBy.EXACT);
        }
        payer = aliases.get(key);
        if (payer != null) {
            return matched(raw, normalized, payer, MatchedBy.ALIAS);
        }
        Payer byPattern = null;
        for (PayerPattern p : patterns) {
            if (p.regex().matcher(key).matches()) {
                if (byPattern != null && !byPattern.id().equals(p.payer().id())) {
                    return PayerMatch.unmatched(raw, normalized); // two payers claim it: a person decides
                }
                byPattern = p.payer();
            }
        }
        if (byPattern != null) {
            return matched(raw, normalized, byPattern, MatchedBy.PATTERN);
        }
        payer = longestLeadingAlias(key);
        return payer == null ? PayerMatch.unmatched(raw, normalized) : matched(raw, normalized, payer, MatchedBy.PATTERN);
    }

    private Payer longestLeadingAlias(String key) {
        for (int end = key.lastIndexOf(' '); end > 0; end = key.lastIndexOf(' ', end - 1)) {
            String prefix = key.substring(0, end);
            Payer payer = exact.get(prefix);
            if (payer == null) {
                payer = aliases.get(prefix);
            }
            if (payer != null && !NO_LEADING_MATCH.contains(payer.type())) {
                return payer;
            }
        }
        return null;
    }

    private static PayerMatch matched(String raw, String normalized, Payer payer, MatchedBy by) {
        PayerType type = payer.type();
        if (!FIXED_TYPES.contains(type)) {
            type = PayerNames.lineOfBusiness(normalized).orElse(type);
        }
        return new PayerMatch(raw, normalized, payer.id(), payer.name(), type, by);
    }
}
