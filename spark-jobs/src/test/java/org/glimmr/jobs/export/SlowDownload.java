package org.glimmr.jobs.export;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.Arrays;

/**
 * A slow client, as the server sees it: an HTTP/1.1 GET (keep-alive, so the answer is chunked) on a socket with a small
 * receive buffer that reads the answer's head and the first few KB of its body, then reads no more until
 * {@link #readToEnd()}.
 */
final class SlowDownload implements AutoCloseable {
    private static final int FIRST_BYTES = 8 << 10;
    /** How a chunked body ends (without trailers): the end of the last data chunk, then a chunk of size 0. */
    private static final byte[] LAST_CHUNK = "\r\n0\r\n\r\n".getBytes(ISO_8859_1);

    private final Socket socket;
    private final int status;
    private final byte[] first;

    private SlowDownload(Socket socket, int status, byte[] first) {
        this.socket = socket;
        this.status = status;
        this.first = first;
    }

    /** Sends the request and reads the head and the first 8 KB of the (chunked) body. */
    static SlowDownload start(int port, String path, String apiKey) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(120_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: " + apiKey
                    + "\r\n\r\n").getBytes(ISO_8859_1));
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            if (!head.toLowerCase(java.util.Locale.ROOT).contains("\r\ntransfer-encoding: chunked")) {
                throw new AssertionError("not a chunked answer: " + head);
            }
            return new SlowDownload(socket, Integer.parseInt(head.split(" ", 3)[1]), in.readNBytes(FIRST_BYTES));
        } catch (IOException | RuntimeException | AssertionError e) {
            socket.close();
            throw e;
        }
    }

    int status() {
        return status;
    }

    /** The body, and whether it ended as a chunked body must (a last chunk of size 0) rather than cut off. */
    record Body(String text, boolean complete) {}

    /** Reads on until the server closes the connection, and decodes the chunks. */
    Body readToEnd() throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.write(first);
        byte[] buffer = new byte[64 << 10];
        try {
            // the connection stays open after a last chunk (keep-alive): stop there, or where the server closes it
            byte[] tail = Arrays.copyOfRange(first, Math.max(0, first.length - LAST_CHUNK.length), first.length);
            for (int n; !Arrays.equals(tail, LAST_CHUNK) && (n = socket.getInputStream().read(buffer)) >= 0; ) {
                raw.write(buffer, 0, n);
                byte[] both = Arrays.copyOf(tail, tail.length + n);
                System.arraycopy(buffer, 0, both, tail.length, n);
                tail = Arrays.copyOfRange(both, Math.max(0, both.length - LAST_CHUNK.length), both.length);
            }
        } catch (SocketException e) {
            // a reset after an abort: what arrived before it is what counts
        }
        return decode(raw.toByteArray());
    }

    private static Body decode(byte[] raw) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int eol = indexOf(raw, at);
            if (eol < 0) {
                return new Body(body.toString(UTF_8), false);
            }
            int size = Integer.parseInt(new String(raw, at, eol - at, ISO_8859_1).split(";")[0].trim(), 16);
            if (size == 0) {
                return new Body(body.toString(UTF_8), true);
            }
            int start = eol + 2;
            int end = Math.min(raw.length, start + size);
            body.write(raw, start, end - start);
            if (end - start < size || end + 2 > raw.length) {
                return new Body(body.toString(UTF_8), false);
            }
            at = end + 2;
        }
    }

    private static int indexOf(byte[] raw, int from) {
        for (int i = from; i + 1 < raw.length; i++) {
            if (raw[i] == '\r' && raw[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        byte[] last = new byte[4];
        for (int b; (b = in.read()) >= 0; ) {
            head.write(b);
            System.arraycopy(last, 1, last, 0, 3);
            last[3] = (byte) b;
            if (Arrays.equals(last, new byte[] {'\r', '\n', '\r', '\n'})) {
                return head.toString(ISO_8859_1);
            }
        }
        throw new IOException("the connection ended in the answer's head: " + head.toString(ISO_8859_1));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
