package org.glimmr.jobs.fetch;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.glimmr.common.StorageRoot;

/**
 * The content-addressed raw store: {@code <raw root>/mrf/<first 2 hex>/<sha256>.<ext>}, on a local folder or
 * {@code s3a://} through Hadoop's FileSystem. A download is written to {@code <raw root>/mrf/.incoming/<uuid>} (a
 * hidden folder, which ingest's listing skips) and moved to its name when complete and checked: locally an atomic
 * rename on the same file system; on S3 a server-side copy, whose target appears only when whole. So a partial
 * download is never visible under its name, and the same bytes are stored once. What a killed fetch leaves in
 * {@code .incoming} the next fetch deletes once it has gone unwritten for {@link #ABANDONED_AFTER}.
 */
public final class RawStore implements AutoCloseable {
    static final String FOLDER = "mrf";
    static final String INCOMING = ".incoming";
    /** How long a temporary file goes unwritten before a fetch counts it abandoned; no download stalls that long. */
    public static final Duration ABANDONED_AFTER = Duration.ofHours(24);

    private final Path root;
    private final FileSystem fs;

    public RawStore(StorageRoot rawRoot, Configuration hadoop) throws IOException {
        requireNonNull(rawRoot, "rawRoot is null");
        this.root = new Path(rawRoot.resolve(FOLDER));
        // our own instance: no .crc side files locally, and closing it leaves Spark's cached instance alone
        this.fs = FileSystem.newInstance(URI.create(rawRoot.uri()), hadoop);
        fs.setWriteChecksum(false);
    }

    /** A new hidden temporary file. */
    public Path newTemporary() {
        return new Path(new Path(root, INCOMING), UUID.randomUUID().toString());
    }

    public OutputStream create(Path temporary) throws IOException {
        return fs.create(temporary, false, 1 << 16);
    }

    public java.io.InputStream open(Path path) throws IOException {
        return fs.open(path, 1 << 16);
    }

    /** Where content with this hash lives. */
    public Path pathOf(String sha256, String extension) {
        return new Path(new Path(root, sha256.substring(0, 2)), sha256 + "." + extension);
    }

    /** Moves a complete temporary file to its content address; when the content is there already, drops the copy. */
    public StoredFile commit(Path temporary, String sha256, String extension, long size, Optional<String> zipEntry) throws IOException {
        Path target = pathOf(sha256, extension);
        boolean isNew = false;
        if (fs.exists(target)) {
            discard(temporary);
        } else {
            fs.mkdirs(target.getParent());
            if (fs.rename(temporary, target)) {
                isNew = true;
            } else if (fs.exists(target)) {
                discard(temporary); // another try stored the same bytes meanwhile
            } else {
                throw new IOException("cannot move " + temporary + " to " + target);
            }
        }
        return new StoredFile(sha256, fs.makeQualified(target).toString(), size, zipEntry, isNew);
    }

    public boolean exists(String rawPath) throws IOException {
        return fs.exists(new Path(rawPath));
    }

    /**
     * Deletes the temporary files nothing has written to since {@code before}: partial downloads of a fetch that was
     * killed. They are hidden from ingest and never resumed, so without this they would stay for good. Returns how
     * many were deleted.
     */
    public int sweepAbandoned(Instant before) throws IOException {
        Path incoming = new Path(root, INCOMING);
        if (!fs.exists(incoming)) {
            return 0;
        }
        int deleted = 0;
        for (FileStatus s : fs.listStatus(incoming)) {
            if (s.isFile() && s.getModificationTime() < before.toEpochMilli() && fs.delete(s.getPath(), false)) {
                deleted++;
            }
        }
        return deleted;
    }

    /** Deletes a temporary file, quietly when it is gone. */
    public void discard(Path temporary) {
        try {
            fs.delete(temporary, false);
        } catch (IOException e) {
            // a leftover in the hidden .incoming folder is invisible to ingest and never reused
        }
    }

    @Override
    public void close() throws IOException {
        fs.close();
    }
}
