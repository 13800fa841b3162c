package org.glimmr.jobs.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.common.StorageRoot;
import org.glimmr.jobs.http.Outcome;
import org.glimmr.jobs.http.SafeHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The downloader against a real HTTP server on 127.0.0.1 (the only address the test configuration opens). Every
 * request goes to loopback; refusals are shown with 127.0.0.2, which the policy refuses as loopback outside the
 * allow-list.
 */
class DownloaderTest {
    static final byte[] CSV = sample("cedar-valley_v3_tall.csv");

    @TempDir
    Path raw;

    private TestingHttpServer server;
    private RawStore store;
    private SafeHttpClient http;

    @BeforeEach
    void start() throws IOException {
        server = new TestingHttpServer();
        store = new RawStore(new StorageRoot("file:" + raw), new Configuration());
    }

    @AfterEach
    void stop() throws IOException {
        if (http != null) {
            http.close();
        }
        store.close();
        server.close();
    }

    private Downloader downloader(Map<String, String> settings) {
        GlimmrConfig.Fetch fetch = TestingFetchConfig.settings(settings);
        http = new SafeHttpClient(fetch);
        return new Downloader(http, store, fetch, Clock.systemUTC());
    }

    private List<DownloadTry> get(Downloader d, String path) {
        return d.download(server.url(path), List.of("h1"), Optional.empty());
    }

    @Test
    void storesContentAddressedThenAsksConditionallyAndDoesNotDownloadAnUnchangedFileAgain() throws Exception {
        server.route("/mrf.csv", TestingHttpServer.file(CSV, "text/csv", "\"v1\"", "Wed, 01 Apr 2026 10:00:00 GMT"));
        Downloader d = downloader(Map.of());
        DownloadTry first = single(get(d, "/mrf.csv"));
        assertThat(first.outcome()).isEqualTo(Outcome.STORED);
        String sha = sha256(CSV);
        assertThat(first.sha256()).contains(sha);
        Path stored = raw.resolve("mrf").resolve(sha.substring(0, 2)).resolve(sha + ".csv");
        assertThat(first.files()).singleElement().satisfies(f -> {
            assertThat(f.rawPath()).isEqualTo("file:" + stored);
            assertThat(f.isNew()).isTrue();
        });
        assertThat(Files.readAllBytes(stored)).isEqualTo(CSV);
        assertThat(first.etag()).contains("\"v1\"");

        Downloader.Previous previous = new Downloader.Previous(first.etag(), first.lastModified(), sha, first.files());
        DownloadTry again = single(d.download(server.url("/mrf.csv"), List.of("h1"), Optional.of(previous)));
        assertThat(again.outcome()).isEqualTo(Outcome.NOT_MODIFIED);
        assertThat(again.httpStatus()).contains(304);
        assertThat(again.sizeBytes()).isZero();
        assertThat(again.files()).extracting(StoredFile::rawPath).containsExactly("file:" + stored);
        assertThat(server.requests("/mrf.csv").get(1).header("If-None-Match")).isEqualTo("\"v1\"");
        assertThat(server.requests("/mrf.csv").get(1).header("If-Modified-Since")).isEqualTo("Wed, 01 Apr 2026 10:00:00 GMT");

        // a server that ignores conditional requests: same bytes, nothing new stored
        server.route("/plain.csv", e -> TestingHttpServer.send(e, 200, "text/csv", CSV));
        DownloadTry same = single(get(d, "/plain.csv"));
        assertThat(same.outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(same.files()).singleElement().satisfies(f -> assertThat(f.isNew()).isFalse());
        assertThat(visibleFiles()).containsExactly(stored);
    }

    @Test
    void notFoundIsABrokenLinkAndIsNotRetried() {
        DownloadTry t = single(get(downloader(Map.of()), "/gone.csv"));
        assertThat(t.outcome()).isEqualTo(Outcome.HTTP_ERROR);
        assertThat(t.httpStatus()).contains(404);
        assertThat(t.message()).hasValueSatisfying(m -> assertThat(m).contains("broken link"));
        assertThat(server.requests("/gone.csv")).hasSize(1);
    }

    @Test
    void serverErrorIsRetriedWithBackoffUntilItSucceeds() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        server.route("/flaky.csv", e -> {
            if (calls.incrementAndGet() == 1) {
                TestingHttpServer.send(e, 500, "text/plain", "oops".getBytes(StandardCharsets.UTF_8));
            } else {
                TestingHttpServer.send(e, 200, "text/csv", CSV);
            }
        });
        List<DownloadTry> tries = get(downloader(Map.of()), "/flaky.csv");
        assertThat(tries).extracting(DownloadTry::outcome).containsExactly(Outcome.HTTP_ERROR, Outcome.STORED);
        assertThat(tries).extracting(DownloadTry::lastTry).containsExactly(false, true);
        assertThat(tries.get(0).httpStatus()).contains(500);
        assertThat(tries.get(1).tryNumber()).isEqualTo(2);
        assertThat(visibleFiles()).hasSize(1);
    }

