package org.glimmr.jobs.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * What the first bytes of an answer are, judged from content (a server's Content-Type and a URL's extension are often
 * wrong): gzip, zip, JSON, HTML (with a CAPTCHA or bot check told apart), other text (CSV), or binary.
 */
public final class ContentSniffer {
    /** Bytes looked at. */
    public static final int HEAD_BYTES = 8192;

    /** Phrases of bot checks and CAPTCHA pages of the common CDNs and WAFs (Cloudflare, Akamai, Imperva, PerimeterX). */
    private static final List<String> CAPTCHA_MARKERS = List.of("captcha", "cf-chl", "cf_chl", "challenge-platform",
            "attention required", "just a moment...", "verify you are human", "are you a robot", "_incapsula_",
            "request unsuccessful. incapsula", "pardon our interruption", "px-captcha", "access denied", "bot detection");
    private static final List<String> HTML_STARTS = List.of("<!doctype html", "<html", "<head", "<body", "<!--", "<script",
            "<meta", "<title", "<div", "<?xml", "<p>", "<h1", "<form", "<iframe", "<noscript", "<link", "<style");

    private ContentSniffer() {}

    public enum Kind {
        GZIP("gz"), ZIP("zip"), JSON("json"), HTML("html"), TEXT("csv"), BINARY("bin");

        private final String extension;

        Kind(String extension) {
            this.extension = extension;
        }

        /** File extension in the raw store (cosmetic: ingest judges content, not names). */
        public String extension() {
            return extension;
        }
    }

    /** The verdict: a kind, and for HTML whether it looks like a CAPTCHA or bot check. */
    public record Sniff(Kind kind, boolean captcha) {}

    public static Sniff sniff(byte[] head, int length) {
        if (length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return new Sniff(Kind.GZIP, false);
        }
        if (length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return new Sniff(Kind.ZIP, false);
        }
        int start = 0;
        if (length >= 3 && (head[0] & 0xff) == 0xef && (head[1] & 0xff) == 0xbb && (head[2] & 0xff) == 0xbf) {
            start = 3;
        }
        while (start < length && Character.isWhitespace(head[start])) {
            start++;
        }
        if (start == length) {
            return new Sniff(Kind.TEXT, false);
        }
        int controls = 0;
        for (int i = start; i < length; i++) {
            int b = head[i] & 0xff;
            if (b == 0 || (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f')) {
                controls++;
            }
        }
        if (controls > 0) {
            return new Sniff(Kind.BINARY, false);
        }
        String text = new String(head, start, length - start, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        if (text.startsWith("{") || text.startsWith("[")) {
            return new Sniff(Kind.JSON, false);
        }
        if (text.startsWith("<") && (HTML_STARTS.stream().anyMatch(text::startsWith) || text.contains("<html") || text.contains("<body"))) {
            return new Sniff(Kind.HTML, CAPTCHA_MARKERS.stream().anyMatch(text::contains));
        }
        return new Sniff(Kind.TEXT, false);
    }
}
