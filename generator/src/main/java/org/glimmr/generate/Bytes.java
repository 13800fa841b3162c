package org.glimmr.generate;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer with the few encoders the generator needs (UTF-8 text, CSV cells, JSON strings, cents and
 * tenths as plain decimals), written without {@code String.format} or per-value allocation. The generator writes a
 * record into it, then {@link #drainIfOver drains} it to the output stream, so its size is bounded by one record.
 */
final class Bytes {
    private static final byte[] DIGIT_PAIRS = new byte[200];

    static {
        for (int i = 0; i < 100; i++) {
            DIGIT_PAIRS[2 * i] = (byte) ('0' + i / 10);
            DIGIT_PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    private byte[] buf;
    private int size;
    private long drained;

    Bytes(int capacity) {
        buf = new byte[capacity];
    }

    int size() {
        return size;
    }

    /** Bytes written so far, drained ones included. */
    long count() {
        return drained + size;
    }

    void reset() {
        size = 0;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    /** Writes the buffer to {@code out} and empties it when it holds at least {@code threshold} bytes. */
    void drainIfOver(int threshold, OutputStream out) throws IOException {
        if (size >= threshold) {
            drain(out);
        }
    }

    void drain(OutputStream out) throws IOException {
        out.write(buf, 0, size);
        drained += size;
        size = 0;
    }

    private void ensure(int extra) {
        if (size + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
        }
    }

    Bytes put(byte b) {
        ensure(1);
        buf[size++] = b;
        return this;
    }

    Bytes put(char c) {
        return put((byte) c);
    }

    Bytes put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, size, bytes.length);
        size += bytes.length;
        return this;
    }

    Bytes put(Bytes other) {
        ensure(other.size);
        System.arraycopy(other.buf, 0, buf, size, other.size);
        size += other.size;
        return this;
    }

    /** Writes {@code n} copies of {@code b}. */
    Bytes repeat(byte b, int n) {
        ensure(n);
        Arrays.fill(buf, size, size + n, b);
        size += n;
        return this;
    }

    /** Text as UTF-8. */
    Bytes utf8(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                return put(s.substring(i).getBytes(StandardCharsets.UTF_8));
            }
            buf[size++] = (byte) c;
        }
        return this;
    }

    /** A CSV cell: double-quoted (inner quotes doubled) when it holds a comma, quote or line break. */
    Bytes csv(String s) {
        if (!needsQuotes(s)) {
            return utf8(s);
        }
        put('"');
        int from = 0;
        int quote;
        while ((quote = s.indexOf('"', from)) >= 0) {
            utf8(s.substring(from, quote + 1));
            put('"');
            from = quote + 1;
        }
        utf8(s.substring(from));
        return put('"');
    }

    static boolean needsQuotes(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }

    /** A JSON string literal with its quotes. */
    Bytes json(String s) {
        put('"');
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                put('\\').put(c);
            } else if (c < 0x20) {
                put('\\').put('u').put('0').put('0').put(hex(c >> 4)).put(hex(c & 0xF));
            } else if (c < 0x80) {
                put(c);
            } else {
                int end = i + 1;
                while (end < n && s.charAt(end) >= 0x80) {
                    end++;
                }
                put(s.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end - 1;
            }
        }
        return put('"');
    }

    private static char hex(int v) {
        return (char) (v < 10 ? '0' + v : 'a' + v - 10);
    }

    /** A non-negative integer. */
    Bytes num(long v) {
        if (v < 0) {
            put('-');
            v = -v;
        }
        if (v < 10) {
            return put((byte) ('0' + v));
        }
        ensure(20);
        int digits = digits(v);
        int end = size + digits;
        int p = end;
        while (v >= 100) {
            int r = (int) (v % 100);
            v /= 100;
            buf[--p] = DIGIT_PAIRS[2 * r + 1];
            buf[--p] = DIGIT_PAIRS[2 * r];
        }
        if (v >= 10) {
            buf[--p] = DIGIT_PAIRS[2 * (int) v + 1];
            buf[--p] = DIGIT_PAIRS[2 * (int) v];
        } else {
            buf[--p] = (byte) ('0' + v);
        }
        size = end;
        return this;
    }

    private static int digits(long v) {
        int d = 1;
        long bound = 10;
        while (d < 19 && v >= bound) {
            bound *= 10;
            d++;
        }
        return d;
    }

    /** An amount in cents as a plain decimal: 123450 → {@code 1234.50}, 123400 → {@code 1234}. */
    Bytes cents(long cents) {
        num(cents / 100);
        int c = (int) (cents % 100);
        if (c != 0) {
            ensure(3);
            buf[size++] = '.';
            buf[size++] = DIGIT_PAIRS[2 * c];
            buf[size++] = DIGIT_PAIRS[2 * c + 1];
        }
        return this;
    }

    /** A number in tenths: 705 → {@code 70.5}, 700 → {@code 70}. */
    Bytes tenths(int tenths) {
        num(tenths / 10);
        int t = tenths % 10;
        if (t != 0) {
            put('.').put((byte) ('0' + t));
        }
        return this;
    }

    /** Cents with thousands separators and two decimals, as a spreadsheet would show them: {@code 1,234.50}. */
    static String grouped(long cents) {
        String whole = Long.toString(cents / 100);
        StringBuilder sb = new StringBuilder(whole.length() + 6);
        int lead = whole.length() % 3 == 0 ? 3 : whole.length() % 3;
        sb.append(whole, 0, lead);
        for (int i = lead; i < whole.length(); i += 3) {
            sb.append(',').append(whole, i, i + 3);
        }
        int c = (int) (cents % 100);
        return sb.append('.').append((char) ('0' + c / 10)).append((char) ('0' + c % 10)).toString();
    }

    static byte[] encodeCsv(String s) {
        return new Bytes(s.length() + 8).csv(s).toByteArray();
    }

    static byte[] encodeJson(String s) {
        return new Bytes(s.length() + 8).json(s).toByteArray();
    }
}
