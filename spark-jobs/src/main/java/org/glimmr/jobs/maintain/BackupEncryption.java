package org.glimmr.jobs.maintain;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.glimmr.common.BackupKey;

/**
 * Encryption of backup files: AES-256-GCM (the JDK's {@code AES/GCM/NoPadding}) over fixed-size segments, so a file of
 * any size streams through a small buffer and every segment is authenticated on its own, the scheme of Tink's
 * streaming AEAD ({@code AesGcmHkdfStreaming}) written with the JDK's primitives.
 *
 * <p>A file is a header, then segments:
 * <pre>
 *   header   "GLIMMRE1" (8 bytes) | segment size (int32, plaintext bytes) | salt (32 random bytes)
 *   segment  AES-256-GCM(file key, nonce = 0x00000000 | index (int64), aad = header | index (int64) | last (1 byte))
 *            of segment-size bytes of plaintext (the last segment: 0 to segment-size), with its 16-byte tag
 * </pre>
 * The file key is HKDF-SHA256 of the backup key with the file's random salt and an {@code info} naming the file (its
 * backup and name): every file has its own key, so the counter nonces never repeat under a key and a file renamed or
 * moved into another backup does not decrypt. The segment index and the last-segment flag are authenticated: segments
 * reordered, dropped, or cut at a segment boundary, bytes appended, or any byte changed make the file fail with
 * {@link IntegrityException}; nothing of an unauthenticated segment is ever returned.
 *
 * <p>The same key derivation gives the key id (a public fingerprint, so a wrong key is told apart from a damaged
 * manifest) and the key of the manifest's HMAC-SHA256.
 */
public final class BackupEncryption {
    /** Plaintext bytes per segment: 1 MiB (tag overhead 16 bytes per MiB). */
    public static final int SEGMENT_SIZE = 1 << 20;
    /** What a backup's manifest says of its files' encryption. */
    public static final String SCHEME = "aes-256-gcm-hkdf-sha256-segments";

    private static final byte[] MAGIC = "GLIMMRE1".getBytes(StandardCharsets.US_ASCII);
    private static final int SALT_BYTES = 32;
    private static final int HEADER_BYTES = MAGIC.length + Integer.BYTES + SALT_BYTES;
    private static final int TAG_BYTES = 16;
    private static final int MAX_SEGMENT_SIZE = 16 << 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    private BackupEncryption() {}

    /** A backup file failed its integrity check: altered, cut short, of another backup, or of another key. */
    public static final class IntegrityException extends IOException {
        private static final long serialVersionUID = 1L;

        IntegrityException(String message) {
            super(message);
        }
    }

    /** Encrypts what is written into {@code out}; closing the stream writes the last segment and closes {@code out}. */
    public static OutputStream encrypt(OutputStream out, BackupKey key, String file) throws IOException {
        return encrypt(out, key, file, SEGMENT_SIZE);
    }

