package org.glimmr.mrf.json;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import java.util.ArrayDeque;
import java.util.Deque;
import org.glimmr.mrf.RejectReason;
import org.glimmr.mrf.RejectedRow;

/**
 * Where and why a JSON file stops being readable (cut off, garbage, a value past Jackson's limits).
 *
 * @param path       where, in the style of {@code standard_charge_information[57].standard_charges[0]}; empty at the top
 * @param byteOffset the byte of the file where reading stopped; -1 when unknown
 * @param detail     Jackson's own message
 */
record BrokenJson(String path, long byteOffset, String detail) {
    BrokenJson {
        requireNonNull(path, "path is null");
        requireNonNull(detail, "detail is null");
    }

    /**
     * @param elementBase for a parser over a run of elements presented as an array: the index of its first element;
     *                    -1 for a parser over the whole document
     * @param byteBase    added to the parser's byte offsets to make them offsets in the file
     */
    static BrokenJson of(JsonProcessingException e, JsonParser p, long elementBase, long byteBase) {
        JsonLocation location = e.getLocation();
        long offset = location == null || location.getByteOffset() < 0 ? -1 : location.getByteOffset() + byteBase;
        String detail = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        int newline = detail.indexOf('\n');
        if (newline > 0) {
            detail = detail.substring(0, newline);
        }
        // Jackson names the source only to say it does not name it
        detail = detail.replaceAll("\\[Source: [^;\\]]*; ", "[");
        return new BrokenJson(path(p.getParsingContext(), elementBase), offset, detail.strip());
    }

    /** The path of a parser's context, e.g. {@code standard_charge_information[3].standard_charges[0].setting}. */
    static String path(JsonStreamContext context, long elementBase) {
        Deque<String> segments = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            boolean outermost = c.getParent() == null || c.getParent().inRoot();
            if (c.inArray()) {
                if (outermost && elementBase >= 0) {
                    segments.push("standard_charge_information[" + (elementBase + Math.max(0, c.getCurrentIndex())) + "]");
                } else if (!(outermost && elementBase < 0)) {
                    // a top-level array wrapping the document is not part of the path
                    segments.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
                }
            } else if (c.getCurrentName() != null) {
                segments.push("." + c.getCurrentName());
            }
        }
        String path = String.join("", segments);
        return path.startsWith(".") ? path.substring(1) : path;
    }

    String where() {
        String at = byteOffset >= 0 ? "byte " + byteOffset : "an unknown byte";
        return path.isEmpty() ? at : path + " (" + at + ")";
    }

    /** The TRUNCATED rejection; {@code raw} is the text around the break. */
    RejectedRow rejectedRow(String raw) {
        return new RejectedRow(where(), RejectReason.TRUNCATED, raw, "the JSON cannot be read past " + where() + ": "
                + detail + ". The file is cut off or broken at " + where() + "; rows before it were kept and nothing "
                + "after it could be read. Download the file again; if it is still broken, ask the hospital to publish "
                + "complete, valid JSON.");
    }
}
