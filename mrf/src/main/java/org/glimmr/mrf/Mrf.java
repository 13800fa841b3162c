package org.glimmr.mrf;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.glimmr.mrf.csv.CsvMrfFile;
import org.glimmr.mrf.json.JsonMrfFile;

/**
 * Entry point of the parsers: {@link #open(ByteSource)} detects compression, then the layout from the first bytes
 * (never from the name), and hands the file to the CSV or JSON reader.
 */
public final class Mrf {
    private Mrf() {}

    public static MrfFile open(ByteSource raw) throws IOException {
        return open(raw, -1);
    }

    /**
     * Like {@link #open(ByteSource)} for a file that will be split into parts of about {@code splitBytes}: a JSON file
     * that will be read as one part anyway is not scanned first but read once by its parse
     * ({@link JsonMrfFile#open(ByteSource, long)}). {@code splitBytes} below 0: always scan.
     */
    public static MrfFile open(ByteSource raw, long splitBytes) throws IOException {
        ByteSource source = unwrap(raw);
        String head = FileStart.text(source);
        String trimmed = head.stripLeading();
        if (trimmed.isEmpty()) {
            return RejectedFile.of(source, Layout.UNKNOWN, RejectReason.NOT_AN_MRF, head,
                    "the file is empty: nothing to ingest. Check the download (fetch) or the hospital's link.");
        }
        char first = trimmed.charAt(0);
        String lower = trimmed.substring(0, Math.min(trimmed.length(), 2048)).toLowerCase(Locale.ROOT);
        if (first == '<' || lower.contains("<html") || lower.contains("<!doctype")) {
            return RejectedFile.of(source, Layout.UNKNOWN, RejectReason.NOT_AN_MRF, head,
                    "this is an HTML page, not a machine-readable file (a landing page, an error page or a "
                            + "bot-check/CAPTCHA served instead of the file). Fetch the file's direct link.");
        }
        if (first == '{' || first == '[') {
            return splitBytes < 0 ? JsonMrfFile.open(source) : JsonMrfFile.open(source, splitBytes);
        }
        if (looksBinary(head)) {
            return RejectedFile.of(source, Layout.UNKNOWN, RejectReason.NOT_AN_MRF, head.substring(0, Math.min(200, head.length())),
                    "the file is binary (not CSV or JSON text, nor gzip/zip). Check what was downloaded.");
        }
        return CsvMrfFile.open(source);
    }

    /**
     * Rebuilds a file opened elsewhere (see {@link MrfFile#resumeState()}) to parse its splits: what a Spark task
     * does with the plan the driver made. Falls back to {@link #open} when the state is empty.
     */
    public static MrfFile resume(ByteSource raw, Layout layout, String state) throws IOException {
        if (state.isEmpty() || layout != Layout.JSON) {
            return open(raw);
        }
        return JsonMrfFile.resume(unwrap(raw), state);
    }

    private static boolean looksBinary(String head) {
        int control = 0;
        int n = Math.min(head.length(), 4096);
        for (int i = 0; i < n; i++) {
            char c = head.charAt(i);
            if (c == 0 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t')) {
                control++;
            }
        }
        return control > n / 100 + 1;
    }

    /** Unwraps gzip and zip by their magic bytes. The result cannot seek cheaply, so it yields one split. */
    static ByteSource unwrap(ByteSource raw) throws IOException {
        byte[] magic;
        try (InputStream in = raw.open(0)) {
            magic = in.readNBytes(4);
        }
        if (magic.length >= 2 && (magic[0] & 0xFF) == 0x1F && (magic[1] & 0xFF) == 0x8B) {
            return new DecompressedByteSource(raw, "gzip");
        }
        if (magic.length >= 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4) {
            return new DecompressedByteSource(raw, "zip");
        }
        return raw;
    }

    /**
     * The decompressed bytes of a gzip file or of the first file entry of a zip. {@link #length()} is unknown
     * ({@code -1}); {@link #open(long)} decompresses from the start and skips.
     */
    public record DecompressedByteSource(ByteSource compressed, String compression) implements ByteSource {
        @Override
        public String name() {
            return compressed.name();
        }

        @Override
        public long length() {
            return -1;
        }

        @Override
        public InputStream open(long offset) throws IOException {
            InputStream in = new BufferedInputStream(compressed.open(0), 1 << 16);
            InputStream out;
            if (compression.equals("gzip")) {
                out = new GZIPInputStream(in, 1 << 16);
            } else {
                ZipInputStream zip = new ZipInputStream(in);
                ZipEntry entry;
                while ((entry = zip.getNextEntry()) != null && entry.isDirectory()) {
                    // skip folders
                }
                if (entry == null) {
                    zip.close();
                    throw new IOException("zip file " + compressed.name() + " has no file entry");
                }
                out = zip;
            }
            out.skipNBytes(offset);
            return new BufferedInputStream(out, 1 << 16);
        }
    }
}
