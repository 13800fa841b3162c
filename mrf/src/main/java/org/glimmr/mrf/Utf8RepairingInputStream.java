package org.glimmr.mrf;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Passes valid UTF-8 through unchanged and re-encodes every byte that is not part of a valid UTF-8 sequence as the
 * Windows-1252 character it stands for (so {@code 0x92} becomes {@code ’}), counting each repair. Hospitals'
 * files are UTF-8, or Windows-1252 saved from a spreadsheet, or a mix; this makes both readable without holding
 * the file. Optionally drops a leading UTF-8 byte-order mark.
 */
public final class Utf8RepairingInputStream extends FilterInputStream {
    private static final String CP1252_HIGH;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    static {
        byte[] high = new byte[128];
        for (int i = 0; i < 128; i++) {
            high[i] = (byte) (0x80 + i);
        }
        // bytes 0x81, 0x8D, 0x8F, 0x90, 0x9D are undefined in Windows-1252: Java maps them to U+FFFD
        CP1252_HIGH = new String(high, java.nio.charset.Charset.forName("windows-1252"));
    }

    private final byte[] in = new byte[1 << 16];
    private int inPos;
    private int inLimit;
    private boolean eof;
    private final byte[] pending = new byte[4];
    private int pendingPos;
    private int pendingLimit;
    private long repairs;
    private boolean bomChecked;

    public Utf8RepairingInputStream(InputStream in, boolean skipBom) {
        super(in);
        this.bomChecked = !skipBom;
    }

    /** How many bytes were not UTF-8 and were read as Windows-1252. */
    public long repairs() {
        return repairs;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] out, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int written = 0;
        while (written < len) {
            if (pendingPos < pendingLimit) {
                out[off + written++] = pending[pendingPos++];
                continue;
            }
            if (inLimit - inPos < 4 && !eof) {
                fill();
                if (!bomChecked) {
                    bomChecked = true;
                    if (inLimit - inPos >= 3 && (in[inPos] & 0xFF) == 0xEF && (in[inPos + 1] & 0xFF) == 0xBB
                            && (in[inPos + 2] & 0xFF) == 0xBF) {
                        inPos += 3;
                    }
                }
            }
            if (inPos >= inLimit) {
                break;
            }
            // fast path: ASCII run
            int b = in[inPos] & 0xFF;
            if (b < 0x80) {
                int limit = Math.min(inLimit, inPos + (len - written));
                int start = inPos;
                byte[] src = in;
                int i = start;
                // eight bytes at a time while none has its high bit set, then byte by byte
                while (i + Long.BYTES <= limit && ((long) LONGS.get(src, i) & HIGH_BITS) == 0) {
                    i += Long.BYTES;
                }
                while (i < limit && src[i] >= 0) {
                    i++;
                }
                inPos = i;
                int n = i - start;
                System.arraycopy(in, start, out, off + written, n);
                written += n;
                continue;
            }
            int need = sequenceLength(b);
            if (need > 0 && inPos + need <= inLimit && validContinuation(b, need)) {
                for (int i = 0; i < need; i++) {
                    pending[i] = in[inPos + i];
                }
                inPos += need;
                pendingPos = 0;
                pendingLimit = need;
                continue;
            }
            if (need > 0 && inPos + need > inLimit && !eof) {
                // a sequence cut by the buffer end: fill() keeps the tail; loop again
                fill();
                if (inPos + need <= inLimit) {
                    continue;
                }
            }
            // not UTF-8: read this byte as Windows-1252
            repairs++;
            byte[] encoded = String.valueOf(CP1252_HIGH.charAt(b - 0x80)).getBytes(StandardCharsets.UTF_8);
            System.arraycopy(encoded, 0, pending, 0, encoded.length);
            pendingPos = 0;
            pendingLimit = encoded.length;
            inPos++;
        }
        return written == 0 ? -1 : written;
    }

    private static int sequenceLength(int b) {
        if (b >= 0xC2 && b <= 0xDF) {
            return 2;
        }
        if (b >= 0xE0 && b <= 0xEF) {
            return 3;
        }
        if (b >= 0xF0 && b <= 0xF4) {
            return 4;
        }
        return 0;
    }

    private boolean validContinuation(int lead, int need) {
        for (int i = 1; i < need; i++) {
            int c = in[inPos + i] & 0xFF;
            if ((c & 0xC0) != 0x80) {
                return false;
            }
        }
        int second = in[inPos + 1] & 0xFF;
        if (lead == 0xE0 && second < 0xA0) {
            return false; // overlong
        }
        if (lead == 0xED && second > 0x9F) {
            return false; // surrogate
        }
        if (lead == 0xF0 && second < 0x90) {
            return false; // overlong
        }
        return lead != 0xF4 || second <= 0x8F;
    }

    private void fill() throws IOException {
        if (inPos > 0) {
            System.arraycopy(in, inPos, in, 0, inLimit - inPos);
            inLimit -= inPos;
            inPos = 0;
        }
        while (inLimit < in.length) {
            int n = super.in.read(in, inLimit, in.length - inLimit);
            if (n < 0) {
                eof = true;
                return;
            }
            inLimit += n;
            if (inLimit >= 4) {
                return;
            }
        }
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public int available() {
        return (pendingLimit - pendingPos) + (inLimit - inPos);
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
