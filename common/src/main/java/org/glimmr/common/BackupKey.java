package org.glimmr.common;

import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The 32-byte key PostgreSQL backups are encrypted with ({@code maintain}) and restored with ({@code restore}): from
 * the environment only ({@value GlimmrConfig#ENV_BACKUP_KEY}), in base64 (as {@code openssl rand -base64 32} prints
 * it) or hex. It is never printed: {@link #toString()} says only that it is set.
 */
public final class BackupKey {
    /** Bytes of a key: AES-256. */
    public static final int LENGTH = 32;

    private final byte[] bytes;

    private BackupKey(byte[] bytes) {
        requireNonNull(bytes, "bytes is null");
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a backup key has " + LENGTH + " bytes, not " + bytes.length);
        }
        this.bytes = bytes.clone();
    }

    /** A key of exactly 32 bytes (tests, and keys made by a program). */
    public static BackupKey of(byte[] bytes) {
        return new BackupKey(bytes);
    }

    /**
     * Reads the value of the environment variable {@code variable}: 64 hex digits, or base64 of 32 bytes. A wrong value
     * is a configuration error naming the variable and how to make a key; the error never shows the value.
     */
    public static BackupKey parse(String variable, String value) {
        String v = value.strip();
        byte[] decoded;
        String problem;
        if (v.length() == 2 * LENGTH && v.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            decoded = HexFormat.of().parseHex(v);
            problem = null;
        } else {
            try {
                decoded = Base64.getDecoder().decode(v);
                problem = decoded.length == LENGTH ? null : "decodes to " + decoded.length + " bytes, not " + LENGTH;
            } catch (IllegalArgumentException e) {
                decoded = null;
                problem = "is neither base64 nor 64 hex digits";
            }
        }
        if (problem != null) {
            throw new GlimmrException(GlimmrException.ErrorCode.CONFIGURATION, "environment variable " + variable + " "
                    + problem + ": a backup key is " + LENGTH + " random bytes, in base64 or hex. Fix: make one with"
                    + " `openssl rand -base64 32`, set " + variable + " to it and keep it safe (a backup cannot be restored"
                    + " without the key it was made with); or unset " + variable + ".");
        }
        try {
            return new BackupKey(decoded);
        } finally {
            Arrays.fill(decoded, (byte) 0);
        }
    }

    /** A copy of the key's bytes; the caller should clear it after use. */
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BackupKey other && MessageDigest.isEqual(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return 0; // no hash of the key material
    }

    @Override
    public String toString() {
        return "BackupKey[(set)]";
    }
}
