package org.glimmr.mrf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The start of a file as text: what layout detection and header checks look at before parsing. */
public final class FileStart {
    /** How many decoded bytes the detection looks at. */
    public static final int BYTES = 64 * 1024;

    private FileStart() {}

    /** Decoded text of the first {@link #BYTES} bytes (BOM dropped, non-UTF-8 bytes read as Windows-1252). */
    public static String text(ByteSource source) throws IOException {
        try (InputStream in = new Utf8RepairingInputStream(source.open(0), true)) {
            byte[] bytes = in.readNBytes(BYTES);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
