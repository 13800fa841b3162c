package org.glimmr.mrf.json;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.glimmr.mrf.BoundedInputStream;
import org.glimmr.mrf.ByteSource;
import org.glimmr.mrf.FileHeader;
import org.glimmr.mrf.FileStart;
import org.glimmr.mrf.Finding;
import org.glimmr.mrf.Findings;
import org.glimmr.mrf.Layout;
import org.glimmr.mrf.MrfFile;
import org.glimmr.mrf.MrfSink;
import org.glimmr.mrf.RejectReason;
import org.glimmr.mrf.RejectedFile;
import org.glimmr.mrf.RejectedRow;
import org.glimmr.mrf.Rule;
import org.glimmr.mrf.Severity;
import org.glimmr.mrf.Split;
import org.glimmr.mrf.SplitStats;
import org.glimmr.mrf.Utf8RepairingInputStream;

/**
 * A CMS JSON MRF. {@link #open} makes one streaming pass (Jackson tokens, no tree): it reads the header keys
 * wherever they are and notes, every megabyte or so, where a {@code standard_charge_information} element starts.
 * {@link #parse} then reads a run of elements from one of those offsets, presenting them to Jackson as an array, so
 * that a large file is parsed in parts, in parallel, holding one element at a time. Another machine rebuilds the
 * file for {@link #parse} from {@link #resumeState()} with {@link #resume}, without scanning it again.
 *
 * <p>A file that will be read as one part anyway (compressed, or no larger than a split) need not be scanned first:
 * {@link #open(ByteSource, long)} then reads only the top of it (the header keys written before the charges and the
 * first elements), and {@link #parse} reads it once, rows and header checks together ({@link JsonScanner#parse}).
 * The file is scanned as before when that top does not settle the header (see {@link #onePassPlan}).
 */
public final class JsonMrfFile implements MrfFile {
    private static final String OPEN_ARRAY = "[";
    /** Ends a run of elements: the run's bytes end with a comma, so a sentinel value and the bracket close it. */
    private static final String SENTINEL_AND_CLOSE = "null]";
    private static final int RAW_BEFORE_BREAK = 600;
    private static final int RAW_AFTER_BREAK = 200;

    /** One per file (its key-name table is shared by the scan and every parse; Jackson makes that thread-safe). */
    private final JsonFactory factory;
    private final ByteSource source;
    private final ParsePlan plan;
    /** Empty for a file rebuilt by {@link #resume}, or opened for one pass: it parses splits, and knows nothing else. */
    private final Optional<JsonScanner.Result> scan;
    /** The header of a file opened for one pass (its findings come with the rows, from {@link #parse}). */
    private final Optional<FileHeader> onePassHeader;

    private JsonMrfFile(JsonFactory factory, ByteSource source, ParsePlan plan, Optional<JsonScanner.Result> scan,
            Optional<FileHeader> onePassHeader) {
        this.factory = requireNonNull(factory, "factory is null");
        this.source = requireNonNull(source, "source is null");
        this.plan = requireNonNull(plan, "plan is null");
        this.scan = requireNonNull(scan, "scan is null");
        this.onePassHeader = requireNonNull(onePassHeader, "onePassHeader is null");
    }

    /** Scans the file once; a file whose top level is not an MRF object is returned rejected (BAD_HEADER). */
    public static MrfFile open(ByteSource source) throws IOException {
        return scanned(source, new JsonFactory());
    }

    /**
     * Like {@link #open(ByteSource)}, but a file that {@link #splits} would return whole for {@code splitBytes}
     * (compressed, or at most that long) is not scanned when its top settles the header: it is then read once, by
     * {@link #parse}, which also reports the file's findings ({@link #fileFindings()} is empty).
     */
    public static MrfFile open(ByteSource source, long splitBytes) throws IOException {
        JsonFactory factory = new JsonFactory();
        long length = source.length();
        if (length < 0 || length <= splitBytes) {
            JsonScanner.Result prefix = JsonScanner.prefix(source, factory);
            Optional<ParsePlan> onePass = onePassPlan(prefix);
            if (onePass.isPresent()) {
                return new JsonMrfFile(factory, source, onePass.get(), Optional.empty(),
                        Optional.of(prefix.header().header()));
            }
        }
        return scanned(source, factory);
    }

