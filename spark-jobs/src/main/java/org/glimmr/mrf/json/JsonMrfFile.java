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
import org.glimmr.mrf.ByteSource;
import org.glimmr.mrf.FileHeader;
import org.glimmr.mrf.Finding;
import org.glimmr.mrf.Layout;
import org.glimmr.mrf.Mrf;
import org.glimmr.mrf.MrfFile;
import org.glimmr.mrf.MrfSink;
import org.glimmr.mrf.RejectReason;
import org.glimmr.mrf.RejectedRow;
import org.glimmr.mrf.Split;
import org.glimmr.mrf.SplitStats;
import org.glimmr.mrf.Utf8RepairingInputStream;

/**
 * A CMS JSON MRF. {@link #open} makes one streaming pass (Jackson tokens, no tree): it reads the header keys
 * wherever they are and notes, every megabyte or so, where a {@code standard_charge_information} element starts.
 * {@link #parse} then reads a run of elements from one of those offsets, presenting them to Jackson as an array, so
 * that a large file is parsed in parts, in parallel, holding one element at a time.
 */
public final class JsonMrfFile implements MrfFile {
    /** Shared, immutable once built; parsers and generators it makes are not shared. */
    static final JsonFactory FACTORY = JsonFactory.builder().build();

    private static final byte[] OPEN_ARRAY = {'['};
    /** Ends a run of elements: the run's bytes end with a comma, so a sentinel value and the bracket close it. */
    private static final byte[] SENTINEL_AND_CLOSE = "null]".getBytes(StandardCharsets.US_ASCII);
    private static final int RAW_BEFORE_BREAK = 600;
    private static final int RAW_AFTER_BREAK = 200;

    private final ByteSource source;
    private final long length;
    private final JsonScanner.Result scan;

    private JsonMrfFile(ByteSource source, long length, JsonScanner.Result scan) {
        this.source = requireNonNull(source, "source is null");
        this.length = length;
        this.scan = requireNonNull(scan, "scan is null");
    }

    /** Scans the file once; a file whose top level is not an MRF object is returned rejected (BAD_HEADER). */
    public static MrfFile open(ByteSource source) throws IOException {
        JsonScanner.Result scan = JsonScanner.scan(source, FACTORY);
        if (scan.notObject().isPresent()) {
            String head = Mrf.peek(source);
            return Mrf.RejectedFile.of(source, Layout.JSON, RejectReason.BAD_HEADER,
                    head.substring(0, Math.min(head.length(), 2000)), scan.notObject().get() + ". A CMS JSON MRF is one "
                            + "object with hospital_name, last_updated_on, version, … and standard_charge_information; "
                            + "nothing could be read. Ask the hospital for a file in the CMS JSON template.");
        }
        return new JsonMrfFile(source, source.length(), scan);
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
        return Optional.of(scan.header().header());
    }

    @Override
    public List<Finding> fileFindings() {
        return scan.header().findings();
    }

    @Override
    public Optional<RejectedRow> rejection() {
        return Optional.empty();
    }

    /** How many elements {@code standard_charge_information} has (complete ones, when the file is broken). */
    public long elementCount() {
        return scan.elementCount();
    }

    /** How many element offsets are held; bounded by {@link Checkpoints#DEFAULT_CAPACITY} whatever the file size. */
    int checkpointCount() {
        return scan.checkpoints().size();
    }

    Checkpoints checkpoints() {
        return scan.checkpoints();
    }

    /**
     * Splits at element starts, about {@code targetBytes} each (never finer than the checkpoint spacing). One split
     * over the whole document when the source is compressed (no length), was repaired from Windows-1252 (repairs
     * move byte offsets), is small, or has fewer than two checkpoints.
     */
    @Override
    public List<Split> splits(long targetBytes) {
        if (targetBytes <= 0) {
            throw new IllegalArgumentException("targetBytes must be positive, got " + targetBytes);
        }
        Checkpoints checkpoints = scan.checkpoints();
        Split whole = new Split(0, 0, Long.MAX_VALUE, 0, 0);
        if (length < 0 || scan.repairs() > 0 || checkpoints.size() < 2 || length <= targetBytes) {
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
        RuleSink out = new RuleSink(new org.glimmr.mrf.Findings(sink));
        ElementReader reader = new ElementReader(FACTORY, scan.header().header().templateVersion(), out, sink);
        boolean last = split.end() == Long.MAX_VALUE;
        boolean whole = split.start() == 0;
        BrokenJson broken = null;
        InputStream raw = source.open(split.start());
        if (!last) {
            raw = new BoundedInputStream(raw, split.end() - split.start());
        }
        Text text = text(raw, whole);
        InputStream in = whole ? text.stream() : new SequenceInputStream(Collections.enumeration(List.of(
                new ByteArrayInputStream(OPEN_ARRAY), text.stream(),
                new ByteArrayInputStream(last ? new byte[0] : SENTINEL_AND_CLOSE))));
        try (JsonParser p = FACTORY.createParser(in)) {
            try {
                if (whole) {
                    wholeDocument(p, reader);
                } else {
                    elementRun(p, reader, split.firstElement(), last ? Long.MAX_VALUE : 1 + split.end() - split.start());
                }
            } catch (JsonProcessingException e) {
                broken = whole ? BrokenJson.of(e, p, -1, scan.bomLength())
                        : BrokenJson.of(e, p, split.firstElement(), split.start() - 1);
            }
        } finally {
            in.close();
        }
        long repairs = text.repairs();
        if (broken == null && last && scan.broken().isPresent()) {
            broken = scan.broken().get();
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

    /** The decoded text of a part of the file, and how many bytes had to be read as Windows-1252. */
    private record Text(InputStream stream, Utf8RepairingInputStream repairing) {
        long repairs() {
            return repairing == null ? 0 : repairing.repairs();
        }
    }

    /**
     * The UTF-8 text for Jackson. When the scan read the whole file without a single repair, the bytes are valid
     * UTF-8 and the repairing stream would pass them through unchanged: they go to Jackson directly (the byte-order
     * mark skipped here), which saves about a fifth of the parse time. Otherwise through the repairing stream.
     */
    private Text text(InputStream raw, boolean fromStart) throws IOException {
        if (scan.repairs() == 0) {
            if (fromStart) {
                raw.skipNBytes(scan.bomLength());
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
