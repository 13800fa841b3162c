package org.glimmr.jobs.discover;

import java.util.Locale;

/** What looking for a hospital's cms-hpt.txt came to; the label is {@code bronze.mrf_sources.status}. */
public enum SourceStatus {
    /** The entry lists a fetchable mrf-url. */
    FOUND,
    /** No cms-hpt.txt: 404/410, or an HTML page (soft 404) where the file belongs. */
    MISSING,
    /** 401, 403, 429 or a CAPTCHA / bot-check page. */
    BLOCKED,
    /** A cms-hpt.txt that cannot be read, or an entry of it without a valid http(s) mrf-url. */
    MALFORMED,
    /** No answer, a broken connection or a server error, after the retries. */
    UNREACHABLE,
    /** The safety rules refused the URL: it resolves inside a network, or is not http(s). */
    REFUSED,
    /** The hospital list has no website for the hospital. */
    NO_WEBSITE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
