package org.glimmr.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.common.testing.TestingCli;
import org.glimmr.jobs.fetch.TestingFetchConfig;
import org.glimmr.jobs.fetch.TestingHttpServer;
import org.glimmr.lakehouse.LakehouseTables;
import org.glimmr.lakehouse.testing.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * hospitals import → discover → fetch → ingest → sources report through the command line, against hospital
 * "websites" that are real HTTP servers on 127.0.0.1 (the only address the test configuration opens).
 */
@ExtendWith(SharedSpark.class)
class DiscoverFetchCommandsTest {
    private static final byte[] CEDAR = sample("cedar-valley_v3_tall.csv");
    private static final byte[] LAKESIDE = sample("lakeside_v3_wide.csv");

    @Test
    void importDiscoverFetchIngestAndReport(SharedSpark.Context ctx) throws Exception {
        GlimmrConfig config = TestingFetchConfig.with(ctx.config(), Map.of());
        try (TestingHttpServer system = new TestingHttpServer();
                TestingHttpServer missing = new TestingHttpServer();
                TestingHttpServer guarded = new TestingHttpServer()) {
            String cedarUrl = system.url("/files/cedar v3.csv");
            String lakesideUrl = system.url("/files/lakeside.zip");
            String annexUrl = system.url("/files/annex.csv");
            system.route("/cms-hpt.txt", e -> TestingHttpServer.send(e, 200, "text/plain", String.join("\r\n",
                    "location-name: Cedar Valley Medical Center ", "source-page-url: " + system.url("/prices"), "mrf-url: " + cedarUrl,
                    "contact-name: Blackwell,Sheila", "contact-email: prices@cedar.example", "",
                    "location-name: Lakeside Community Hospital", "source-page-url: " + system.url("/prices"), "mrf-url: " + lakesideUrl,
                    "contact-name: Sheila Blackwell", "contact-email: prices@cedar.example", "",
                    "location-name: Old Annex", "source-page-url: " + system.url("/prices"), "mrf-url: " + annexUrl,
                    "contact-name: Sheila Blackwell", "contact-email: prices@cedar.example").getBytes(StandardCharsets.UTF_8)));
            system.route("/files/cedar v3.csv", TestingHttpServer.file(CEDAR, "text/csv", "\"cedar-1\"", "Wed, 01 Apr 2026 10:00:00 GMT"));
            system.route("/files/lakeside.zip", TestingHttpServer.file(zip("lakeside_v3_wide.csv", LAKESIDE), "application/zip",
                    "\"lakeside-1\"", "Wed, 01 Apr 2026 10:00:00 GMT"));
            guarded.route("/cms-hpt.txt", e -> TestingHttpServer.send(e, 200, "text/html",
                    "<!DOCTYPE html><html><title>Attention Required! | Cloudflare</title><body>captcha</body></html>".getBytes(StandardCharsets.UTF_8)));

            Path list = ctx.dataDir().resolve("hospitals.csv");
            Files.writeString(list, String.join("\n",
                    "name,state,website,ccn",
                    "Cedar Valley Medical Center,CA," + system.url("/") + ",050001",
                    "Lakeside Community Hospital,tx," + system.url("") + ",",
                    "Missing Memorial,TX," + missing.url("") + ",",
                    "Guarded General,NY," + guarded.url("") + ",330001",
                    "\"Nowhere Hospital, Inc.\",OH,,360001",
                    "Inside Job Hospital,WA,http://127.0.0.2:" + system.url("").replaceAll(".*:", "") + ",",
                    "Atlantis General,XX,https://atlantis.example,"));

            TestingCli.Result imported = CommandsTest.run(config, ctx.spark(), "hospitals", "import", list.toString());
            assertThat(imported.exit()).as(imported.err()).isZero();
            assertThat(imported.out()).contains("7 rows read, 6 hospitals (6 new, 0 changed)")
                    .contains("line 8: state 'XX' of Atlantis General");
            TestingCli.Result again = CommandsTest.run(config, ctx.spark(), "hospitals", "import", list.toString());
            assertThat(again.out()).as("importing twice changes nothing").contains("6 hospitals (0 new, 0 changed)");

            // discover twice on one date: the second run replaces the first's rows
            CommandsTest.run(config, ctx.spark(), "discover", "--run-date", "2026-05-01");
            TestingCli.Result discovered = CommandsTest.run(config, ctx.spark(), "discover", "--run-date", "2026-05-01");
            assertThat(discovered.exit()).as(discovered.err()).isZero();
            assertThat(discovered.out()).contains("3 distinct MRF URLs").contains("Next: ./glimmr fetch");
            Map<String, String> statusByHospital = ctx.spark().sql("SELECT l.name, concat_ws(',', sort_array(collect_list(s.status)))"
                    + " FROM " + LakehouseTables.MRF_SOURCES.sqlRef(config.lakehouseRoot()) + " s JOIN " + LakehouseTables.HOSPITAL_LIST.sqlRef(config.lakehouseRoot())
                    + " l USING (hospital_key) GROUP BY l.name").collectAsList().stream()
                    .collect(Collectors.toMap(r -> r.getString(0), r -> r.getString(1)));
            assertThat(statusByHospital).containsOnly(
                    Map.entry("Cedar Valley Medical Center", "found,found,found"),
                    Map.entry("Lakeside Community Hospital", "found,found,found"),
                    Map.entry("Missing Memorial", "missing"),
                    Map.entry("Guarded General", "blocked"),
                    Map.entry("Nowhere Hospital, Inc.", "no_website"),
                    Map.entry("Inside Job Hospital", "refused"));
            assertThat(system.requests("/cms-hpt.txt")).as("one request per site and run, shared by its hospitals").hasSize(2);

            // what a killed fetch leaves: a partial download unwritten for two days, and one another fetch is writing
            Path incoming = Path.of(URI.create(config.rawRoot().uri())).resolve("mrf").resolve(".incoming");
            Files.createDirectories(incoming);
            Path abandoned = Files.writeString(incoming.resolve("0b5e-abandoned"), "the first half of a file");
            Files.setLastModifiedTime(abandoned, FileTime.from(Instant.now().minus(Duration.ofHours(48))));
            Path inFlight = Files.writeString(incoming.resolve("77aa-in-flight"), "being written");
            Files.setLastModifiedTime(inFlight, FileTime.from(Instant.now().minus(Duration.ofHours(1))));

            TestingCli.Result fetched = CommandsTest.run(config, ctx.spark(), "fetch", "--run-date", "2026-05-01");
            assertThat(fetched.exit()).as(fetched.err()).isZero();
            assertThat(fetched.out()).contains("3 URLs").contains("stored=2").contains("http_error=1").contains("2 new files")
                    .contains("deleted 1 abandoned partial downloads of killed runs");
            assertThat(abandoned).doesNotExist();
            assertThat(inFlight).as("a download written to an hour ago may still be going on").exists();

            TestingCli.Result ingested = CommandsTest.run(config, ctx.spark(), "ingest", "--input", config.rawRoot().uri());
            assertThat(ingested.exit()).as(ingested.err()).isZero();
            assertThat(ingested.out()).contains("2 files seen").contains("2 ok, 0 partial, 0 rejected");

            TestingCli.Result refetched = CommandsTest.run(config, ctx.spark(), "fetch", "--run-date", "2026-05-02");
            assertThat(refetched.out()).contains("not_modified=2").contains("0 new files").doesNotContain("abandoned");
            assertThat(system.requests("/files/cedar v3.csv")).extracting(r -> r.header("If-None-Match")).containsExactly(null, "\"cedar-1\"");
            List<Row> tries = ctx.spark().sql("SELECT outcome, count(*) FROM " + LakehouseTables.MRF_DOWNLOADS.sqlRef(config.lakehouseRoot())
                    + " GROUP BY outcome ORDER BY outcome").collectAsList();
            assertThat(tries).extracting(Row::toString).containsExactly("[http_error,2]", "[not_modified,2]", "[stored,2]");

            TestingCli.Result report = CommandsTest.run(config, ctx.spark(), "sources", "report", "--as-of", "2026-05-02", "--format", "csv");
            assertThat(report.exit()).as(report.err()).isZero();
            List<String> problems = report.out().lines().skip(1).map(l -> l.split(",")[0] + " " + name(l)).sorted().toList();
            assertThat(problems).containsExactly(
                    "blocked Guarded General",
                    "broken_link Cedar Valley Medical Center",
                    "broken_link Lakeside Community Hospital",
                    "no_file Guarded General",
                    "no_file Inside Job Hospital",
                    "no_file Missing Memorial",
                    "no_file Nowhere Hospital, Inc.");
            assertThat(report.out()).contains(annexUrl).contains("HTTP 404");

            TestingCli.Result later = CommandsTest.run(config, ctx.spark(), "sources", "report", "--as-of", "2027-06-01");
            assertThat(later.out()).contains("stale=4").contains("published 2026-04-01 (last_updated_on)");
        }
    }