    /**
     * A file is read in one pass when its top is a well-formed MRF object whose version cell and every header key
     * the CMS schema requires of that version come before an array of charges, each key once: then the header
     * (hospital, license state, version) cannot change further on. Anything else is scanned first, as before.
     */
    static Optional<ParsePlan> onePassPlan(JsonScanner.Result prefix) {
        FileHeader header = prefix.header().header();
        if (prefix.notObject().isPresent() || prefix.broken().isPresent()
                || header.versionCell().isBlank()
                || !prefix.keysBeforeCharges().contains("standard_charge_information")
                || prefix.header().findings().stream().anyMatch(f -> f.is(Rule.DUPLICATE_KEY))) {
            return Optional.empty();
        }
        boolean v3 = header.templateVersion().equals(CmsJsonSchema.V3);
        for (String key : v3 ? CmsJsonSchema.REQUIRED_TOP_V3 : CmsJsonSchema.REQUIRED_TOP_V2) {
            if (!prefix.keysBeforeCharges().contains(key)) {
                return Optional.empty();
            }
        }
        return Optional.of(ParsePlan.onePass(header.templateVersion(), prefix.bomLength(), prefix.v3Hint(),
                prefix.v2Hint()));
    }

    private static MrfFile scanned(ByteSource source, JsonFactory factory) throws IOException {
        JsonScanner.Result scan = JsonScanner.scan(source, factory);
        if (scan.notObject().isPresent()) {
            String head = FileStart.text(source);
            return RejectedFile.of(source, Layout.JSON, RejectReason.BAD_HEADER,
                    head.substring(0, Math.min(head.length(), 2000)), scan.notObject().get() + ". A CMS JSON MRF is one "
                            + "object with hospital_name, last_updated_on, version, … and standard_charge_information; "
                            + "nothing could be read. Ask the hospital for a file in the CMS JSON template.");
        }
        ParsePlan plan = new ParsePlan(scan.header().header().templateVersion(), scan.bomLength(), scan.repairs() > 0,
                scan.broken());
        return new JsonMrfFile(factory, source, plan, Optional.of(scan), Optional.empty());
    }

    /**
     * Rebuilds, from {@link #resumeState()}, a file opened elsewhere, to {@link #parse} the splits planned there:
     * no scan. Its {@link #header()} and {@link #fileFindings()} are empty (the opening side reported them) and it
     * cannot plan {@link #splits}. {@code source} is the decompressed source, as {@link #open} got it.
     *
     * @throws IllegalArgumentException when the state is not one written by {@link #resumeState()}
     */
    public static MrfFile resume(ByteSource source, String state) {
        return new JsonMrfFile(new JsonFactory(), source, ParsePlan.decode(state), Optional.empty(), Optional.empty());
    }

    /** What a task needs to parse a split of this file elsewhere without scanning it: see {@link #resume}. */
    @Override
    public String resumeState() {
        return plan.encode();
    }

    @Override
    public ByteSource source() {
        return source;
    }

    @Override
    public Layout layout() {
        return Layout.JSON;
    }

    @Override
    public Optional<FileHeader> header() {
        return scan.map(s -> s.header().header()).or(() -> onePassHeader);
    }

    /** True when {@link #parse} reads the whole file in one pass (the file was not scanned). */
    public boolean onePass() {
        return plan.onePass();
    }

    @Override
    public List<Finding> fileFindings() {
        return scan.map(s -> s.header().findings()).orElse(List.of());
    }

    @Override
    public Optional<RejectedRow> rejection() {
        return Optional.empty();
    }

    /** How many elements {@code standard_charge_information} has (complete ones, when the file is broken). */
    public long elementCount() {
        return scanned().elementCount();
    }

    /** How many element offsets are held; bounded by {@link Checkpoints#DEFAULT_CAPACITY} whatever the file size. */
    int checkpointCount() {
        return scanned().checkpoints().size();
    }

