package org.glimmr.mrf.csv;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An RFC 4180 tokenizer over bytes: one record at a time, cells kept as offsets into the read buffer and decoded
 * only when asked for. Works on UTF-8 (the decoded stream) and on raw bytes alike, because every byte it looks
 * at ({@code , " CR LF}) is ASCII and never part of a multi-byte character. So the same code finds the record
 * boundaries when splitting raw bytes and when parsing the decoded text, and both agree.
 *
 * <p>Rules: a field that starts with {@code "} is quoted; inside, {@code ""} is a quote and commas and line breaks
 * are data; text after the closing quote is kept as is (lenient). A quote inside an unquoted field is data. Line
 * ends are LF, CRLF or a lone CR, mixed freely. A quote still open at the end of the input makes the last record
 * {@link #malformed()}. A record larger than {@link #MAX_RECORD_BYTES} (or with more than {@link #MAX_CELLS}
 * cells), which only an unbalanced quote produces, is reported as {@link #overflow()} and its cells are dropped,
 * so memory stays bounded; its boundaries are still exact.
 *
 * <p>Physical lines are counted so every record knows the line it starts on.
 */
final class CsvTokenizer {
    static final int MAX_RECORD_BYTES = 16 << 20;
    static final int MAX_CELLS = 1 << 20;
    private static final int OVERFLOW_HEAD = 32 * 1024;
    private static final byte ESCAPED = 1;

    private final InputStream in;
    private final boolean keepCells;
    private byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private long bufStart;
    private boolean eof;
    private long line;

    private int recStart;
    private long recOffset;
    private long recLine;
    private long recEndOffset;
    private int recLength;
    private int[] starts = new int[64];
    private int[] ends = new int[64];
    private byte[] flags = new byte[64];
    private int size;
    private boolean malformed;
    private boolean overflow;
    private long overflowBytes;
    private byte[] overflowHead;
    private int blank = -1;

    /**
     * @param in        the bytes, read in bulk; the caller closes it
     * @param firstLine the physical line number of the first byte
     * @param offset    the stream offset of the first byte (for {@link #startOffset()})
     */
    CsvTokenizer(InputStream in, long firstLine, long offset) {
        this(in, firstLine, offset, true);
    }

    /**
     * @param keepCells false to find record boundaries only (splitting): the cells are not kept, so only
     *                  {@link #line()}, the offsets, {@link #malformed()} and {@link #raw()} are meaningful
     */
    CsvTokenizer(InputStream in, long firstLine, long offset, boolean keepCells) {
        this.in = requireNonNull(in, "in is null");
        this.line = firstLine;
        this.bufStart = offset;
        this.keepCells = keepCells;
    }

    /** Reads the next record; false at the end of the input. Blank lines are records too (see {@link #blank()}). */
    boolean next() throws IOException {
        recStart = pos;
        if (pos >= limit && !refill()) {
            return false;
        }
        recStart = pos;
        recOffset = bufStart + pos;
        recLine = line;
        size = 0;
        malformed = false;
        overflow = false;
        overflowBytes = 0;
        blank = -1;
        // the hot loop works on locals; fields are written back around refill() and quotedCell()
        byte[] b = buf;
        int p = pos;
        int lim = limit;
        for (;;) {
            if (p >= lim) {
                pos = p;
                boolean more = refill();
                b = buf;
                p = pos;
                lim = limit;
                if (!more) {
                    // end of input right after a comma: a last empty cell
                    addCell(p - recStart, p - recStart, (byte) 0);
                    return endRecord(p - recStart);
                }
            }
            if (b[p] == '"') {
                pos = p;
                quotedCell();
                b = buf;
                p = pos;
                lim = limit;
            } else {
                int startRel = p - recStart;
                for (;;) {
                    while (p < lim) {
                        byte c = b[p];
                        if (c > ',' || c < 0 || (c != ',' && c != '\n' && c != '\r')) {
                            p++;
                        } else {
                            break;
                        }
                    }
                    if (p < lim) {
                        break;
                    }
                    pos = p;
                    boolean more = refill();
                    b = buf;
                    p = pos;
                    lim = limit;
                    if (!more) {
                        break;
                    }
                }
                int endRel = p - recStart;
                if (!keepCells) {
                    size = 1;
                } else if (!overflow && size < starts.length) {
                    starts[size] = startRel;
                    ends[size] = endRel;
                    flags[size] = 0;
                    size++;
                } else {
                    addCell(startRel, endRel, (byte) 0);
                }
            }
            if (p >= lim) {
                pos = p;
                boolean more = refill();
                b = buf;
                p = pos;
                lim = limit;
                if (!more) {
                    return endRecord(p - recStart);
                }
            }
            byte c = b[p];
            if (c == ',') {
                p++;
                continue;
            }
            // a line end: LF, CR or CRLF
            int endRel = p - recStart;
            p++;
            line++;
            if (c == '\r') {
                if (p >= lim) {
                    pos = p;
                    refill();
                    b = buf;
                    p = pos;
                    lim = limit;
                }
                if (p < lim && b[p] == '\n') {
                    p++;
                }
            }
            pos = p;
            return endRecord(endRel);
        }
    }

    private boolean endRecord(int endRel) {
        recLength = endRel;
        recEndOffset = bufStart + pos;
        return true;
    }

    /** Advances to the next comma, line end or end of input. */
    private void scanUnquoted() throws IOException {
        for (;;) {
            byte[] b = buf;
            int p = pos;
            int lim = limit;
            while (p < lim) {
                byte c = b[p];
                if (c > ',' || c < 0 || (c != ',' && c != '\n' && c != '\r')) {
                    p++;
                } else {
                    break;
                }
            }
            pos = p;
            if (p < lim || !refill()) {
                return;
            }
        }
    }

    private void quotedCell() throws IOException {
        int openRel = pos - recStart;
        pos++;
        boolean escaped = false;
        for (;;) {
            byte[] b = buf;
            int p = pos;
            int lim = limit;
            long lines = 0;
            while (p < lim) {
                byte c = b[p];
                if (c > '"' || c < 0) {
                    p++;
                } else if (c == '"') {
                    break;
                } else {
                    if (c == '\r' || (c == '\n' && b[p - 1] != '\r')) {
                        lines++;
                    }
                    p++;
                }
            }
            line += lines;
            pos = p;
            if (p >= lim) {
                if (!refill()) {
                    malformed = true;
                    addCell(openRel, pos - recStart, ESCAPED);
                    return;
                }
                continue;
            }
            int closeRel = p - recStart;
            pos = p + 1;
            if (pos >= limit && !refill()) {
                addCell(escaped ? openRel : openRel + 1, escaped ? pos - recStart : closeRel, escaped ? ESCAPED : 0);
                return;
            }
            byte next = buf[pos];
            if (next == '"') {
                escaped = true;
                pos++;
                continue;
            }
            if (next == ',' || next == '\n' || next == '\r') {
                addCell(escaped ? openRel : openRel + 1, escaped ? pos - recStart : closeRel, escaped ? ESCAPED : 0);
                return;
            }
            // text after the closing quote: keep it, read on as unquoted
            scanUnquoted();
            addCell(openRel, pos - recStart, ESCAPED);
            return;
        }
    }

    private void addCell(int startRel, int endRel, byte flag) {
        if (overflow) {
            return;
        }
        if (!keepCells) {
            size = 1;
            return;
        }
        if (size == starts.length) {
            if (size >= MAX_CELLS) {
                startOverflow();
                return;
            }
            int n = size * 2;
            starts = Arrays.copyOf(starts, n);
            ends = Arrays.copyOf(ends, n);
            flags = Arrays.copyOf(flags, n);
        }
        starts[size] = startRel;
        ends[size] = endRel;
        flags[size] = flag;
        size++;
    }

    private void startOverflow() {
        if (!overflow) {
            overflow = true;
            int n = Math.min(OVERFLOW_HEAD, Math.max(0, pos - recStart));
            overflowHead = Arrays.copyOfRange(buf, recStart, recStart + n);
        }
    }

    /** Reads more input, keeping the current record contiguous in the buffer. False at the end of the input. */
    private boolean refill() throws IOException {
        if (eof) {
            return false;
        }
        if (pos >= limit && pos == recStart) {
            // between records: nothing to keep
            bufStart += pos;
            pos = 0;
            limit = 0;
            recStart = 0;
        } else if (recStart > 0) {
            int keep = limit - recStart;
            System.arraycopy(buf, recStart, buf, 0, keep);
            bufStart += recStart;
            pos -= recStart;
            limit = keep;
            recStart = 0;
        } else if (limit == buf.length) {
            if (buf.length >= MAX_RECORD_BYTES) {
                // an unbalanced quote swallowing the file: keep the head for the message, drop the rest
                startOverflow();
                int drop = Math.max(0, pos - 1);
                System.arraycopy(buf, drop, buf, 0, limit - drop);
                bufStart += drop;
                overflowBytes += drop;
                pos -= drop;
                limit -= drop;
            } else {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
        }
        for (;;) {
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
                return false;
            }
            if (n > 0) {
                limit += n;
                return true;
            }
        }
    }

    /** Number of cells of the record (at least 1). */
    int size() {
        return size;
    }

    /** 1-based physical line where the record starts. */
    long line() {
        return recLine;
    }

    /** Physical line where the next record starts. */
    long nextLine() {
        return line;
    }

    /** Stream offset of the record's first byte. */
    long startOffset() {
        return recOffset;
    }

    /** Stream offset just after the record's line end. */
    long endOffset() {
        return recEndOffset;
    }

    /** True when a quote was still open at the end of the input. */
    boolean malformed() {
        return malformed;
    }

    /** True when the record was too large to hold (see class comment); its cells are not available. */
    boolean overflow() {
        return overflow;
    }

    /** True when every cell is empty or white space. */
    boolean blank() {
        if (blank < 0) {
            blank = 1;
            if (!overflow && !malformed) {
                for (int i = 0; i < size; i++) {
                    if (!isBlank(i)) {
                        blank = 0;
                        break;
                    }
                }
            } else {
                blank = 0;
            }
        }
        return blank == 1;
    }

    /** True when cell {@code i} is absent (also for a negative index: no such column), empty or white space. */
    boolean isBlank(int i) {
        if (i < 0 || i >= size) {
            return true;
        }
        int s = recStart + starts[i];
        int e = recStart + ends[i];
        if (flags[i] == ESCAPED) {
            return cell(i).isEmpty();
        }
        byte[] b = buf;
        for (int p = s; p < e; p++) {
            byte c = b[p];
            if (c < 0 || c > ' ') {
                return false;
            }
        }
        return true;
    }

    /**
     * Writes into {@code out} (at least {@link #size()} long) the indexes of the cells that are not empty, in order,
     * and returns how many; such a cell may still be only white space. Lets a wide record with thousands of empty
     * payer cells be mapped by looking at its few filled ones.
     */
    int nonEmptyCells(int[] out) {
        int n = 0;
        int[] s = starts;
        int[] e = ends;
        for (int i = 0; i < size; i++) {
            if (e[i] != s[i]) {
                out[n++] = i;
            }
        }
        return n;
    }

    /** True when the cell needs unescaping, so {@link #start}/{@link #end} do not frame its text. */
    boolean escaped(int i) {
        return i >= 0 && i < size && flags[i] == ESCAPED;
    }

    byte[] buffer() {
        return buf;
    }

    /** Buffer index of the first non-blank byte of a non-escaped cell. */
    int start(int i) {
        int s = recStart + starts[i];
        int e = recStart + ends[i];
        while (s < e && buf[s] >= 0 && buf[s] <= ' ') {
            s++;
        }
        return s;
    }

    /** Buffer index after the last non-blank byte of a non-escaped cell; at most {@link #start} when it is blank. */
    int end(int i) {
        int s = recStart + starts[i];
        int e = recStart + ends[i];
        while (e > s && buf[e - 1] >= 0 && buf[e - 1] <= ' ') {
            e--;
        }
        return e;
    }

    /** The cell's text, unquoted and trimmed; empty when the record has fewer cells or {@code i} is negative. */
    String cell(int i) {
        if (i < 0 || i >= size) {
            return "";
        }
        if (flags[i] == ESCAPED) {
            return unescape(recStart + starts[i], recStart + ends[i]).trim();
        }
        int s = start(i);
        int e = end(i);
        return e <= s ? "" : new String(buf, s, e - s, StandardCharsets.UTF_8);
    }

    private String unescape(int s, int e) {
        byte[] out = new byte[e - s];
        int n = 0;
        boolean quoted = false;
        int p = s;
        if (p < e && buf[p] == '"') {
            quoted = true;
            p++;
        }
        while (p < e) {
            byte c = buf[p];
            if (quoted && c == '"') {
                if (p + 1 < e && buf[p + 1] == '"') {
                    out[n++] = '"';
                    p += 2;
                    continue;
                }
                quoted = false;
                p++;
                continue;
            }
            out[n++] = c;
            p++;
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    /** The record as written, without its line end (for rejected rows). */
    String raw() {
        if (overflow && overflowBytes > 0) {
            return new String(overflowHead, StandardCharsets.UTF_8) + "…[record of about "
                    + (recEndOffset - recOffset) + " bytes cut]";
        }
        return new String(buf, recStart, recLength, StandardCharsets.UTF_8);
    }
}