    @Test
    void perHostLimitHoldsAndFetchIntoS3IsIngestedFromThere(SharedSpark.Context ctx) throws Exception {
        GlimmrConfig s3 = TestingFetchConfig.with(ctx.s3Config("fetch-raw"), Map.of(GlimmrConfig.FETCH_PER_HOST, "2",
                GlimmrConfig.FETCH_THREADS, "6"));
        ctx.useTablesOf(s3);
        try (TestingHttpServer server = new TestingHttpServer()) {
            List<String> args = new java.util.ArrayList<>(List.of("fetch", "--run-date", "2026-05-01"));
            for (int i = 0; i < 6; i++) {
                String path = "/slow/" + i + ".csv";
                byte[] body = i == 0 ? CEDAR : (new String(CEDAR, StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8);
                server.route(path, e -> {
                    try {
                        Thread.sleep(300);
                    } catch (InterruptedException x) {
                        Thread.currentThread().interrupt();
                    }
                    TestingHttpServer.send(e, 200, "text/csv", body);
                });
                args.addAll(List.of("--url", server.url(path)));
            }
            TestingCli.Result fetched = CommandsTest.run(s3, ctx.spark(), args.toArray(String[]::new));
            assertThat(fetched.exit()).as(fetched.err()).isZero();
            assertThat(fetched.out()).contains("6 URLs").contains("stored=2").contains("unchanged=4").contains("s3a://fetch-raw/raw");
            assertThat(server.maxInFlight()).as("requests at once to one host").isEqualTo(2);

            TestingCli.Result ingested = CommandsTest.run(s3, ctx.spark(), "ingest", "--input", s3.rawRoot().uri());
            assertThat(ingested.exit()).as(ingested.err()).isZero();
            assertThat(ingested.out()).contains("2 files seen").contains("2 ok");
        } finally {
            ctx.useTablesOf(ctx.config());
        }
    }

    @Test
    void theSampleListImportsAndABadFileSaysWhatIsMissing(SharedSpark.Context ctx) throws Exception {
        Path sample = Path.of(System.getProperty("glimmr.project.dir", "..")).resolve("samples/hospitals.csv");
        TestingCli.Result imported = CommandsTest.run(ctx.config(), ctx.spark(), "hospitals", "import", sample.toString());
        assertThat(imported.exit()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("4 rows read, 4 hospitals (4 new, 0 changed)");
        Path bad = ctx.dataDir().resolve("bad.csv");
        Files.writeString(bad, "hospital,where\nA,B\n");
        TestingCli.Result refused = CommandsTest.run(ctx.config(), ctx.spark(), "hospitals", "import", bad.toString());
        assertThat(refused.exit()).isEqualTo(65);
        assertThat(refused.err()).contains("no 'name' and 'state' columns").contains("found: hospital, where").contains("Fix:");
    }

    /** The name column of a report CSV line (names may be quoted). */
    private static String name(String csvLine) {
        String rest = csvLine.substring(csvLine.indexOf(',') + 1);
        rest = rest.substring(rest.indexOf(',') + 1);
        return rest.startsWith("\"") ? rest.substring(1, rest.indexOf('"', 1)) : rest.substring(0, rest.indexOf(','));
    }

    private static byte[] sample(String name) {
        try {
            return Files.readAllBytes(Path.of(System.getProperty("glimmr.project.dir", "..")).resolve("samples/mrf").resolve(name));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] zip(String entry, byte[] content) throws java.io.IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var zip = new java.util.zip.ZipOutputStream(bytes)) {
            zip.putNextEntry(new java.util.zip.ZipEntry(entry));
            zip.write(content);
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }
}