    static OutputStream encrypt(OutputStream out, BackupKey key, String file, int segmentSize) throws IOException {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] header = ByteBuffer.allocate(HEADER_BYTES).put(MAGIC).putInt(segmentSize).put(salt).array();
        out.write(header);
        return new Encrypting(out, fileKey(key, salt, file), header, segmentSize);
    }

    /**
     * The plaintext of an encrypted file read from {@code in}; every read returns authenticated bytes only, and a
     * failed check is an {@link IntegrityException} naming {@code file}. Closing it closes {@code in}.
     */
    public static InputStream decrypt(InputStream in, BackupKey key, String file) throws IOException {
        byte[] header = in.readNBytes(HEADER_BYTES);
        if (header.length < HEADER_BYTES || !Arrays.equals(header, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IntegrityException(file + " is not an encrypted Glimmr backup file (its header is "
                    + (header.length < HEADER_BYTES ? "cut short" : "not Glimmr's") + ")");
        }
        ByteBuffer h = ByteBuffer.wrap(header, MAGIC.length, HEADER_BYTES - MAGIC.length);
        int segmentSize = h.getInt();
        if (segmentSize < 1 || segmentSize > MAX_SEGMENT_SIZE) {
            throw new IntegrityException(file + " has a damaged header (segment size " + segmentSize + ")");
        }
        byte[] salt = new byte[SALT_BYTES];
        h.get(salt);
        return new Decrypting(in, fileKey(key, salt, file), header, segmentSize, file);
    }

    /** The key's public fingerprint: 16 hex digits that tell keys apart and reveal nothing of the key. */
    public static String keyId(BackupKey key) {
        return HexFormat.of().formatHex(derive(key, new byte[0], "glimmr backup key id v1"), 0, 8);
    }

    /** HMAC-SHA256 (with a key derived from the backup key) of a manifest's bytes, in hex. */
    public static String manifestMac(BackupKey key, byte[] manifest) {
        byte[] macKey = derive(key, new byte[0], "glimmr backup manifest mac v1");
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(macKey, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(manifest));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        } finally {
            Arrays.fill(macKey, (byte) 0);
        }
    }

    /** Whether two hex MACs are equal, in constant time. */
    public static boolean sameMac(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }

    private static SecretKey fileKey(BackupKey key, byte[] salt, String file) {
        byte[] k = derive(key, salt, "glimmr backup file v1\0" + requireNonNull(file, "file is null"));
        try {
            return new SecretKeySpec(k, "AES");
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    /** HKDF-SHA256 (RFC 5869) of the backup key: 32 bytes for {@code salt} and {@code info}. */
    private static byte[] derive(BackupKey key, byte[] salt, String info) {
        byte[] ikm = key.bytes();
        try {
            return hkdf(ikm, salt, info.getBytes(StandardCharsets.UTF_8), 32);
        } finally {
            Arrays.fill(ikm, (byte) 0);
        }
    }

    /** HKDF-SHA256 (RFC 5869): extract with {@code salt} (empty: 32 zero bytes), expand to {@code length} bytes. */
    static byte[] hkdf(byte[] ikm, byte[] salt, byte[] info, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salt.length == 0 ? new byte[32] : salt, "HmacSHA256"));
            byte[] prk = mac.doFinal(ikm);
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            byte[] okm = new byte[length];
            byte[] t = new byte[0];
            for (int i = 1, done = 0; done < length; i++) {
                mac.update(t);
                mac.update(info);
                mac.update((byte) i);
                t = mac.doFinal();
                int n = Math.min(t.length, length - done);
                System.arraycopy(t, 0, okm, done, n);
                done += n;
            }
            Arrays.fill(prk, (byte) 0);
            return okm;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    private static GCMParameterSpec nonce(long index) {
        return new GCMParameterSpec(TAG_BYTES * 8, ByteBuffer.allocate(12).putInt(0).putLong(index).array());
    }

    private static byte[] aad(byte[] header, long index, boolean last) {
        return ByteBuffer.allocate(header.length + Long.BYTES + 1).put(header).putLong(index).put((byte) (last ? 1 : 0)).array();
    }

    private static Cipher gcm() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM/NoPadding is missing from this JVM", e);
        }
    }

    private static final class Encrypting extends OutputStream {
        private final OutputStream out;
        private final SecretKey key;
        private final byte[] header;
        private final byte[] plain;
        private final byte[] sealed;
        private final Cipher cipher = gcm();
        private int filled;
        private long index;
        private boolean closed;

        Encrypting(OutputStream out, SecretKey key, byte[] header, int segmentSize) {
            this.out = out;
            this.key = key;
            this.header = header;
            this.plain = new byte[segmentSize];
            this.sealed = new byte[segmentSize + TAG_BYTES];
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("the encrypted stream is closed");
            }
            while (len > 0) {
                if (filled == plain.length) {
                    seal(false); // a full segment is sealed only once more bytes come: the last one may be full too
                }
                int n = Math.min(len, plain.length - filled);
                System.arraycopy(b, off, plain, filled, n);
                filled += n;
                off += n;
                len -= n;
            }
        }

        private void seal(boolean last) throws IOException {
            try {
                cipher.init(Cipher.ENCRYPT_MODE, key, nonce(index));
                cipher.updateAAD(aad(header, index, last));
                int n = cipher.doFinal(plain, 0, filled, sealed, 0);
                out.write(sealed, 0, n);
            } catch (GeneralSecurityException e) {
                throw new IOException("could not encrypt segment " + index + ": " + e.getMessage(), e);
            }
            index++;
            filled = 0;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try (OutputStream o = out) {
                seal(true);
            } finally {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    private static final class Decrypting extends InputStream {
        private final PushbackInputStream in;
        private final SecretKey key;
        private final byte[] header;
        private final byte[] sealed;
        private final byte[] plain;
        private final String file;
        private final Cipher cipher = gcm();
        private int pos;
        private int limit;
        private long index;
        private boolean last;

        Decrypting(InputStream in, SecretKey key, byte[] header, int segmentSize, String file) {
            this.in = new PushbackInputStream(in, 1);
            this.key = key;
            this.header = header;
            this.sealed = new byte[segmentSize + TAG_BYTES];
            this.plain = new byte[segmentSize];
            this.file = file;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (pos == limit) {
                if (last) {
                    return -1;
                }
                open();
            }
            int n = Math.min(len, limit - pos);
            System.arraycopy(plain, pos, b, off, n);
            pos += n;
            return n;
        }

        /** Reads, authenticates and decrypts the next segment; the last one is the one the file ends after. */
        private void open() throws IOException {
            int n = in.readNBytes(sealed, 0, sealed.length);
            boolean end = n < sealed.length;
            if (!end) {
                int next = in.read();
                end = next < 0;
                if (!end) {
                    in.unread(next);
                }
            }
            if (n < TAG_BYTES) {
                throw new IntegrityException(file + " is cut short: segment " + index + " has " + n + " bytes, fewer than its tag");
            }
            try {
                cipher.init(Cipher.DECRYPT_MODE, key, nonce(index));
                cipher.updateAAD(aad(header, index, end));
                limit = cipher.doFinal(sealed, 0, n, plain, 0);
            } catch (AEADBadTagException e) {
                throw new IntegrityException(file + " failed its integrity check at segment " + index + " (bytes from "
                        + (HEADER_BYTES + index * sealed.length) + "): it was altered, cut short or added to, or it is not"
                        + " this backup's file, or another key encrypted it");
            } catch (GeneralSecurityException e) {
                throw new IOException("could not decrypt segment " + index + " of " + file + ": " + e.getMessage(), e);
            }
            pos = 0;
            index++;
            last = end;
        }

        @Override
        public void close() throws IOException {
            Arrays.fill(plain, (byte) 0);
            in.close();
        }
    }
}
