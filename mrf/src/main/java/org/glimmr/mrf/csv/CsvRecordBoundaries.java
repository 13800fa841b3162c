package org.glimmr.mrf.csv;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.glimmr.mrf.Split;

/**
 * Cuts the data records of a CSV file into splits of about a target size, with {@link CsvTokenizer}'s rules and
 * line counts but without its cells: only {@code " CR LF} matter, and they are looked for eight bytes at a time.
 * Outside a quoted field a line end ends the record; a quote opens a quoted field when it is the first byte of a
 * field (the byte before it is a comma or a line end, or it starts the data); inside, {@code ""} is a quote and
 * line ends are data; after the closing quote the field goes on unquoted. Physical lines are counted as the
 * tokenizer counts them (LF, CR, or CRLF as one). The splitting scan of a large file was the tokenizer itself,
 * building every cell it then dropped.
 */
final class CsvRecordBoundaries {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = ONES * '"';
    private static final long LFS = ONES * '\n';
    private static final long CRS = ONES * '\r';

    private final long targetBytes;
    private final long length;
    private final List<Split> splits = new ArrayList<>();
    /** Where the split being built starts, and its first line. */
    private long start;
    private long firstLine;
    /** The physical line of the byte being looked at. */
    private long line;
    private boolean quoted;
    /** The previous read ended on a quote inside a quoted field: the next byte says whether it closed the field. */
    private boolean quoteSeen;
    /** A CR ended a record as the last byte of a read; an LF first in the next read belongs to it. */
    private boolean crPending;
    /** The byte before the current one ({@code \n} at the start: the data starts a field). */
    private byte previous = '\n';

    private CsvRecordBoundaries(long start, long firstLine, long length, long targetBytes) {
        this.start = start;
        this.firstLine = firstLine;
        this.line = firstLine;
        this.length = length;
        this.targetBytes = targetBytes;
    }

    /**
     * The splits of the data that starts at stream offset {@code start} (just after the header records) on physical
     * line {@code firstLine}; {@code in} is positioned there, {@code length} is the whole stream's length. The last
     * split ends at {@link Long#MAX_VALUE}.
     */
    static List<Split> splits(InputStream in, long start, long firstLine, long length, long targetBytes)
            throws IOException {
        return splits(in, start, firstLine, length, targetBytes, 1 << 16);
    }

    /** As above, reading {@code readBytes} at a time (small in tests, to put every case across two reads). */
    static List<Split> splits(InputStream in, long start, long firstLine, long length, long targetBytes,
            int readBytes) throws IOException {
        CsvRecordBoundaries b = new CsvRecordBoundaries(start, firstLine, length, targetBytes);
        byte[] buf = new byte[readBytes];
        long offset = start;
        int n;
        while ((n = in.readNBytes(buf, 0, buf.length)) > 0) {
            b.scan(buf, n, offset);
            offset += n;
        }
        if (b.crPending) {
            b.recordEnd(offset);
        }
        b.splits.add(new Split(b.splits.size(), b.start, Long.MAX_VALUE, b.firstLine, 0));
        return b.splits;
    }

    /** A record ends just before {@code next}, where the next one starts (on {@link #line}). */
    private void recordEnd(long next) {
        crPending = false;
        if (next < length && next - start >= targetBytes) {
            splits.add(new Split(splits.size(), start, next, firstLine, 0));
            start = next;
            firstLine = line;
        }
    }

    private void scan(byte[] buf, int n, long offset) {
        int i = 0;
        if (crPending) {
            if (buf[0] == '\n') {
                i = 1;
            }
            recordEnd(offset + i);
        } else if (quoteSeen) {
            // the previous read ended on a quote inside a quoted field
            quoteSeen = false;
            if (buf[0] == '"') {
                i = 1; // "": a quote, still quoted
            } else {
                quoted = false;
            }
        }
        while (true) {
            i = nextSpecial(buf, i, n);
            if (i >= n) {
                previous = buf[n - 1];
                return;
            }
            byte c = buf[i];
            byte before = i > 0 ? buf[i - 1] : previous;
            if (quoted) {
                if (c == '"') {
                    if (i + 1 >= n) {
                        quoteSeen = true;
                        previous = c;
                        return;
                    }
                    if (buf[i + 1] == '"') {
                        i += 2; // "": a quote, still quoted
                    } else {
                        quoted = false; // closed: the next byte is read outside the quotes
                        i++;
                    }
                    continue;
                }
                if (c == '\r' || before != '\r') {
                    line++; // CR, LF, or CRLF counted once
                }
                i++;
                continue;
            }
            if (c == '"') {
                if (before == ',' || before == '\n' || before == '\r') {
                    quoted = true;
                }
                i++;
                continue;
            }
            // a line end outside quotes: LF, CR, or CRLF
            line++;
            i++;
            if (c == '\r') {
                if (i >= n) {
                    crPending = true;
                    previous = c;
                    return;
                }
                if (buf[i] == '\n') {
                    i++;
                }
            }
            recordEnd(offset + i);
        }
    }

    /**
     * Index of the first {@code " CR LF} at or after {@code from}, or {@code n}. Outside quoted fields a comma also
     * matters, but only for the quote right after it, which is told by the byte before the quote.
     */
    private static int nextSpecial(byte[] buf, int from, int n) {
        int i = from;
        while (i + Long.BYTES <= n) {
            long x = (long) LONGS.get(buf, i);
            long q = x ^ QUOTES;
            long lf = x ^ LFS;
            long cr = x ^ CRS;
            long found = ((q - ONES) & ~q | (lf - ONES) & ~lf | (cr - ONES) & ~cr) & HIGHS;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
            i += Long.BYTES;
        }
        while (i < n) {
            byte c = buf[i];
            if (c == '"' || c == '\n' || c == '\r') {
                return i;
            }
            i++;
        }
        return n;
    }
}
