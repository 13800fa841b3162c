package org.glimmr.jobs.maintain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.glimmr.common.BackupKey;
import org.junit.jupiter.api.Test;

/** The segmented AES-256-GCM of backup files: round trips at every segment boundary, and every kind of damage refused. */
class BackupEncryptionTest {
    private static final int SEGMENT = 64;
    private static final int SEALED = SEGMENT + 16;
    private static final int HEADER = 8 + 4 + 32;
    private static final BackupKey KEY = BackupKey.of(bytes(32, 1));
    private static final String FILE = "20260301T020000Z/curated.payers.csv.gz.enc";

    @Test
    void whatIsEncryptedDecryptsWholeAtEverySegmentBoundary() throws IOException {
        for (int size : new int[] {0, 1, SEGMENT - 1, SEGMENT, SEGMENT + 1, 3 * SEGMENT, 3 * SEGMENT + 7}) {
            byte[] plain = bytes(size, size);
            byte[] sealed = encrypt(plain);
            assertThat(sealed).as("size %d", size).hasSize(HEADER + Math.max(1, (size + SEGMENT - 1) / SEGMENT) * 16 + size);
            assertThat(decrypt(sealed, KEY, FILE)).as("size %d", size).isEqualTo(plain);
        }
        assertThat(encrypt(bytes(10, 3))).as("a random salt per file").isNotEqualTo(encrypt(bytes(10, 3)));
    }

    @Test
    void anyChangeCutOrReorderIsRefused() throws IOException {
        byte[] sealed = encrypt(bytes(3 * SEGMENT, 5));
        byte[] flipped = sealed.clone();
        flipped[HEADER + SEALED + 3] ^= 0x40;
        assertRefused(flipped, KEY, FILE, "failed its integrity check at segment 1");

        assertRefused(Arrays.copyOf(sealed, HEADER + 2 * SEALED), KEY, FILE, "segment 1");
        assertRefused(Arrays.copyOf(sealed, sealed.length - 5), KEY, FILE, "segment 2");
        byte[] longer = Arrays.copyOf(sealed, sealed.length + 1);
        assertRefused(longer, KEY, FILE, "segment 2");

        byte[] swapped = sealed.clone();
        System.arraycopy(sealed, HEADER, swapped, HEADER + SEALED, SEALED);
        System.arraycopy(sealed, HEADER + SEALED, swapped, HEADER, SEALED);
        assertRefused(swapped, KEY, FILE, "segment 0");

        assertRefused(Arrays.copyOf(sealed, 20), KEY, FILE, "cut short");
        assertRefused(sealed, BackupKey.of(bytes(32, 2)), FILE, "another key");
        assertRefused(sealed, KEY, "20260308T020000Z/curated.payers.csv.gz.enc", "not this backup's file");
    }

    @Test
    void theKeyIdAndTheManifestMacDependOnTheKeyOnly() {
        BackupKey other = BackupKey.of(bytes(32, 2));
        assertThat(BackupEncryption.keyId(KEY)).hasSize(16).isEqualTo(BackupEncryption.keyId(BackupKey.of(bytes(32, 1))))
                .isNotEqualTo(BackupEncryption.keyId(other));
        byte[] manifest = "glimmr-postgres-backup\t2\n".getBytes(StandardCharsets.UTF_8);
        assertThat(BackupEncryption.manifestMac(KEY, manifest)).hasSize(64).isNotEqualTo(BackupEncryption.manifestMac(other, manifest));
    }

    private static void assertRefused(byte[] sealed, BackupKey key, String file, String says) {
        assertThatThrownBy(() -> decrypt(sealed, key, file)).isInstanceOf(BackupEncryption.IntegrityException.class)
                .hasMessageContaining(file).hasMessageContaining(says);
    }

    private static byte[] encrypt(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream enc = BackupEncryption.encrypt(out, KEY, FILE, SEGMENT)) {
            // in uneven writes, so segments fill across calls
            for (int i = 0; i < plain.length; i += 37) {
                enc.write(plain, i, Math.min(37, plain.length - i));
            }
        }
        return out.toByteArray();
    }

    private static byte[] decrypt(byte[] sealed, BackupKey key, String file) throws IOException {
        try (InputStream in = BackupEncryption.decrypt(new ByteArrayInputStream(sealed), key, file)) {
            return in.readAllBytes();
        }
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
