package org.glimmr.jobs.fetch;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A file in the raw store: content hash, path, size, and the zip entry it was unpacked from.
 *
 * @param isNew written by this try (false: the same bytes were stored before)
 */
public record StoredFile(String sha256, String rawPath, long sizeBytes, Optional<String> zipEntry, boolean isNew) {
    public StoredFile {
        requireNonNull(sha256, "sha256 is null");
        requireNonNull(rawPath, "rawPath is null");
        requireNonNull(zipEntry, "zipEntry is null");
    }
}