    private JsonScanner.Result scanned() {
        return scan.orElseThrow(() -> new IllegalStateException(source.name() + (plan.onePass()
                ? " is read in one pass (not scanned): its elements are counted as parse reads them"
                : " was rebuilt from a resume state to parse splits planned elsewhere; open it with JsonMrfFile.open "
                        + "to plan splits or read its header")));
    }

    /**
     * Splits at element starts, about {@code targetBytes} each (never finer than the checkpoint spacing). One split
     * over the whole document when the source is compressed (no length), was repaired from Windows-1252 (repairs
     * move byte offsets), is small, or has fewer than two checkpoints.
     */
    @Override
    public List<Split> splits(long targetBytes) throws IOException {
        if (targetBytes <= 0) {
            throw new IllegalArgumentException("targetBytes must be positive, got " + targetBytes);
        }
        Split whole = new Split(0, 0, Long.MAX_VALUE, 0, 0);
        if (plan.onePass()) {
            return List.of(whole);
        }
        Checkpoints checkpoints = scanned().checkpoints();
        long length = source.length();
        if (length < 0 || plan.repaired() || checkpoints.size() < 2 || length <= targetBytes) {
            return List.of(whole);
        }
        List<Split> splits = new ArrayList<>();
        long start = checkpoints.offset(0);
        long first = checkpoints.element(0);
        for (int i = 1; i < checkpoints.size(); i++) {
            if (checkpoints.offset(i) - start >= targetBytes) {
                splits.add(new Split(splits.size(), start, checkpoints.offset(i), 0, first));
                start = checkpoints.offset(i);
                first = checkpoints.element(i);
            }
        }
        splits.add(new Split(splits.size(), start, Long.MAX_VALUE, 0, first));
        return splits.size() == 1 ? List.of(whole) : List.copyOf(splits);
    }

