package org.glimmr.jobs.fetch;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.hadoop.fs.Path;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.jobs.http.ContentSniffer;

/**
 * Archives under limits. A zip is unpacked (streaming, local headers only, so overlapping central-directory tricks do
 * not apply) into one raw file per entry, because ingest reads one MRF per file; a gzip is kept as served (ingest
 * reads it) but unpacked once here to check it. Refused: an entry name that climbs out of its folder ({@code ..},
 * absolute, a drive letter), more than {@link GlimmrConfig.Fetch#zipMaxEntries()} entries, more than
 * {@link GlimmrConfig.Fetch#maxBytes()} unpacked in total, or unpacking faster than
 * {@link GlimmrConfig.Fetch#zipMaxRatio()} bytes per packed byte: the counts are of bytes actually inflated, never
 * the sizes an archive claims, and a bomb is stopped as it inflates, not after.
 */
final class ArchiveGuard {
    /** Below this many unpacked bytes the ratio is not judged (tiny files compress oddly). */
    private static final long RATIO_FLOOR = 1 << 20;

    private final long maxUnpacked;
    private final int maxEntries;
    private final int maxRatio;

    ArchiveGuard(GlimmrConfig.Fetch settings) {
        this.maxUnpacked = settings.maxBytes();
        this.maxEntries = settings.zipMaxEntries();
        this.maxRatio = settings.zipMaxRatio();
    }

    /** An archive the rules refuse. */
    static final class RefusedArchiveException extends IOException {
        private static final long serialVersionUID = 1L;

        RefusedArchiveException(String message) {
            super(message);
        }
    }

    /** An unpacked entry waiting in a temporary file until the whole archive has passed. */
    private record Unpacked(Path temporary, String sha256, String extension, long size, String entry) {}

    /** Unpacks every file entry of the zip at {@code zip} into the store; nothing is stored unless every entry passes. */
    List<StoredFile> unzip(RawStore store, Path zip) throws IOException {
        List<Unpacked> unpacked = new ArrayList<>();
        Path current = null;
        try (CountingInputStream packed = new CountingInputStream(store.open(zip));
                ZipInputStream in = new ZipInputStream(packed)) {
            Budget budget = new Budget(packed);
            int entries = 0;
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                if (++entries > maxEntries) {
                    throw new RefusedArchiveException("the zip has more than " + maxEntries + " entries (limit "
                            + GlimmrConfig.FETCH_ZIP_MAX_ENTRIES + ")");
                }
                checkName(entry.getName());
                if (entry.isDirectory()) {
                    continue;
                }
                current = store.newTemporary();
                MessageDigest sha = Digests.sha256();
                long size = 0;
                byte[] head = null;
                try (OutputStream out = store.create(current)) {
                    byte[] buf = new byte[1 << 16];
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        budget.add(n);
                        if (head == null) {
                            head = java.util.Arrays.copyOf(buf, Math.min(n, ContentSniffer.HEAD_BYTES));
                        }
                        sha.update(buf, 0, n);
                        out.write(buf, 0, n);
                        size += n;
                    }
                }
                String extension = head == null ? "csv" : ContentSniffer.sniff(head, head.length).kind().extension();
                unpacked.add(new Unpacked(current, HexFormat.of().formatHex(sha.digest()), extension, size, entry.getName()));
                current = null;
            }
            if (unpacked.isEmpty()) {
                throw new RefusedArchiveException("the zip has no file entry");
            }
        } catch (IOException e) {
            if (current != null) {
                store.discard(current);
            }
            unpacked.forEach(u -> store.discard(u.temporary()));
            throw e;
        }
        List<StoredFile> stored = new ArrayList<>();
        for (Unpacked u : unpacked) {
            stored.add(store.commit(u.temporary(), u.sha256(), u.extension(), u.size(), Optional.of(u.entry())));
        }
        return stored;
    }

    /** Unpacks a gzip without keeping the result, to refuse bombs; returns the first unpacked bytes (for sniffing). */
    byte[] checkGzip(InputStream gzip) throws IOException {
        try (CountingInputStream packed = new CountingInputStream(gzip); InputStream in = new GZIPInputStream(packed, 1 << 16)) {
            Budget budget = new Budget(packed);
            byte[] buf = new byte[1 << 16];
            byte[] head = null;
            int n;
            while ((n = in.read(buf)) > 0) {
                budget.add(n);
                if (head == null) {
                    head = java.util.Arrays.copyOf(buf, Math.min(n, ContentSniffer.HEAD_BYTES));
                }
            }
            return head == null ? new byte[0] : head;
        }
    }

    static void checkName(String name) throws RefusedArchiveException {
        String n = name.replace('\\', '/');
        boolean climbs = n.startsWith("/") || n.matches("^[A-Za-z]:.*") || n.indexOf('\0') >= 0
                || java.util.Arrays.asList(n.split("/")).contains("..");
        if (climbs) {
            throw new RefusedArchiveException("the zip has an entry named '" + name + "' that points outside its folder"
                    + " (path traversal); the archive is refused as hostile");
        }
    }

    /** Counts unpacked bytes against the limits as they are inflated. */
    private final class Budget {
        private final CountingInputStream packed;
        private long unpacked;

        Budget(CountingInputStream packed) {
            this.packed = packed;
        }

        void add(int n) throws RefusedArchiveException {
            unpacked += n;
            if (unpacked > maxUnpacked) {
                throw new RefusedArchiveException("the archive unpacks to more than " + (maxUnpacked >> 20) + " MB (limit "
                        + GlimmrConfig.FETCH_MAX_MB + "); refused as a decompression bomb");
            }
            if (unpacked > RATIO_FLOOR && unpacked > (double) maxRatio * Math.max(1, packed.count())) {
                throw new RefusedArchiveException("the archive unpacks " + unpacked + " bytes from " + packed.count()
                        + " (more than " + maxRatio + " to 1, limit " + GlimmrConfig.FETCH_ZIP_MAX_RATIO
                        + "); refused as a decompression bomb");
            }
        }
    }

    /** Counts the bytes read through it. */
    static final class CountingInputStream extends FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            count += s;
            return s;
        }
    }
}
