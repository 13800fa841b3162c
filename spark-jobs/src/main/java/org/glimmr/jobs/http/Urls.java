package org.glimmr.jobs.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Parses URLs as hospitals write them (spaces, stray whitespace) and keeps only http and https ones with a host. */
public final class Urls {
    private Urls() {}

    /** The URL as a {@link URI}, or an {@link UnsafeUrlException} saying why it is not fetched. */
    public static URI parse(String text) throws UnsafeUrlException {
        String s = text.strip().replace(" ", "%20").replace("|", "%7C").replace("\"", "%22");
        URI uri;
        try {
            uri = new URI(s);
        } catch (URISyntaxException e) {
            throw new UnsafeUrlException("'" + text.strip() + "' is not a valid URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new UnsafeUrlException("'" + text.strip() + "' is not an http or https URL; only those are fetched");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new UnsafeUrlException("'" + text.strip() + "' has no host name");
        }
        if (uri.getRawUserInfo() != null) {
            throw new UnsafeUrlException("'" + text.strip() + "' carries credentials (user@host); such URLs are not fetched");
        }
        return uri;
    }

    /** The cms-hpt.txt of a website: at the root of its host (45 CFR 180.50(d)(6)). A bare domain is read as https. */
    public static URI cmsHptTxt(String website) throws UnsafeUrlException {
        String w = website.strip();
        URI site = parse(w.contains("://") ? w : "https://" + w);
        try {
            return new URI(site.getScheme().toLowerCase(Locale.ROOT), null, site.getHost(), site.getPort(), "/cms-hpt.txt", null, null);
        } catch (URISyntaxException e) {
            throw new UnsafeUrlException("cannot make the cms-hpt.txt URL of '" + w + "': " + e.getReason());
        }
    }
}
