package org.glimmr.mrf.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.io.Writer;
import org.glimmr.mrf.RejectedRow;

/** Raw JSON text for rejected rows: a skipped value written back, at most about {@link RejectedRow#MAX_RAW} chars. */
final class RawJson {
    private RawJson() {}

    /**
     * Consumes the value at the parser's current token (all of it, whatever its size) and returns its JSON text,
     * cut after {@link RejectedRow#MAX_RAW} + 1 characters (RejectedRow marks the cut).
     */
    static String capture(JsonFactory factory, JsonParser p) throws IOException {
        CappedWriter out = new CappedWriter(RejectedRow.MAX_RAW + 1);
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.copyCurrentStructureExact(p);
        }
        return out.toString();
    }

    /** A JSON string literal for {@code text}, with quotes. */
    static String quote(String text) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
    }

    /** A writer that keeps the first {@code cap} characters and drops the rest. */
    private static final class CappedWriter extends Writer {
        private final StringBuilder text = new StringBuilder();
        private final int cap;

        CappedWriter(int cap) {
            this.cap = cap;
        }

        @Override
        public void write(char[] buffer, int off, int len) {
            int room = cap - text.length();
            if (room > 0) {
                text.append(buffer, off, Math.min(room, len));
            }
        }

        @Override
        public void write(String s, int off, int len) {
            int room = cap - text.length();
            if (room > 0) {
                text.append(s, off, off + Math.min(room, len));
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
