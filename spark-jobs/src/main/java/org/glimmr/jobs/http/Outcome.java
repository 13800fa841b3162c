package org.glimmr.jobs.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Locale;
import org.apache.http.ConnectionClosedException;
import org.apache.http.MalformedChunkCodingException;

/** What one download try came to; the label is what {@code bronze.mrf_downloads.outcome} holds. */
public enum Outcome {
    /** New content, now in the raw store. */
    STORED,
    /** Downloaded, and the same bytes were in the raw store already. */
    UNCHANGED,
    /** The server answered 304 to our If-None-Match / If-Modified-Since: nothing downloaded. */
    NOT_MODIFIED,
    HTTP_ERROR,
    /** 401, 403, 429 or a CAPTCHA / bot-check page. */
    BLOCKED,
    /** An HTML page where a file belongs (a landing page, a soft 404). */
    HTML,
    TIMEOUT,
    /** The connection ended before the announced length or the last chunk: nothing kept. */
    TRUNCATED,
    TOO_LARGE,
    /** Refused by the safety rules: an address inside a network, a scheme other than http(s), a hostile archive. */
    REFUSED,
    FAILED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The raw store holds this URL's current content after such a try. */
    public boolean success() {
        return this == STORED || this == UNCHANGED || this == NOT_MODIFIED;
    }

    /** The outcome of a try that failed with {@code e}. */
    public static Outcome of(IOException e) {
        if (e instanceof AddressPolicy.RefusedAddressException || e instanceof UnsafeUrlException) {
            return REFUSED;
        }
        if (e instanceof InterruptedIOException) {
            return TIMEOUT; // read and connect timeouts
        }
        if (e instanceof ConnectionClosedException || e instanceof MalformedChunkCodingException) {
            return TRUNCATED; // premature end of a Content-Length or chunked body (TruncatedChunkException included)
        }
        return FAILED;
    }

    /** Worth another try: the server or the network may do better in a moment. */
    static boolean retryable(Outcome outcome, Integer httpStatus) {
        return switch (outcome) {
            case TIMEOUT, TRUNCATED, FAILED -> true;
            case HTTP_ERROR, BLOCKED -> httpStatus != null && (httpStatus >= 500 || httpStatus == 408 || httpStatus == 429);
            default -> false;
        };
    }
}