    @Override
    public SplitStats parse(Split split, MrfSink sink) throws IOException {
        requireNonNull(split, "split is null");
        requireNonNull(sink, "sink is null");
        RuleSink out = new RuleSink(new Findings(sink));
        ElementReader reader = new ElementReader(factory, plan.templateVersion(), out, sink);
        if (plan.onePass()) {
            return onePass(split, sink, out, reader);
        }
        boolean last = split.end() == Long.MAX_VALUE;
        boolean whole = split.start() == 0;
        BrokenJson broken = null;
        InputStream raw = source.open(split.start());
        Text text;
        try {
            text = text(last ? raw : new BoundedInputStream(raw, split.end() - split.start()), whole);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
        InputStream in = whole ? text.stream() : new SequenceInputStream(Collections.enumeration(List.of(
                new ByteArrayInputStream(OPEN_ARRAY.getBytes(StandardCharsets.US_ASCII)), text.stream(),
                new ByteArrayInputStream((last ? "" : SENTINEL_AND_CLOSE).getBytes(StandardCharsets.US_ASCII)))));
        try (JsonParser p = factory.createParser(in)) {
            try {
                if (whole) {
                    wholeDocument(p, reader);
                } else {
                    elementRun(p, reader, split.firstElement(), last ? Long.MAX_VALUE : 1 + split.end() - split.start());
                }
            } catch (JsonProcessingException e) {
                broken = whole ? BrokenJson.of(e, p, -1, plan.bomLength())
                        : BrokenJson.of(e, p, split.firstElement(), split.start() - 1);
            }
        } finally {
            in.close();
        }
        long repairs = text.repairs();
        if (broken == null && last && plan.broken().isPresent()) {
            broken = plan.broken().get();
        }
        long rejected = reader.rejected();
        if (broken != null) {
            sink.rejected(broken.rejectedRow(rawAround(broken.byteOffset())));
            rejected++;
        }
        long findings = out.finish("standard_charge_information[" + split.firstElement() + "…] (split " + split.index()
                + ")");
        return new SplitStats(reader.rows(), rejected, findings, repairs);
    }

    /**
     * The whole file in one read ({@link JsonScanner#parse}): rows and element findings as the elements are read,
     * then the file's findings (the header checks a scan would have reported at opening), the TRUNCATED row when the
     * JSON breaks, and an alert naming header keys met only after the charges (the plan did not have them).
     */
    private SplitStats onePass(Split split, MrfSink sink, RuleSink out, ElementReader reader) throws IOException {
        if (split.start() != 0 || split.end() != Long.MAX_VALUE) {
            throw new IllegalArgumentException(source.name() + " is read in one pass: its only split is the whole file,"
                    + " not " + split);
        }
        JsonScanner.Result read = JsonScanner.parse(source, factory, reader, plan);
        long rejected = reader.rejected();
        List<Finding> fileFindings = new ArrayList<>(read.header().findings());
        if (!read.lateHeaderKeys().isEmpty()) {
            fileFindings.add(new Finding(Rule.LATE_HEADER_KEY, Severity.ALERT, "/" + read.lateHeaderKeys().get(0),
                    "the top-level key(s) " + String.join(", ", read.lateHeaderKeys()) + " come after "
                            + "standard_charge_information; the file's findings include them, but the hospital's "
                            + "header columns were taken from the keys before the charges. Write the header keys "
                            + "first, as the CMS template does."));
        }
        fileFindings.forEach(sink::finding);
        if (read.broken().isPresent()) {
            BrokenJson broken = read.broken().get();
            sink.rejected(broken.rejectedRow(rawAround(broken.byteOffset())));
            rejected++;
        }
        long findings = out.finish("standard_charge_information (whole file)") + fileFindings.size();
        return new SplitStats(reader.rows(), rejected, findings, read.repairs());
    }

    /** The decoded text of a part of the file, and how many bytes had to be read as Windows-1252. */
    private record Text(InputStream stream, Utf8RepairingInputStream repairing) {
        Text {
            requireNonNull(stream, "stream is null");
        }

        long repairs() {
            return repairing == null ? 0 : repairing.repairs();
        }
    }

    /**
     * The UTF-8 text for Jackson. When the scan read the whole file without a single repair, the bytes are valid
     * UTF-8 and the repairing stream would pass them through unchanged: they go to Jackson directly (the byte-order
     * mark skipped here), which saves about a tenth of the parse time. Otherwise through the repairing stream.
     */
    private Text text(InputStream raw, boolean fromStart) throws IOException {
        if (!plan.repaired()) {
            if (fromStart) {
                raw.skipNBytes(plan.bomLength());
            }
            return new Text(raw, null);
        }
        Utf8RepairingInputStream repairing = new Utf8RepairingInputStream(raw, fromStart);
        return new Text(repairing, repairing);
    }

    /** The single split: stream the whole document and descend into standard_charge_information. */
    private static void wholeDocument(JsonParser p, ElementReader reader) throws IOException {
        JsonToken t = p.nextToken();
        if (t == JsonToken.START_ARRAY) {
            t = p.nextToken();
        }
        if (t != JsonToken.START_OBJECT) {
            return;
        }
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken value = p.nextToken();
            if (!name.equals("standard_charge_information")) {
                p.skipChildren();
                continue;
            }
            if (value == JsonToken.START_ARRAY) {
                long index = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    reader.read(p, index++);
                }
            } else if (value == JsonToken.START_OBJECT) {
                // one item not wrapped in an array (reported as a Type finding of the file): read it as element 0
                reader.read(p, 0);
            }
            return;
        }
    }

    /** A run of elements presented as {@code [e1, e2, …, null]}; the sentinel null sits at {@code sentinelOffset}. */
    private static void elementRun(JsonParser p, ElementReader reader, long firstElement, long sentinelOffset)
            throws IOException {
        p.nextToken();
        long index = firstElement;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == JsonToken.VALUE_NULL && p.currentTokenLocation().getByteOffset() >= sentinelOffset) {
                return;
            }
            reader.read(p, index++);
        }
    }

    /** The text around a break, for the TRUNCATED row. */
    private String rawAround(long offset) throws IOException {
        if (offset < 0) {
            return "";
        }
        long from = Math.max(0, offset - RAW_BEFORE_BREAK);
        try (InputStream in = source.open(from)) {
            byte[] bytes = in.readNBytes((int) (offset - from) + RAW_AFTER_BREAK);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
