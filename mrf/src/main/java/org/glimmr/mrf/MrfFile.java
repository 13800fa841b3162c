package org.glimmr.mrf;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * One opened and probed MRF: what it is (layout, template version, header) and how to parse it in parts.
 * Opening reads only what it needs to know the layout and header (CSV rows 1–3; JSON: a token scan that also
 * indexes element offsets, or, for a JSON file read as one part, only its top: see {@link Mrf#open(ByteSource, long)}). {@link #parse} of every split, in any order, on any machine, gives together every row
 * of the file exactly once.
 */
public interface MrfFile {
    ByteSource source();

    Layout layout();

    /**
     * Empty when the file is rejected as a whole before a header could be read, and for a JSON file rebuilt by
     * {@link Mrf#resume} (its header was read where it was opened; such a file only parses splits).
     */
    Optional<FileHeader> header();

    /**
     * Findings about the file as a whole and its header rows or keys; reported once per file, not per split. Empty
     * for a JSON file read in one pass: its one {@link #parse} reports them with the rows.
     */
    List<Finding> fileFindings();

    /** Present when the whole file is unusable (HTML page, template placeholders, no header): then no splits. */
    Optional<RejectedRow> rejection();

    /**
     * Parts of about {@code targetBytes} each, at record / element boundaries. One split when the file cannot be
     * split (compressed, repaired encoding in JSON, small). Empty when {@link #rejection()} is present.
     */
    List<Split> splits(long targetBytes) throws IOException;

    /**
     * A short text from which {@link Mrf#resume} rebuilds this file on another machine for {@link #parse}, without
     * probing it again (for JSON: without a second scan of the whole file). Empty when opening is cheap anyway.
     */
    default String resumeState() {
        return "";
    }

    /** Parses one split into the sink. Never throws for bad content: that becomes rejected rows and findings. */
    SplitStats parse(Split split, MrfSink sink) throws IOException;
}
