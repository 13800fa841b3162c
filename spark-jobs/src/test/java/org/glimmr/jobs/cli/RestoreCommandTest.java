package org.glimmr.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.common.db.GlimmrDatabase;
import org.glimmr.common.testing.TestingCli;
import org.glimmr.common.testing.TestingPorts;
import org.glimmr.jobs.Glimmr;
import org.glimmr.serving.ApiServer;
import org.glimmr.serving.GlimmrServing;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code glimmr maintain}'s encrypted backups and {@code glimmr restore}, against a real embedded PostgreSQL loaded
 * with the API tests' data set and an API key (so the {@code api} schema has rows and its audit log a sequence), and
 * the API itself; no Spark ({@code maintain --no-delta}).
 */
class RestoreCommandTest {
    private static final String KEY = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(
            "8f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0"));
    private static final String OTHER_KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final Pattern BACKUP = Pattern.compile("backup: (\\S+) \\(");
    private static final List<String> ROUTES = List.of("/api/v1/prices?code_type=CPT&code=99213&limit=50",
            "/api/v1/hospitals/h-or-1/codes", "/api/v1/admin/keys", "/api/v1/admin/audit?limit=100");

    @TempDir
    static Path dir;

    private static Map<String, String> env;
    private static GlimmrConfig config;
    private static GlimmrDatabase db;
    private static String adminKey;
    private static long lastBackup;

    @BeforeAll
    static void loadTheApiDataSetAndAKey() throws Exception {
        env = Map.of("GLIMMR_DATA_DIR", dir.toString(), "GLIMMR_DB_EMBEDDED_PORT", String.valueOf(TestingPorts.free()),
                "GLIMMR_API_KEY_CACHE_SECONDS", "0", "GLIMMR_API_RATE_LIMIT", "0", GlimmrConfig.ENV_BACKUP_KEY, KEY);
        config = GlimmrConfig.load(env, dir);
        db = GlimmrDatabase.open(config);
        try (Connection c = db.connect(); Statement st = c.createStatement();
             InputStream in = RestoreCommandTest.class.getResourceAsStream("/fixtures/curated.sql")) {
            st.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        TestingCli.Result key = TestingCli.run(GlimmrServing.commandLine(config), "apikey", "create", "--name", "restore-test",
                "--role", "admin");
        assertThat(key.exit()).as(key.err()).isZero();
        adminKey = key.out().strip();
    }

    @AfterAll
    static void stopTheDatabase() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void aBackupRestoredAfterTheSchemasAreDroppedAnswersAsBefore() throws Exception {
        Map<String, JsonNode> answers = apiAnswers();
        Map<String, List<String>> rows = rows();
        assertThat(rows.get("curated.negotiated_rates")).as("rows through the partitioned parent").hasSize(9);
        assertThat(rows.keySet()).as("partitions are compared too").anyMatch(t -> t.startsWith("curated.negotiated_rates_p"));

        String name = maintain(config);
        Path folder = folder(name);
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertThat(text).as("%s holds no clear text", file).doesNotContain("Cascade").doesNotContain("restore-test");
            }
        }
        assertThat(Files.readString(folder.resolve("MANIFEST.tsv")))
                .contains("curated.negotiated_rates\tcurated.negotiated_rates.csv.gz.enc\t9\t")
                .doesNotContain("negotiated_rates_p").containsPattern("\nhmac-sha256\t[0-9a-f]{64}\n$");

        sql("DROP SCHEMA curated CASCADE", "DROP SCHEMA glimmr CASCADE", "DROP SCHEMA api CASCADE");
        TestingCli.Result restored = glimmr(config, "restore");
        assertThat(restored.exit()).as(restored.err()).isZero();
        assertThat(restored.out()).contains("restored backup " + name + " (encrypted").contains("curated.negotiated_rates");

        assertThat(rows()).as("every table's rows, partitions included").isEqualTo(rows);
        assertThat(apiAnswers()).as("the API's answers").isEqualTo(answers);
        TestingCli.Result another = TestingCli.run(GlimmrServing.commandLine(config), "apikey", "create", "--name", "after",
                "--role", "viewer");
        assertThat(another.exit()).as("the audit log's sequence continues after the rows restored: %s", another.err()).isZero();
    }

    @Test
    void aDamagedBackupOrAWrongKeyIsRefusedAndTheDatabaseIsUntouched() throws Exception {
        String name = maintain(config);
        sql("INSERT INTO curated.payers (payer, payer_name, payer_type) VALUES ('marker-2', 'Not in the backup', 'other')");
        Map<String, List<String>> before = rows();
        Path file = folder(name).resolve("curated.negotiated_rates.csv.gz.enc");
        byte[] good = Files.readAllBytes(file);
        try {
            byte[] flipped = good.clone();
            flipped[flipped.length / 2] ^= 0x01;
            Files.write(file, flipped);
            assertRefused(glimmr(config, "restore", name), 65, name, "a byte of it was altered", "Fix: restore another backup");
            assertThat(rows()).isEqualTo(before);

            Files.write(file, Arrays.copyOf(good, good.length - 100));
            assertRefused(glimmr(config, "restore", name), 65, name, "cut short", "Fix: restore another backup");
            assertThat(rows()).isEqualTo(before);
        } finally {
            Files.write(file, good);
        }

        GlimmrConfig wrongKey = withEnv(GlimmrConfig.ENV_BACKUP_KEY, OTHER_KEY);
        assertRefused(glimmr(wrongKey, "restore", name), 65, name, "a wrong key", "Fix: set GLIMMR_BACKUP_KEY to the key");
        GlimmrConfig noKey = withEnv(GlimmrConfig.ENV_BACKUP_KEY, null);
        assertRefused(glimmr(noKey, "restore", name), 65, name, "GLIMMR_BACKUP_KEY is not set", "Fix: set GLIMMR_BACKUP_KEY");
        assertRefused(glimmr(config, "restore", "20200101T000000Z"), 64, "no backup named '20200101T000000Z'", name,
                "Fix: name one of those");
        assertThat(rows()).isEqualTo(before);

        TestingCli.Result restored = glimmr(config, "restore", name);
        assertThat(restored.exit()).as(restored.err()).isZero();
        assertThat(rows().get("curated.payers")).as("the same backup, whole again, restores").noneMatch(r -> r.contains("marker-2"));
    }

    @Test
    void withoutAKeyABackupIsRefusedUnlessUnencryptedAndALoadThatFailsRollsBack() throws Exception {
        GlimmrConfig noKey = withEnv(GlimmrConfig.ENV_BACKUP_KEY, null);
        assertRefused(glimmr(noKey, "maintain", "--no-delta"), 2, "GLIMMR_BACKUP_KEY is not set", "openssl rand -base64 32",
                "--unencrypted");

        String name = maintain(noKey, "--unencrypted");
        assertThat(folder(name).resolve("curated.payers.csv.gz")).exists();
        sql("INSERT INTO curated.payers (payer, payer_name, payer_type) VALUES ('marker-3', 'Not in the backup', 'other')");
        Map<String, List<String>> before = rows();
        assertRefused(glimmr(config, "restore"), 65, name, "is not encrypted", "Fix: restore it with --unencrypted");

        // rows its own primary key refuses, in the last table loaded, with a manifest to match: nothing checks an
        // unencrypted backup's manifest, so only the load finds it, after the other tables were emptied and loaded
        Path file = folder(name).resolve("glimmr.export_runs.csv.gz");
        String csv = gunzip(Files.readAllBytes(file));
        String doubled = csv + csv.substring(csv.indexOf('\n') + 1);
        byte[] bad = gzip(doubled);
        Path manifest = folder(name).resolve("MANIFEST.tsv");
        String lines = Files.readString(manifest);
        Matcher m = Pattern.compile("(?m)^file\tglimmr\\.export_runs\t(\\S+)\t(\\d+)\t(\\d+)\t([0-9a-f]{64})$").matcher(lines);
        assertThat(m.find()).as(lines).isTrue();
        Files.write(file, bad);
        Files.writeString(manifest, lines.replace(m.group(), "file\tglimmr.export_runs\t" + m.group(1) + "\t"
                + 2 * Long.parseLong(m.group(2)) + "\t" + bad.length + "\t" + sha256(bad)));
        assertRefused(glimmr(config, "restore", "--unencrypted"), 65, name, "failed while loading glimmr.export_runs",
                "rolled back");
        assertThat(rows()).as("the tables emptied and loaded before the failure are as they were").isEqualTo(before);
    }

    /** Runs {@code glimmr maintain --no-delta} (a second after the last backup: names are by the second); its backup. */
    private static String maintain(GlimmrConfig config, String... more) throws InterruptedException {
        Thread.sleep(Math.max(0, lastBackup + 1100 - System.currentTimeMillis()));
        List<String> args = new ArrayList<>(List.of("maintain", "--no-delta"));
        args.addAll(List.of(more));
        TestingCli.Result r = glimmr(config, args.toArray(String[]::new));
        lastBackup = System.currentTimeMillis();
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains(more.length == 0 ? "(encrypted," : "(NOT encrypted,");
        Matcher m = BACKUP.matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        return Path.of(m.group(1)).getFileName().toString();
    }

    private static TestingCli.Result glimmr(GlimmrConfig config, String... args) {
        try (Glimmr glimmr = new Glimmr(config)) {
            return TestingCli.run(Glimmr.commandLine(glimmr), args);
        }
    }

    private static void assertRefused(TestingCli.Result r, int exit, String... says) {
        assertThat(r.exit()).as("exit of %s", r.err()).isEqualTo(exit);
        assertThat(r.err()).startsWith("glimmr: error: ").contains(says).doesNotContain("internal error")
                .doesNotContain(KEY).doesNotContain(OTHER_KEY);
    }

    private static GlimmrConfig withEnv(String name, String value) {
        Map<String, String> changed = new HashMap<>(env);
        changed.remove(name);
        if (value != null) {
            changed.put(name, value);
        }
        return GlimmrConfig.load(changed, dir);
    }

    private static Path folder(String name) {
        return dir.resolve("lakehouse/_backups/postgres").resolve(name);
    }

    /** Every table's and partition's rows, as text, sorted, by table (Flyway's history aside). */
    private static Map<String, List<String>> rows() throws SQLException {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT n.nspname || '.' || t.relname FROM pg_class t JOIN pg_namespace n"
                    + " ON n.oid = t.relnamespace WHERE n.nspname IN ('curated', 'glimmr', 'api') AND t.relkind IN ('r', 'p')"
                    + " AND t.relname <> 'schema_history' ORDER BY 1")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                List<String> values = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("SELECT t::text FROM " + table + " t ORDER BY 1")) {
                    while (rs.next()) {
                        values.add(rs.getString(1));
                    }
                }
                rows.put(table, values);
            }
        }
        return rows;
    }

    /** The data of each of {@link #ROUTES}, from an API started on the database as it is. */
    private static Map<String, JsonNode> apiAnswers() throws Exception {
        Map<String, JsonNode> answers = new LinkedHashMap<>();
        HttpClient http = HttpClient.newHttpClient();
        try (ApiServer api = ApiServer.start(config, db, 0)) {
            for (String route : ROUTES) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api.baseUri() + route))
                        .header("Authorization", "Bearer " + adminKey).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as("%s: %s", route, r.body()).isEqualTo(200);
                answers.put(route, new ObjectMapper().readTree(r.body()).get("data"));
            }
        }
        return answers;
    }

    private static void sql(String... statements) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    private static String gunzip(byte[] bytes) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
