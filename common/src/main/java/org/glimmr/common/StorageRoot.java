package org.glimmr.common;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a tree of files lives: a local folder or {@code s3a://bucket/prefix}. Held as a URI string without a
 * trailing slash, usable as a Hadoop path.
 */
public record StorageRoot(String uri) {
    public StorageRoot {
        requireNonNull(uri, "uri is null");
        if (uri.endsWith("/") && uri.length() > 1 && !uri.endsWith("://")) {
            uri = uri.substring(0, uri.length() - 1);
        }
    }

    /** Parses a configured value, or fails naming the key. Relative local paths are resolved against {@code base}. */
    public static StorageRoot parse(String key, String value, Path base) {
        String v = value.trim();
        if (v.isEmpty()) {
            throw GlimmrException.config(key, value, "is empty", "give a local folder or s3a://bucket/prefix");
        }
        int scheme = v.indexOf("://");
        if (scheme < 0) {
            if (v.contains(":") && !v.matches("^[A-Za-z]:[\\\\/].*")) {
                throw GlimmrException.config(key, value, "is not a folder path nor a URI",
                        "give a local folder or s3a://bucket/prefix");
            }
            return new StorageRoot("file:" + base.resolve(v).toAbsolutePath().normalize());
        }
        String s = v.substring(0, scheme).toLowerCase(Locale.ROOT);
        URI uri;
        try {
            uri = new URI(v);
        } catch (URISyntaxException e) {
            throw GlimmrException.config(key, value, "is not a valid URI (" + e.getReason() + ")",
                    "give a local folder or s3a://bucket/prefix, with special characters escaped");
        }
        switch (s) {
            case "file":
                return new StorageRoot("file:" + Path.of(uri).toAbsolutePath().normalize());
            case "s3a":
                if (uri.getHost() == null || uri.getHost().isBlank()) {
                    throw GlimmrException.config(key, value, "has no bucket name",
                            "write it as s3a://bucket/prefix (bucket names: lower case letters, digits, dots and hyphens)");
                }
                return new StorageRoot(v);
            case "s3":
            case "s3n":
                throw GlimmrException.config(key, value, "uses the " + s + ":// scheme, which Hadoop does not serve here",
                        "write s3a://" + v.substring(scheme + 3));
            default:
                throw GlimmrException.config(key, value, "uses the unsupported scheme '" + s + "'",
                        "give a local folder or s3a://bucket/prefix");
        }
    }

    /** The local folder, for a {@code file:} root. */
    public Path localPath() {
        if (!uri.startsWith("file:")) {
            throw new IllegalStateException("not a local root: " + uri);
        }
        return Path.of(uri.substring("file:".length()));
    }

    public boolean isS3() {
        return uri.startsWith("s3a://");
    }

    /** A child location, e.g. {@code root.resolve("silver/standard_charges")}. */
    public String resolve(String relative) {
        return uri + "/" + relative;
    }

    @Override
    public String toString() {
        return uri;
    }
}
