package org.glimmr.mrf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The repairing stream against a plain byte-at-a-time reference: valid UTF-8 passes unchanged, every other byte
 * becomes its Windows-1252 character, whatever the sizes of the reads asked for and of the chunks the source gives
 * (so sequences cut by a chunk end and bad bytes at either end of a chunk are covered).
 */
class Utf8RepairingInputStreamTest {
    private static final Charset CP1252 = Charset.forName("windows-1252");

    /** The reference: for each position, a whole valid UTF-8 sequence or one repaired byte. */
    private static byte[] reference(byte[] in, long[] repairs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < in.length) {
            int n = validSequence(in, i);
            if (n > 0) {
                out.write(in, i, n);
                i += n;
            } else {
                byte[] repaired = new String(new byte[] {in[i]}, CP1252).getBytes(StandardCharsets.UTF_8);
                out.write(repaired, 0, repaired.length);
                repairs[0]++;
                i++;
            }
        }
        return out.toByteArray();
    }

    /** Length of the valid UTF-8 sequence at {@code i} (decoded strictly by the JDK), or 0. */
    private static int validSequence(byte[] in, int i) {
        if (in[i] >= 0) {
            return 1;
        }
        for (int n = 2; n <= 4 && i + n <= in.length; n++) {
            try {
                StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(in, i, n));
                return n;
            } catch (java.nio.charset.CharacterCodingException e) {
                // not a whole valid sequence of n bytes
            }
        }
        return 0;
    }

    /** A source that hands out at most {@code chunk} bytes per read. */
    private static InputStream chunked(byte[] bytes, int chunk) {
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }

    private static byte[] readAll(InputStream in, int readSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[readSize];
        int n;
        while ((n = in.read(buffer, 0, readSize)) >= 0) {
            assertThat(n).as("a read before the end returns something").isPositive();
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static byte[] mixed(Random random, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] valid = {"a", "{\"k\": 12.5}", "é", "’", "€", "日本", "😀", "ñandú"};
        while (out.size() < length) {
            int pick = random.nextInt(10);
            if (pick < 6) {
                byte[] text = valid[random.nextInt(valid.length)].getBytes(StandardCharsets.UTF_8);
                out.write(text, 0, text.length);
            } else if (pick < 8) {
                out.write(0x80 + random.nextInt(0x80)); // a lone high byte: Windows-1252 or a broken sequence
            } else {
                byte[] ascii = "0123456789 abcdefghijklmnop,\"".repeat(1 + random.nextInt(8)).getBytes(StandardCharsets.US_ASCII);
                out.write(ascii, 0, ascii.length);
            }
        }
        return out.toByteArray();
    }

    @Test
    void matchesTheReferenceForAnyReadAndChunkSize() throws IOException {
        Random random = new Random(5);
        for (int round = 0; round < 40; round++) {
            byte[] input = mixed(random, 1 + random.nextInt(200_000));
            long[] repairs = {0};
            byte[] expected = reference(input, repairs);
            for (int readSize : new int[] {1, 3, 8000, 70_000}) {
                int chunk = 1 + random.nextInt(round % 2 == 0 ? 16 : 100_000);
                Utf8RepairingInputStream stream = new Utf8RepairingInputStream(chunked(input, chunk), false);
                byte[] actual = readAll(stream, readSize);
                assertThat(actual).as("round %d, reads of %d, chunks of %d", round, readSize, chunk).isEqualTo(expected);
                assertThat(stream.repairs()).isEqualTo(repairs[0]);
            }
        }
    }

    @Test
    void validUtf8PassesUnchangedWithoutRepairsAndAByteOrderMarkIsDropped() throws IOException {
        byte[] text = "{\"hospital_name\": \"Caf\u00e9 \u2019Mercy\u2019 \u65e5\u672c \ud83d\ude00\"}".repeat(5000)
                .getBytes(StandardCharsets.UTF_8);
        Utf8RepairingInputStream plain = new Utf8RepairingInputStream(chunked(text, 4093), true);
        assertThat(readAll(plain, 8000)).isEqualTo(text);
        assertThat(plain.repairs()).isZero();

        byte[] withBom = new byte[text.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, withBom, 3, text.length);
        assertThat(readAll(new Utf8RepairingInputStream(chunked(withBom, 1 << 16), true), 8000)).isEqualTo(text);
    }

    @Test
    void windows1252QuotesBecomeTheirCharacters() throws IOException {
        byte[] input = "it\u2019s \u201cfine\u201d".getBytes(CP1252);
        Utf8RepairingInputStream stream = new Utf8RepairingInputStream(new ByteArrayInputStream(input), false);
        assertThat(new String(readAll(stream, 8000), StandardCharsets.UTF_8)).isEqualTo("it\u2019s \u201cfine\u201d");
        assertThat(stream.repairs()).isEqualTo(3);
    }
}
