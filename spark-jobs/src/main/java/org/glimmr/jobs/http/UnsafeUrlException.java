package org.glimmr.jobs.http;

import java.io.IOException;

/** A URL the safety rules refuse before any connection: not http(s), no host, credentials in it, too many redirects. */
public final class UnsafeUrlException extends IOException {
    private static final long serialVersionUID = 1L;

    UnsafeUrlException(String message) {
        super(message);
    }
}
