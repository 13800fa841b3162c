package org.glimmr.serving.auth;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An API key as given to a client: {@code glmr_<key id>_<secret>}. The id (public, 12 hex digits) finds the row;
 * the secret (256 random bits, base64url) is stored only as its SHA-256.
 */
public record ApiKeySecret(String keyId, String secret) {
    public static final String PREFIX = "glmr_";
    private static final Pattern FORMAT = Pattern.compile("glmr_([0-9a-f]{12})_([A-Za-z0-9_-]{43})");
    private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{12}");
    private static final SecureRandom RANDOM = new SecureRandom();

    public ApiKeySecret {
        requireNonNull(keyId, "keyId is null");
        requireNonNull(secret, "secret is null");
    }

    public static ApiKeySecret generate() {
        byte[] id = new byte[6];
        byte[] secret = new byte[32];
        RANDOM.nextBytes(id);
        RANDOM.nextBytes(secret);
        return new ApiKeySecret(HexFormat.of().formatHex(id), java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    public static Optional<ApiKeySecret> parse(String token) {
        Matcher m = FORMAT.matcher(token);
        return m.matches() ? Optional.of(new ApiKeySecret(m.group(1), m.group(2))) : Optional.empty();
    }

    /** Whether {@code id} has the form of a key id (12 lower-case hex digits). */
    public static boolean isKeyId(String id) {
        return KEY_ID.matcher(id).matches();
    }

    public static boolean looksLikeKey(String token) {
        return token.startsWith(PREFIX);
    }

    public String token() {
        return PREFIX + keyId + "_" + secret;
    }

    public String secretSha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Compares hashes in constant time. */
    public boolean matches(String storedSha256) {
        return MessageDigest.isEqual(secretSha256().getBytes(StandardCharsets.US_ASCII), storedSha256.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "ApiKeySecret[" + keyId + ", secret hidden]";
    }
}
