package org.glimmr.jobs.discover;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.jobs.http.Backoff;
import org.glimmr.jobs.http.ContentSniffer;
import org.glimmr.jobs.http.Outcome;
import org.glimmr.jobs.http.SafeHttpClient;

/** Reads one cms-hpt.txt over the safe client, with retries, and judges what came back. */
final class TxtLookup {
    /** A cms-hpt.txt is a few KB; a megabyte is generous (a system with hundreds of locations). */
    static final int MAX_BYTES = 1 << 20;

    /** The answer: a status, and for a readable file its parsed content. */
    record Result(URI txtUrl, SourceStatus status, Optional<Integer> httpStatus, Optional<CmsHptTxt.Parsed> parsed, String message) {
        Result {
            requireNonNull(txtUrl, "txtUrl is null");
            requireNonNull(status, "status is null");
            requireNonNull(httpStatus, "httpStatus is null");
            requireNonNull(parsed, "parsed is null");
            requireNonNull(message, "message is null");
        }
    }

    private final SafeHttpClient http;
    private final Backoff backoff;

    TxtLookup(SafeHttpClient http, GlimmrConfig.Fetch settings) {
        this.http = requireNonNull(http, "http is null");
        this.backoff = Backoff.of(settings);
    }

    Result read(URI txtUrl) {
        for (int t = 1; ; t++) {
            Attempt a = once(txtUrl);
            if (!backoff.another(t, a.outcome(), a.result().httpStatus().orElse(null))) {
                return a.result();
            }
            backoff.pause(t, java.util.OptionalLong.empty());
        }
    }

    private record Attempt(Outcome outcome, Result result) {}

    private Attempt once(URI url) {
        try (SafeHttpClient.Response r = http.get(url, Map.of())) {
            Optional<Integer> status = Optional.of(r.status());
            int s = r.status();
            if (s == 404 || s == 410) {
                return new Attempt(Outcome.HTTP_ERROR, new Result(url, SourceStatus.MISSING, status, Optional.empty(), "HTTP " + s + ": no cms-hpt.txt"));
            }
            if (s == 401 || s == 403 || s == 429) {
                return new Attempt(Outcome.BLOCKED, new Result(url, SourceStatus.BLOCKED, status, Optional.empty(), "HTTP " + s + ": the server refuses us"));
            }
            if (s != 200) {
                return new Attempt(Outcome.HTTP_ERROR, new Result(url, SourceStatus.UNREACHABLE, status, Optional.empty(), "HTTP " + s));
            }
            InputStream body = r.body();
            byte[] bytes = body.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                return done(url, SourceStatus.MALFORMED, status, "larger than " + (MAX_BYTES >> 20) + " MB: not a cms-hpt.txt");
            }
            ContentSniffer.Sniff sniff = ContentSniffer.sniff(bytes, Math.min(bytes.length, ContentSniffer.HEAD_BYTES));
            if (sniff.kind() == ContentSniffer.Kind.HTML) {
                return sniff.captcha()
                        ? done(url, SourceStatus.BLOCKED, status, "a CAPTCHA or bot-check page instead of the cms-hpt.txt")
                        : done(url, SourceStatus.MISSING, status, "an HTML page instead of the cms-hpt.txt (soft 404)");
            }
            if (sniff.kind() != ContentSniffer.Kind.TEXT) {
                return done(url, SourceStatus.MALFORMED, status, "not text (" + sniff.kind().extension() + ")");
            }
            CmsHptTxt.Parsed parsed = CmsHptTxt.parse(new String(bytes, StandardCharsets.UTF_8));
            SourceStatus verdict = parsed.anyUsable() ? SourceStatus.FOUND : SourceStatus.MALFORMED;
            return new Attempt(Outcome.STORED, new Result(url, verdict, status, Optional.of(parsed), String.join("; ", parsed.problems())));
        } catch (IOException e) {
            Outcome o = Outcome.of(e);
            SourceStatus st = o == Outcome.REFUSED ? SourceStatus.REFUSED : SourceStatus.UNREACHABLE;
            return new Attempt(o, new Result(url, st, Optional.empty(), Optional.empty(), o.label() + ": " + e.getMessage()));
        }
    }

    /** An answer that was read and judged: final, never retried. */
    private static Attempt done(URI url, SourceStatus status, Optional<Integer> http, String message) {
        return new Attempt(Outcome.STORED, new Result(url, status, http, Optional.empty(), message));
    }
}