    @Test
    void aSlowServerTimesOutAndNothingIsKept() throws Exception {
        server.route("/slow.csv", e -> {
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException x) {
                Thread.currentThread().interrupt();
            }
            TestingHttpServer.send(e, 200, "text/csv", CSV);
        });
        long started = System.nanoTime();
        DownloadTry t = single(get(downloader(Map.of(GlimmrConfig.FETCH_RETRIES, "0")), "/slow.csv"));
        assertThat(t.outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat((System.nanoTime() - started) / 1e9).as("read timeout of 1 s").isLessThan(2.8);
        assertThat(t.message()).hasValueSatisfying(m -> assertThat(m).contains(GlimmrConfig.FETCH_READ_TIMEOUT_SECONDS));
        assertThat(visibleFiles()).isEmpty();
    }

    @Test
    void aTruncatedBodyIsNotKeptAndIsRetried() throws Exception {
        // a raw socket server: announces the whole length, sends a third, hangs up (the JDK server keeps the connection)
        try (ServerSocket cutter = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Thread t = new Thread(() -> {
                while (!cutter.isClosed()) {
                    try (Socket s = cutter.accept()) {
                        var in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                        while (!in.readLine().isEmpty()) {
                            // request head
                        }
                        OutputStream out = s.getOutputStream();
                        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nContent-Length: " + CSV.length + "\r\n\r\n")
                                .getBytes(StandardCharsets.ISO_8859_1));
                        out.write(CSV, 0, CSV.length / 3);
                        out.flush();
                    } catch (IOException | NullPointerException closed) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
            Downloader d = downloader(Map.of(GlimmrConfig.FETCH_RETRIES, "1"));
            List<DownloadTry> tries = d.download("http://127.0.0.1:" + cutter.getLocalPort() + "/cut.csv", List.of(), Optional.empty());
            assertThat(tries).extracting(DownloadTry::outcome).containsExactly(Outcome.TRUNCATED, Outcome.TRUNCATED);
            assertThat(tries.get(1).message()).hasValueSatisfying(m -> assertThat(m).contains("nothing kept"));
            assertThat(visibleFiles()).isEmpty();
            assertThat(incoming()).as("temporary files removed").isEmpty();
        }
    }

    @Test
    void aRedirectToALoopbackAddressOutsideTheAllowListIsRefusedBeforeAnyConnection() throws Exception {
        try (ServerSocket other = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.2"))) {
            AtomicInteger connections = new AtomicInteger();
            Thread acceptor = new Thread(() -> {
                while (!other.isClosed()) {
                    try (Socket s = other.accept()) {
                        connections.incrementAndGet();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            String target = "http://127.0.0.2:" + other.getLocalPort() + "/mrf.csv";
            server.route("/moved.csv", e -> {
                e.getResponseHeaders().set("Location", target);
                e.sendResponseHeaders(302, -1);
            });
            Downloader d = downloader(Map.of());
            DownloadTry redirected = single(get(d, "/moved.csv"));
            assertThat(redirected.outcome()).isEqualTo(Outcome.REFUSED);
            assertThat(redirected.message()).hasValueSatisfying(m -> assertThat(m).contains("127.0.0.2").contains("loopback")
                    .contains(GlimmrConfig.FETCH_ALLOW_RANGES));
            DownloadTry direct = single(d.download(target, List.of(), Optional.empty()));
            assertThat(direct.outcome()).isEqualTo(Outcome.REFUSED);
            DownloadTry ftp = single(d.download("ftp://127.0.0.1/mrf.csv", List.of(), Optional.empty()));
            assertThat(ftp.outcome()).isEqualTo(Outcome.REFUSED);
            assertThat(ftp.message()).hasValueSatisfying(m -> assertThat(m).contains("not an http or https URL"));
            Thread.sleep(200);
            assertThat(connections.get()).as("connections made to 127.0.0.2").isZero();
            assertThat(server.requests("/moved.csv")).hasSize(1);
        }
    }

    @Test
    void redirectsWithinTheAllowListAreFollowedAndRecorded() {
        server.route("/old.csv", e -> {
            e.getResponseHeaders().set("Location", "/new.csv");
            e.sendResponseHeaders(301, -1);
        });
        server.route("/new.csv", e -> TestingHttpServer.send(e, 200, "text/csv", CSV));
        DownloadTry t = single(get(downloader(Map.of()), "/old.csv"));
        assertThat(t.outcome()).isEqualTo(Outcome.STORED);
        assertThat(t.finalUrl()).contains(server.url("/new.csv"));
    }

    @Test
    void anHtmlPageInsteadOfTheCsvIsFlaggedAndACaptchaIsBlocked() throws Exception {
        server.route("/landing.csv", e -> TestingHttpServer.send(e, 200, "text/csv",
                "\n<!DOCTYPE html><html><head><title>Price transparency</title></head><body>Download our file</body></html>"
                        .getBytes(StandardCharsets.UTF_8)));
        server.route("/guarded.csv", e -> TestingHttpServer.send(e, 200, "text/html",
                "<html><head><title>Just a moment...</title></head><body><div class=\"cf-chl-widget\">Verify you are human</div></body></html>"
                        .getBytes(StandardCharsets.UTF_8)));
        Downloader d = downloader(Map.of());
        DownloadTry html = single(get(d, "/landing.csv"));
        assertThat(html.outcome()).isEqualTo(Outcome.HTML);
        assertThat(html.message()).hasValueSatisfying(m -> assertThat(m).contains("HTML page instead of the file"));
        DownloadTry captcha = single(get(d, "/guarded.csv"));
        assertThat(captcha.outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(captcha.message()).hasValueSatisfying(m -> assertThat(m).contains("CAPTCHA"));
        server.route("/forbidden.csv", e -> TestingHttpServer.send(e, 403, "text/plain", "no".getBytes(StandardCharsets.UTF_8)));
        assertThat(single(get(d, "/forbidden.csv")).outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(visibleFiles()).isEmpty();
    }

    @Test
    void aZipIsUnpackedIntoOneFilePerEntryAndAGzipIsKeptAsServed() throws Exception {
        byte[] second = sample("lakeside_v3_wide.csv");
        server.route("/both.zip", e -> TestingHttpServer.send(e, 200, "application/zip",
                zip(Map.of("folder/cedar.csv", CSV, "lakeside.csv", second))));
        byte[] gz = gzip(CSV);
        server.route("/one.csv.gz", e -> TestingHttpServer.send(e, 200, "application/gzip", gz));
        Downloader d = downloader(Map.of());
        DownloadTry zip = single(get(d, "/both.zip"));
        assertThat(zip.outcome()).isEqualTo(Outcome.STORED);
        assertThat(zip.files()).extracting(f -> f.zipEntry().orElseThrow()).containsExactlyInAnyOrder("folder/cedar.csv", "lakeside.csv");
        assertThat(zip.files()).extracting(StoredFile::sha256).containsExactlyInAnyOrder(sha256(CSV), sha256(second));
        DownloadTry gzip = single(get(d, "/one.csv.gz"));
        assertThat(gzip.outcome()).isEqualTo(Outcome.STORED);
        assertThat(gzip.files()).singleElement().satisfies(f -> assertThat(f.rawPath()).endsWith(sha256(gz) + ".gz"));
        assertThat(visibleFiles()).hasSize(3);
    }

    @Test
    void zipBombsPathTraversalAndTooManyEntriesAreRefused() throws Exception {
        byte[] zeros = new byte[64 << 20];
        byte[] bombZip = zip(Map.of("charges.csv", zeros));
        byte[] bombGzip = gzip(zeros);
        assertThat(bombZip.length).as("64 MB packed small").isLessThan(1 << 20);
        server.route("/bomb.zip", e -> TestingHttpServer.send(e, 200, "application/zip", bombZip));
        server.route("/bomb.csv.gz", e -> TestingHttpServer.send(e, 200, "application/gzip", bombGzip));
        server.route("/evil.zip", e -> TestingHttpServer.send(e, 200, "application/zip", zip(Map.of("../../etc/cron.d/x.csv", CSV))));
        server.route("/many.zip", e -> {
            Map<String, byte[]> entries = new java.util.HashMap<>();
            for (int i = 0; i < 6; i++) {
                entries.put("part" + i + ".csv", CSV);
            }
            TestingHttpServer.send(e, 200, "application/zip", zip(entries));
        });
        Downloader d = downloader(Map.of(GlimmrConfig.FETCH_ZIP_MAX_ENTRIES, "5"));
        for (String path : List.of("/bomb.zip", "/bomb.csv.gz")) {
            DownloadTry bomb = single(get(d, path));
            assertThat(bomb.outcome()).as(path).isEqualTo(Outcome.REFUSED);
            assertThat(bomb.message()).hasValueSatisfying(m -> assertThat(m).contains("decompression bomb").contains(GlimmrConfig.FETCH_ZIP_MAX_RATIO));
        }
        DownloadTry evil = single(get(d, "/evil.zip"));
        assertThat(evil.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(evil.message()).hasValueSatisfying(m -> assertThat(m).contains("path traversal"));
        DownloadTry many = single(get(d, "/many.zip"));
        assertThat(many.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(many.message()).hasValueSatisfying(m -> assertThat(m).contains("more than 5 entries"));
        assertThat(visibleFiles()).isEmpty();
        assertThat(incoming()).isEmpty();
    }

    @Test
    void aFileOverTheSizeLimitIsStoppedAnnouncedOrNot() throws Exception {
        byte[] big = new byte[(2 << 20) + 10];
        java.util.Arrays.fill(big, (byte) 'a');
        server.route("/big.csv", e -> TestingHttpServer.send(e, 200, "text/csv", big));
        server.route("/big-chunked.csv", e -> {
            e.sendResponseHeaders(200, 0); // chunked: no length announced
            try (OutputStream out = e.getResponseBody()) {
                out.write(big);
            } catch (IOException clientLeft) {
                // the client stops reading at the limit
            }
        });
        Downloader d = downloader(Map.of(GlimmrConfig.FETCH_MAX_MB, "1"));
        DownloadTry announced = single(get(d, "/big.csv"));
        assertThat(announced.outcome()).isEqualTo(Outcome.TOO_LARGE);
        assertThat(announced.message()).hasValueSatisfying(m -> assertThat(m).contains("announced"));
        DownloadTry streamed = single(get(d, "/big-chunked.csv"));
        assertThat(streamed.outcome()).isEqualTo(Outcome.TOO_LARGE);
        assertThat(streamed.sizeBytes()).isLessThan(big.length);
        assertThat(visibleFiles()).isEmpty();
        assertThat(incoming()).isEmpty();
    }

    private static DownloadTry single(List<DownloadTry> tries) {
        assertThat(tries).hasSize(1);
        return tries.get(0);
    }

    /** Files ingest would see: not under a '.' folder. */
    private List<Path> visibleFiles() throws IOException {
        if (!Files.exists(raw.resolve("mrf"))) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(raw.resolve("mrf"))) {
            return s.filter(Files::isRegularFile).filter(p -> !raw.relativize(p).toString().contains("/.")).toList();
        }
    }

    private List<Path> incoming() throws IOException {
        Path dir = raw.resolve("mrf").resolve(RawStore.INCOMING);
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    static byte[] sample(String name) {
        try {
            return Files.readAllBytes(Path.of(System.getProperty("glimmr.project.dir", "..")).resolve("samples/mrf").resolve(name));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(b)) {
            for (var e : new java.util.TreeMap<>(entries).entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return b.toByteArray();
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(b)) {
            z.write(bytes);
        }
        return b.toByteArray();
    }
}
