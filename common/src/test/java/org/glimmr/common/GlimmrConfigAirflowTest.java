package org.glimmr.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Airflow settings the API uses to start and list pipeline runs. */
class GlimmrConfigAirflowTest {
    @TempDir
    Path dir;

    @Test
    void defaultsPointAtALocalAirflowWithoutPassword() {
        GlimmrConfig.Airflow airflow = GlimmrConfig.load(Map.of(), dir).airflow();
        assertThat(airflow.url()).isEqualTo(URI.create("http://127.0.0.1:8080"));
        assertThat(airflow.user()).isEqualTo("admin");
        assertThat(airflow.password()).isEmpty();
    }

    @Test
    void explicitValuesWithThePasswordFromTheEnvironmentOnly() throws IOException {
        Files.writeString(dir.resolve("glimmr.properties"), "glimmr.airflow.url=https://airflow.example.org/\nglimmr.airflow.user=glimmr\n");
        GlimmrConfig config = GlimmrConfig.load(Map.of("GLIMMR_AIRFLOW_PASSWORD", "s3cret"), dir);
        assertThat(config.airflow().url()).isEqualTo(URI.create("https://airflow.example.org/"));
        assertThat(config.airflow().user()).isEqualTo("glimmr");
        assertThat(config.airflow().password()).contains("s3cret");
        assertThat(config.toString()).doesNotContain("s3cret");
    }

    @Test
    void aWrongUrlOrAPasswordInTheFileNamesTheFix() throws IOException {
        assertThatThrownBy(() -> GlimmrConfig.load(Map.of("GLIMMR_AIRFLOW_URL", "airflow:8080"), dir))
                .hasMessageContaining("glimmr.airflow.url").hasMessageContaining("http://127.0.0.1:8080");
        Files.writeString(dir.resolve("glimmr.properties"), "glimmr.airflow.password=x\n");
        assertThatThrownBy(() -> GlimmrConfig.load(Map.of(), dir)).hasMessageContaining("environment");
    }
}
