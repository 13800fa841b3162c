package org.glimmr.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GlimmrConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaultsGiveTheEmbeddedSetupUnderData() {
        GlimmrConfig config = GlimmrConfig.load(Map.of(), dir);
        assertThat(config.dataDir()).isEqualTo(dir.resolve("data"));
        assertThat(config.lakehouseRoot().uri()).isEqualTo("file:" + dir.resolve("data/lakehouse"));
        assertThat(config.rawRoot().uri()).isEqualTo("file:" + dir.resolve("data/raw"));
        assertThat(config.sparkMaster()).isEqualTo("local[*]");
        assertThat(config.database().embedded()).isTrue();
        assertThat(config.database().embeddedPort()).isEqualTo(GlimmrConfig.DB_EMBEDDED_PORT_DEFAULT);
        assertThat(config.apiPort()).isEqualTo(7070);
        assertThat(config.splitBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(config.s3().endpoint()).isEmpty();
        assertThat(config.s3Roots()).isEmpty();
    }

    @Test
    void explicitValuesFromFileAndEnvironmentWithEnvironmentWinning() throws IOException {
        Files.writeString(dir.resolve("glimmr.properties"), String.join("\n",
                "glimmr.data.dir=/srv/glimmr",
                "glimmr.lakehouse.root=s3a://prices/lake/",
                "glimmr.raw.root=raw-here",
                "glimmr.spark.master=local[2]",
                "glimmr.s3.endpoint=http://127.0.0.1:9000",
                "glimmr.api.port=8080",
                "glimmr.db.url=jdbc:postgresql://db:5432/glimmr",
                "glimmr.ingest.split.mb=16"));
        Map<String, String> env = new HashMap<>();
        env.put("GLIMMR_API_PORT", "9090");
        env.put("GLIMMR_S3_ACCESS_KEY", "ak");
        env.put("GLIMMR_S3_SECRET_KEY", "sk");
        env.put("GLIMMR_DB_PASSWORD", "pw");
        GlimmrConfig config = GlimmrConfig.load(env, dir);
        assertThat(config.dataDir()).isEqualTo(Path.of("/srv/glimmr"));
        assertThat(config.lakehouseRoot().uri()).isEqualTo("s3a://prices/lake");
        assertThat(config.rawRoot().uri()).isEqualTo("file:" + dir.resolve("raw-here"));
        assertThat(config.sparkMaster()).isEqualTo("local[2]");
        assertThat(config.apiPort()).isEqualTo(9090);
        assertThat(config.s3().pathStyle()).isTrue();
        assertThat(config.s3().accessKey()).contains("ak");
        assertThat(config.database().jdbcUrl()).contains("jdbc:postgresql://db:5432/glimmr");
        assertThat(config.splitBytes()).isEqualTo(16L * 1024 * 1024);
        assertThat(config.s3Roots()).extracting(StorageRoot::uri).containsExactly("s3a://prices/lake");
        assertThat(config.toString()).doesNotContain("sk").doesNotContain("pw");
    }

    @Test
    void wrongValuesNameTheKeyAndTheFix() {
        assertError(Map.of("GLIMMR_LAKEHOUSE_ROOT", "s3://bucket/x"), "glimmr.lakehouse.root", "s3a://bucket/x");
        assertError(Map.of("GLIMMR_LAKEHOUSE_ROOT", "hdfs://nn/x"), "glimmr.lakehouse.root", "unsupported scheme");
        assertError(Map.of("GLIMMR_RAW_ROOT", "s3a:///nobucket"), "glimmr.raw.root", "bucket");
        assertError(Map.of("GLIMMR_API_PORT", "70000"), "glimmr.api.port", "from 1 to 65535");
        assertError(Map.of("GLIMMR_API_PORT", "seven"), "glimmr.api.port", "whole number");
        assertError(Map.of("GLIMMR_SPARK_MASTER", "lokal"), "glimmr.spark.master", "local[*]");
        assertError(Map.of("GLIMMR_S3_ENDPOINT", "ftp://x"), "glimmr.s3.endpoint", "http");
        assertError(Map.of("GLIMMR_S3_PATH_STYLE", "maybe"), "glimmr.s3.path.style", "true or false");
        assertError(Map.of("GLIMMR_DB_URL", "jdbc:mysql://x"), "glimmr.db.url", "PostgreSQL");
        assertError(Map.of("GLIMMR_DATADIR", "x"), "GLIMMR_DATADIR", "GLIMMR_DATA_DIR");
    }

    @Test
    void unknownOrSecretKeysInTheFileAreRefused() throws IOException {
        Files.writeString(dir.resolve("glimmr.properties"), "glimmr.lakehouse.rot=/x\n");
        assertThatThrownBy(() -> GlimmrConfig.load(Map.of(), dir))
                .isInstanceOf(GlimmrException.class)
                .hasMessageContaining("glimmr.lakehouse.rot")
                .hasMessageContaining("did you mean glimmr.lakehouse.root");
        Files.writeString(dir.resolve("glimmr.properties"), "glimmr.s3.secret.key=x\n");
        assertThatThrownBy(() -> GlimmrConfig.load(Map.of(), dir))
                .hasMessageContaining("environment only");
    }

    // discovery and fetch
    @Test
    void fetchDefaultsRefuseEveryInternalRangeAndAreExplicitlySettable() {
        GlimmrConfig.Fetch defaults = GlimmrConfig.load(Map.of(), dir).fetch();
        assertThat(defaults.allowRanges()).isEmpty();
        assertThat(defaults.connectTimeoutSeconds()).isEqualTo(10);
        assertThat(defaults.readTimeoutSeconds()).isEqualTo(60);
        assertThat(defaults.maxBytes()).isEqualTo(20_480L << 20);
        assertThat(defaults.zipMaxEntries()).isEqualTo(100);
        assertThat(defaults.zipMaxRatio()).isEqualTo(200);
        assertThat(defaults.threads()).isEqualTo(8);
        assertThat(defaults.perHost()).isEqualTo(2);
        assertThat(defaults.retries()).isEqualTo(3);
        assertThat(defaults.backoffMillis()).isEqualTo(2000);
        assertThat(defaults.userAgent()).startsWith("Glimmr/");

        Map<String, String> env = new HashMap<>();
        env.put("GLIMMR_FETCH_ALLOW_RANGES", "127.0.0.1/32, ::1");
        env.put("GLIMMR_FETCH_MAX_MB", "5");
        env.put("GLIMMR_FETCH_PER_HOST", "1");
        env.put("GLIMMR_FETCH_USER_AGENT", "Mirror/1.0");
        GlimmrConfig.Fetch fetch = GlimmrConfig.load(env, dir).fetch();
        assertThat(fetch.allowRanges()).extracting(AddressRange::toString).containsExactly("127.0.0.1/32", "0:0:0:0:0:0:0:1/128");
        assertThat(fetch.maxBytes()).isEqualTo(5L << 20);
        assertThat(fetch.perHost()).isEqualTo(1);
        assertThat(fetch.userAgent()).isEqualTo("Mirror/1.0");

        assertError(Map.of("GLIMMR_FETCH_ALLOW_RANGES", "localhost"), "glimmr.fetch.allow.ranges", "'localhost' is not an address range", "CIDR");
        assertError(Map.of("GLIMMR_FETCH_ALLOW_RANGES", "10.0.0.0/40"), "glimmr.fetch.allow.ranges", "10.0.0.0/40");
        assertError(Map.of("GLIMMR_FETCH_PER_HOST", "0"), "glimmr.fetch.per.host", "from 1 to 64");
        assertError(Map.of("GLIMMR_FETCH_READ_TIMEOUT_SECONDS", "soon"), "glimmr.fetch.read.timeout.seconds", "whole number");
        assertError(Map.of("GLIMMR_FETCH_USER_AGENT", "caf\u00e9"), "glimmr.fetch.user.agent", "printable ASCII");
    }

    private void assertError(Map<String, String> env, String... fragments) {
        assertThatThrownBy(() -> GlimmrConfig.load(env, dir))
                .as("config %s", env)
                .isInstanceOf(GlimmrException.class)
                .satisfies(e -> {
                    for (String f : fragments) {
                        assertThat(e.getMessage()).contains(f);
                    }
                    assertThat(((GlimmrException) e).code()).isEqualTo(GlimmrException.ErrorCode.CONFIGURATION);
                });
    }
}
