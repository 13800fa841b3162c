package org.glimmr.jobs.fetch;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.glimmr.jobs.http.Outcome;

/** One try to download one URL: a row of {@code bronze.mrf_downloads}. */
public record DownloadTry(
        String mrfUrl,
        List<String> hospitalKeys,
        int tryNumber,
        boolean lastTry,
        Instant attemptAt,
        Optional<String> finalUrl,
        Optional<Integer> httpStatus,
        Outcome outcome,
        Optional<String> contentType,
        Optional<String> etag,
        Optional<String> lastModified,
        Optional<String> sha256,
        long sizeBytes,
        List<StoredFile> files,
        Optional<String> message) {
    public DownloadTry {
        requireNonNull(mrfUrl, "mrfUrl is null");
        hospitalKeys = List.copyOf(hospitalKeys);
        requireNonNull(attemptAt, "attemptAt is null");
        requireNonNull(finalUrl, "finalUrl is null");
        requireNonNull(httpStatus, "httpStatus is null");
        requireNonNull(outcome, "outcome is null");
        requireNonNull(contentType, "contentType is null");
        requireNonNull(etag, "etag is null");
        requireNonNull(lastModified, "lastModified is null");
        requireNonNull(sha256, "sha256 is null");
        files = List.copyOf(files);
        requireNonNull(message, "message is null");
    }
}
