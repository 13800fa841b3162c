package org.glimmr.jobs.fetch;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.hadoop.fs.Path;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.jobs.http.Backoff;
import org.glimmr.jobs.http.ContentSniffer;
import org.glimmr.jobs.http.Outcome;
import org.glimmr.jobs.http.SafeHttpClient;
import org.glimmr.jobs.http.Urls;

/**
 * Downloads one URL into the raw store, streaming: conditional request when the store holds its last content (ETag,
 * Last-Modified), retries with backoff, a size limit checked before (Content-Length) and while reading, an HTML or
 * CAPTCHA page recognised from its first bytes before anything is written, zip unpacked and gzip checked under the
 * {@link ArchiveGuard}'s limits. Nothing of a failed try stays in the store.
 */
public final class Downloader {
    /** What the store holds from the last good try of a URL, for a conditional request. */
    public record Previous(Optional<String> etag, Optional<String> lastModified, String sha256, List<StoredFile> files) {
        public Previous {
            requireNonNull(etag, "etag is null");
            requireNonNull(lastModified, "lastModified is null");
            requireNonNull(sha256, "sha256 is null");
            files = List.copyOf(files);
        }
    }

    private final SafeHttpClient http;
    private final RawStore store;
    private final GlimmrConfig.Fetch settings;
    private final ArchiveGuard archives;
    private final Backoff backoff;
    private final Clock clock;

