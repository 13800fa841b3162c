package org.glimmr.mrf.json;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The fast part of the scan: walks the bytes of {@code standard_charge_information} after its first elements,
 * without tokens, noting where each element starts, until the array's closing bracket. It keeps just enough of
 * JSON's grammar to find element boundaries safely: strings (with escapes), nesting (brackets must match), and
 * commas between elements. What it does not check (a missing colon, a bad literal inside an element) the parse,
 * which reads every element with Jackson, reports where it meets it. About five times faster than Jackson's own
 * {@code skipChildren}, which decodes every key it skips.
 */
final class ElementSkipper {
    private static final int BUFFER = 1 << 16;
    /** Eight bytes of the file as one little-endian long: byte i of the word is bit 8i..8i+7. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long LOW_SEVEN = 0x7F7F7F7F7F7F7F7FL;
    private static final long QUOTES = ONES * '"';
    private static final long BACKSLASHES = ONES * '\\';
    /** {@code [} and {@code ]} differ from <code>{</code> and <code>}</code> by bit 5 only: or-ing it in folds them together. */
    private static final long CASE_BIT = ONES * 0x20;
    private static final long OPEN_BRACES = ONES * '{';
    private static final long CLOSE_BRACES = ONES * '}';
    /** A byte below 0x20 is one with none of these bits. */
    private static final long CONTROL_BITS = ONES * 0xE0;
    private static final long GATHER = 0x0102040810204080L;

    /** The array ended: at {@code closeOffset} (stream offset of {@code ]}), followed by the {@code rest} bytes held. */
    record End(long elements, long closeOffset, byte[] rest) {
        End {
            requireNonNull(rest, "rest is null");
        }
    }

    /** The JSON breaks inside the array: the break, and how many elements before it are complete. */
    static final class Broken extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient BrokenJson where;
        private final long completeElements;

        Broken(BrokenJson where, long completeElements) {
            super(where.detail() + " at " + where.where());
            this.where = where;
            this.completeElements = completeElements;
        }

        BrokenJson where() {
            return where;
        }

