package org.glimmr.mrf;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The first {@code limit} bytes of another stream: how a reader sees one split, opened at the split's start, without
 * the bytes after its end. At the bound it reads as the end of the stream and does not read the stream below any
 * further.
 *
 * <ul>
 *   <li>{@code read} and {@code skip} never go past the bound; a read of zero bytes returns 0, as
 *       {@link InputStream#read(byte[], int, int)} says, even at the bound.</li>
 *   <li>{@code skip} of zero or fewer bytes returns 0 without asking the stream below (some streams skip backwards).</li>
 *   <li>{@link #available()} is at most what is left before the bound.</li>
 *   <li>Mark and reset are not supported (a reset below would undo reads this stream has counted):
 *       {@link #mark} does nothing and {@link #reset} throws.</li>
 *   <li>{@link #close()} closes the stream below.</li>
 * </ul>
 */
public final class BoundedInputStream extends FilterInputStream {
    private long remaining;

    /** @param limit how many bytes to read at most; not negative */
    public BoundedInputStream(InputStream in, long limit) {
        super(in);
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, got " + limit);
        }
        this.remaining = limit;
    }

    @Override
    public int read() throws IOException {
        if (remaining <= 0) {
            return -1;
        }
        int b = in.read();
        if (b >= 0) {
            remaining--;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (remaining <= 0) {
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n > 0) {
            remaining -= n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        if (n <= 0) {
            return 0;
        }
        long skipped = in.skip(Math.min(n, remaining));
        remaining -= skipped;
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(in.available(), remaining);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void mark(int readlimit) {
        // not supported: see markSupported()
    }

    @Override
    public void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }
}
