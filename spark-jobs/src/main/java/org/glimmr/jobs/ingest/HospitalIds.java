package org.glimmr.jobs.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A hospital's stable id: the first 16 hex digits of SHA-256 over its normalised name and license state, so the
 * same hospital publishing a new file (new hash, new date, re-spaced name) keeps its id. Normalising: accents
 * dropped, lower case, anything not a letter or digit folded to one space, {@code &} read as "and", "saint" as "st".
 */
public final class HospitalIds {
    private HospitalIds() {}

    public static String of(String hospitalName, String state, String fileShaWhenNameless) {
        String name = normalise(hospitalName);
        if (name.isEmpty()) {
            return "file-" + fileShaWhenNameless.substring(0, Math.min(16, fileShaWhenNameless.length()));
        }
        return sha(name + "|" + state.trim().toUpperCase(Locale.ROOT)).substring(0, 16);
    }

    static String normalise(String name) {
        String s = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        s = s.toLowerCase(Locale.ROOT).replace("&", " and ");
        s = s.replaceAll("[^a-z0-9]+", " ").trim();
        s = s.replaceAll("\\bsaint\\b", "st");
        return s;
    }

    private static String sha(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