        long completeElements() {
            return completeElements;
        }
    }

    private final InputStream in;
    private final Checkpoints checkpoints;
    private final long reportBase;
    private byte[] buf;
    private int pos;
    private int limit;
    /** Stream offset of {@code buf[0]}. */
    private long bufOffset;
    private byte[] stack = new byte[64];
    private int depth;

    /**
     * @param held       bytes already read past the current position (Jackson's released buffer)
     * @param in         the rest of the stream
     * @param offset     stream offset of {@code held[0]}
     * @param reportBase added to stream offsets for checkpoints and reports (the byte-order mark's length)
     */
    ElementSkipper(byte[] held, InputStream in, long offset, Checkpoints checkpoints, long reportBase) {
        this.in = requireNonNull(in, "in is null");
        this.checkpoints = requireNonNull(checkpoints, "checkpoints is null");
        this.buf = requireNonNull(held, "held is null");
        this.limit = held.length;
        this.bufOffset = offset;
        this.reportBase = reportBase;
    }

    /**
     * Skips from just after element {@code elements - 1} (a complete element) to the end of the array.
     *
     * @throws Broken when the array does not end well (cut off, brackets that do not match, a bad separator)
     */
    End skip(long elements) throws IOException {
        boolean expectValue = false;
        while (true) {
            if (pos == limit && !fill()) {
                throw broken(elements, "Unexpected end-of-input: expected close marker for Array");
            }
            byte b = buf[pos++];
            if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                continue;
            }
            if (!expectValue) {
                if (b == ',') {
                    expectValue = true;
                } else if (b == ']') {
                    long close = bufOffset + pos - 1;
                    return new End(elements, close, Arrays.copyOfRange(buf, pos, limit));
                } else {
                    throw broken(elements, unexpected(b, "was expecting comma to separate Array entries"));
                }
                continue;
            }
            if (b == ']' || b == ',' || b == '}' || b == ':') {
                throw broken(elements, unexpected(b, "expected a value"));
            }
            checkpoints.offer(elements, bufOffset + pos - 1 + reportBase);
            if (b == '{' || b == '[') {
                push(b);
                nested(elements);
            } else if (b == '"') {
                string(elements);
            } else {
                scalar();
            }
            elements++;
            expectValue = false;
        }
    }

    /**
     * Reads to the end of the object or array just opened: the hot loop of the scan. Eight bytes at a time while a
     * word holds no backslash and no control character inside a string (bit masks of its quotes, brackets and the
     * bytes inside strings, with no branch per byte but one per bracket outside a string); a word that does is read
     * byte by byte.
     * Buffer, position, depth and the string state stay in locals but around a refill.
     */
    private void nested(long element) throws IOException {
        byte[] b = buf;
        int p = pos;
        int end = limit;
        int d = depth;
        boolean inString = false;
        boolean escaped = false;
        while (d > 0) {
            if (!escaped) {
                while (p + Long.BYTES <= end) {
                    long x = (long) LONGS.get(b, p);
                    if (zeros(x ^ BACKSLASHES) != 0) {
                        break;
                    }
                    int quotes = gather(zeros(x ^ QUOTES));
                    int inside = quotes ^ (quotes << 1);
                    inside ^= inside << 2;
                    inside ^= inside << 4;
                    inside = (inside ^ (inString ? 0xFF : 0)) & 0xFF;
                    if ((gather(zeros(x & CONTROL_BITS)) & inside) != 0) {
                        break;
                    }
                    long folded = x | CASE_BIT;
                    int brackets = gather(zeros(folded ^ OPEN_BRACES) | zeros(folded ^ CLOSE_BRACES)) & ~inside;
                    // the word's brackets outside strings, in file order (mostly none, one or two)
                    while (brackets != 0) {
                        int i = Integer.numberOfTrailingZeros(brackets);
                        byte c = b[p + i];
                        if (c == '{' || c == '[') {
                            if (d == stack.length) {
                                stack = Arrays.copyOf(stack, d * 2);
                            }
                            stack[d++] = c;
                        } else {
                            byte open = stack[d - 1];
                            if ((c == '}') != (open == '{')) {
                                pos = p + i + 1;
                                throw broken(element, unexpected(c, "expected close marker for "
                                        + (open == '{' ? "Object" : "Array")));
                            }
                            if (--d == 0) {
                                // the element ends inside this word: the bytes after its bracket are not its own
                                pos = p + i + 1;
                                depth = 0;
                                return;
                            }
                        }
                        brackets &= brackets - 1;
                    }
                    inString = (inside & 0x80) != 0;
                    p += Long.BYTES;
                }
            }
            // byte by byte: one word, or the buffer's tail
            int stop = Math.min(end, p + Long.BYTES);
            while (p < stop && d > 0) {
                byte c = b[p++];
                if (escaped) {
                    escaped = false;
                } else if (inString) {
                    if (c == '"') {
                        inString = false;
                    } else if (c == '\\') {
                        escaped = true;
                    } else if (c >= 0 && c < 0x20) {
                        pos = p;
                        throw broken(element, "Illegal unquoted character ((CTRL-CHAR, code " + c + ")): has to be "
                                + "escaped using backslash to be included in string value");
                    }
                } else if (c == '"') {
                    inString = true;
                } else if (c == '{' || c == '[') {
                    depth = d;
                    push(c);
                    d = depth;
                } else if (c == '}' || c == ']') {
                    byte open = stack[d - 1];
                    if ((c == '}') != (open == '{')) {
                        pos = p;
                        throw broken(element, unexpected(c, "expected close marker for " + (open == '{' ? "Object" : "Array")));
                    }
                    d--;
                }
            }
            if (p == end && d > 0) {
                pos = p;
                depth = d;
                if (!fill()) {
                    throw broken(element, inString ? "Unexpected end-of-input in a String value"
                            : "Unexpected end-of-input: expected close marker for " + (stack[d - 1] == '{' ? "Object" : "Array"));
                }
                b = buf;
                p = pos;
                end = limit;
            }
        }
        pos = p;
        depth = d;
    }

    /** The high bit of each byte of {@code v} that is zero, and no other bit (exact, no borrow between bytes). */
    private static long zeros(long v) {
        long t = (v & LOW_SEVEN) + LOW_SEVEN;
        return ~(t | v | LOW_SEVEN);
    }

    /** The high bits of a {@link #zeros} mask as an 8-bit mask: bit i for byte i (the i-th byte in the file). */
    private static int gather(long highBits) {
        return (int) (((highBits >>> 7) * GATHER) >>> 56);
    }

    /** A string element (its opening quote read). */
    private void string(long element) throws IOException {
        while (true) {
            if (pos == limit && !fill()) {
                throw broken(element, "Unexpected end-of-input in a String value");
            }
            byte c = buf[pos++];
            if (c == '"') {
                return;
            }
            if (c == '\\') {
                if (pos == limit && !fill()) {
                    throw broken(element, "Unexpected end-of-input in a String value");
                }
                pos++;
            } else if (c >= 0 && c < 0x20) {
                throw broken(element, "Illegal unquoted character ((CTRL-CHAR, code " + c + ")): has to be escaped "
                        + "using backslash to be included in string value");
            }
        }
    }

    /** A number or literal element: up to the next separator, which is left for {@link #skip}. */
    private void scalar() throws IOException {
        while (pos < limit || fill()) {
            byte b = buf[pos];
            if (b == ',' || b == ']' || b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                return;
            }
            pos++;
        }
    }

    private void push(byte open) {
        if (depth == stack.length) {
            stack = Arrays.copyOf(stack, depth * 2);
        }
        stack[depth++] = open;
    }

    private boolean fill() throws IOException {
        bufOffset += limit;
        if (buf.length < BUFFER) {
            buf = new byte[BUFFER];
        }
        int n = in.readNBytes(buf, 0, buf.length);
        pos = 0;
        limit = Math.max(0, n);
        return limit > 0;
    }

    private Broken broken(long element, String detail) {
        long at = bufOffset + pos + reportBase;
        return new Broken(new BrokenJson("standard_charge_information[" + element + "]", at, detail), element);
    }

    private static String unexpected(byte b, String expected) {
        int c = b & 0xFF;
        String shown = c >= 0x20 && c < 0x7F ? "'" + (char) c + "'" : "code " + c;
        return "Unexpected character (" + shown + " (code " + c + ")): " + expected;
    }
}
