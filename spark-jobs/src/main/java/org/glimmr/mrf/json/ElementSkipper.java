package org.glimmr.mrf.json;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
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
    /** Bytes that end a run inside a string: the quote, the backslash, control characters. */
    private static final byte[] STRING_STOPS = new byte[256];
    /** Bytes that matter outside strings: the quote and the four brackets. */
    private static final byte[] STRUCTURE_STOPS = new byte[256];

    static {
        for (int c = 0; c < 0x20; c++) {
            STRING_STOPS[c] = 1;
        }
        STRING_STOPS['"'] = 1;
        STRING_STOPS['\\'] = 1;
        for (char c : new char[] {'"', '{', '}', '[', ']'}) {
            STRUCTURE_STOPS[c] = 1;
        }
    }

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
     * Reads to the end of the object or array just opened. The hot loop of the scan: runs of bytes that do not matter
     * (in a string: all but a quote, a backslash or a control character; outside: all but quotes and brackets) are
     * passed over by a table lookup each, and buffer, position and depth stay in locals but around a refill.
     */
    private void nested(long element) throws IOException {
        byte[] b = buf;
        int p = pos;
        int end = limit;
        int d = depth;
        boolean inString = false;
        while (d > 0) {
            if (inString) {
                while (p < end && STRING_STOPS[b[p] & 0xFF] == 0) {
                    p++;
                }
            } else {
                while (p < end && STRUCTURE_STOPS[b[p] & 0xFF] == 0) {
                    p++;
                }
            }
            if (p == end) {
                pos = p;
                depth = d;
                if (!fill()) {
                    throw broken(element, inString ? "Unexpected end-of-input in a String value"
                            : "Unexpected end-of-input: expected close marker for " + (stack[d - 1] == '{' ? "Object" : "Array"));
                }
                b = buf;
                p = pos;
                end = limit;
                continue;
            }
            byte c = b[p++];
            if (inString) {
                if (c == '"') {
                    inString = false;
                } else if (c == '\\') {
                    if (p == end) {
                        pos = p;
                        depth = d;
                        if (!fill()) {
                            throw broken(element, "Unexpected end-of-input in a String value");
                        }
                        b = buf;
                        p = pos;
                        end = limit;
                    }
                    p++;
                } else {
                    pos = p;
                    throw broken(element, "Illegal unquoted character ((CTRL-CHAR, code " + c + ")): has to be "
                            + "escaped using backslash to be included in string value");
                }
                continue;
            }
            if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth = d;
                push(c);
                d = depth;
            } else {
                byte open = stack[d - 1];
                if ((c == '}') != (open == '{')) {
                    pos = p;
                    throw broken(element, unexpected(c, "expected close marker for " + (open == '{' ? "Object" : "Array")));
                }
                d--;
            }
        }
        pos = p;
        depth = d;
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