    public Downloader(SafeHttpClient http, RawStore store, GlimmrConfig.Fetch settings, Clock clock) {
        this.http = requireNonNull(http, "http is null");
        this.store = requireNonNull(store, "store is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.archives = new ArchiveGuard(settings);
        this.backoff = Backoff.of(settings);
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Every try for {@code url}, the last one standing for the run. */
    public List<DownloadTry> download(String url, List<String> hospitalKeys, Optional<Previous> previous) {
        Optional<Previous> usable = previous.filter(this::stillStored);
        List<DownloadTry> tries = new ArrayList<>();
        for (int t = 1; ; t++) {
            Try one = new Try(url, usable);
            one.run();
            boolean again = backoff.another(t, one.outcome, one.status);
            tries.add(one.toRow(hospitalKeys, t, !again));
            if (!again) {
                return tries;
            }
            backoff.pause(t, one.retryAfter);
        }
    }

    private boolean stillStored(Previous p) {
        try {
            for (StoredFile f : p.files()) {
                if (!store.exists(f.rawPath())) {
                    return false;
                }
            }
            return !p.files().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    /** One try, filled in as it goes. */
    private final class Try {
        private final String url;
        private final Optional<Previous> previous;
        private final Instant at = clock.instant();
        private URI finalUrl;
        private Integer status;
        private Outcome outcome;
        private String contentType;
        private String etag;
        private String lastModified;
        private String sha256;
        private long size;
        private List<StoredFile> files = List.of();
        private String message;
        private OptionalLong retryAfter = OptionalLong.empty();

        Try(String url, Optional<Previous> previous) {
            this.url = url;
            this.previous = previous;
        }

        void run() {
            try {
                URI uri = Urls.parse(url);
                Map<String, String> headers = new LinkedHashMap<>();
                previous.flatMap(Previous::etag).ifPresent(e -> headers.put("If-None-Match", e));
                previous.flatMap(Previous::lastModified).ifPresent(m -> headers.put("If-Modified-Since", m));
                try (SafeHttpClient.Response response = http.get(uri, headers)) {
                    receive(response);
                }
            } catch (ArchiveGuard.RefusedArchiveException e) {
                fail(Outcome.REFUSED, e.getMessage());
            } catch (IOException e) {
                Outcome o = Outcome.of(e);
                fail(o, switch (o) {
                    case TIMEOUT -> "no answer within the timeout (" + GlimmrConfig.FETCH_CONNECT_TIMEOUT_SECONDS + " "
                            + settings.connectTimeoutSeconds() + " s, " + GlimmrConfig.FETCH_READ_TIMEOUT_SECONDS + " "
                            + settings.readTimeoutSeconds() + " s): " + e.getMessage();
                    case TRUNCATED -> "the connection ended before the whole file arrived (" + e.getMessage() + "); nothing kept";
                    default -> String.valueOf(e.getMessage());
                });
            }
        }

        private void receive(SafeHttpClient.Response r) throws IOException {
            finalUrl = r.finalUrl();
            status = r.status();
            contentType = r.header("Content-Type").orElse(null);
            etag = r.header("ETag").orElse(null);
            lastModified = r.header("Last-Modified").orElse(null);
            retryAfter = r.retryAfterSeconds();
            if (status == 304 && previous.isPresent()) {
                outcome = Outcome.NOT_MODIFIED;
                sha256 = previous.get().sha256();
                files = previous.get().files().stream()
                        .map(f -> new StoredFile(f.sha256(), f.rawPath(), f.sizeBytes(), f.zipEntry(), false)).toList();
                etag = etag == null ? previous.get().etag().orElse(null) : etag;
                lastModified = lastModified == null ? previous.get().lastModified().orElse(null) : lastModified;
                return;
            }
            if (status == 401 || status == 403 || status == 429) {
                fail(Outcome.BLOCKED, "HTTP " + status + ": the server refuses us" + (status == 429 ? " (too many requests)" : ""));
                return;
            }
            if (status != 200) {
                fail(Outcome.HTTP_ERROR, "HTTP " + status + (status == 404 || status == 410 ? ": broken link" : ""));
                return;
            }
            OptionalLong announced = r.contentLength();
            if (announced.isPresent() && announced.getAsLong() > settings.maxBytes()) {
                fail(Outcome.TOO_LARGE, "announced " + announced.getAsLong() + " bytes, more than the limit of "
                        + (settings.maxBytes() >> 20) + " MB (" + GlimmrConfig.FETCH_MAX_MB + ")");
                return;
            }
            InputStream body = r.body();
            byte[] head = body.readNBytes(ContentSniffer.HEAD_BYTES);
            ContentSniffer.Sniff sniff = ContentSniffer.sniff(head, head.length);
            if (sniff.kind() == ContentSniffer.Kind.HTML) {
                size = head.length;
                htmlPage(sniff.captcha());
                return;
            }
            store(head, body, sniff.kind());
        }

        private void htmlPage(boolean captcha) {
            if (captcha) {
                fail(Outcome.BLOCKED, "the server sent a CAPTCHA or bot-check page instead of the file");
            } else {
                fail(Outcome.HTML, "the server sent an HTML page instead of the file (a landing page or soft 404?); "
                        + "check the mrf-url in the hospital's cms-hpt.txt");
            }
        }

        private void store(byte[] head, InputStream body, ContentSniffer.Kind kind) throws IOException {
            Path temp = store.newTemporary();
            boolean kept = false;
            try {
                MessageDigest sha = Digests.sha256();
                try (OutputStream out = store.create(temp)) {
                    sha.update(head);
                    out.write(head);
                    size = head.length;
                    byte[] buf = new byte[1 << 16];
                    int n;
                    while ((n = body.read(buf)) > 0) {
                        size += n;
                        if (size > settings.maxBytes()) {
                            fail(Outcome.TOO_LARGE, "more than the limit of " + (settings.maxBytes() >> 20) + " MB ("
                                    + GlimmrConfig.FETCH_MAX_MB + "); stopped and nothing kept");
                            return;
                        }
                        sha.update(buf, 0, n);
                        out.write(buf, 0, n);
                    }
                }
                sha256 = HexFormat.of().formatHex(sha.digest());
                if (kind == ContentSniffer.Kind.ZIP) {
                    files = archives.unzip(store, temp);
                } else {
                    if (kind == ContentSniffer.Kind.GZIP) {
                        byte[] inner;
                        try (InputStream in = store.open(temp)) {
                            inner = archives.checkGzip(in);
                        }
                        ContentSniffer.Sniff sniff = ContentSniffer.sniff(inner, inner.length);
                        if (sniff.kind() == ContentSniffer.Kind.HTML) {
                            htmlPage(sniff.captcha());
                            return;
                        }
                    }
                    files = List.of(store.commit(temp, sha256, kind.extension(), size, Optional.empty()));
                    kept = true;
                }
                outcome = files.stream().anyMatch(StoredFile::isNew) ? Outcome.STORED : Outcome.UNCHANGED;
                if (outcome == Outcome.UNCHANGED) {
                    message = "same content as already stored";
                }
            } finally {
                if (!kept) {
                    store.discard(temp);
                }
            }
        }

        private void fail(Outcome o, String why) {
            outcome = o;
            message = why;
            sha256 = null;
            files = List.of();
        }

        DownloadTry toRow(List<String> hospitalKeys, int tryNumber, boolean last) {
            return new DownloadTry(url, hospitalKeys, tryNumber, last, at, Optional.ofNullable(finalUrl).map(URI::toString),
                    Optional.ofNullable(status), outcome, Optional.ofNullable(contentType), Optional.ofNullable(etag),
                    Optional.ofNullable(lastModified), Optional.ofNullable(sha256), size, files, Optional.ofNullable(message));
        }
    }
}
