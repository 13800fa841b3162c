package org.glimmr.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST API's keys: defaults, explicit values, and errors that name the key and the fix. */
class GlimmrConfigApiTest {
    @TempDir
    Path dir;

    @Test
    void defaults() {
        GlimmrConfig.Api api = GlimmrConfig.load(Map.of(), dir).api();
        assertThat(api.host()).isEqualTo("127.0.0.1");
        assertThat(api.corsOrigins()).isEmpty();
        assertThat(api.rateLimitPerSecond()).isEqualTo(50);
        assertThat(api.anonymousAccess()).isFalse();
        assertThat(api.jwtIssuer()).isEqualTo("glimmr");
        assertThat(api.jwtAudience()).isEqualTo("glimmr-api");
        assertThat(api.jwtSecret()).isEmpty();
        assertThat(api.keyCacheSeconds()).isEqualTo(5);
        assertThat(api.dbPoolSize()).isEqualTo(8);
    }

    @Test
    void explicitValuesAndTheSecretStaysOutOfToString() {
        GlimmrConfig config = GlimmrConfig.load(Map.of("GLIMMR_API_HOST", "0.0.0.0",
                "GLIMMR_API_CORS_ORIGINS", "https://a.example.org, http://localhost:3000", "GLIMMR_API_RATE_LIMIT", "0",
                "GLIMMR_API_ANONYMOUS", "true", "GLIMMR_API_JWT_ISSUER", "iss", "GLIMMR_API_JWT_AUDIENCE", "aud",
                "GLIMMR_JWT_SECRET", "s".repeat(40), "GLIMMR_API_KEY_CACHE_SECONDS", "0", "GLIMMR_API_DB_POOL_SIZE", "16"), dir);
        GlimmrConfig.Api api = config.api();
        assertThat(api.corsOrigins()).containsExactly("https://a.example.org", "http://localhost:3000");
        assertThat(api.rateLimitPerSecond()).isZero();
        assertThat(api.anonymousAccess()).isTrue();
        assertThat(api.jwtSecret()).contains("s".repeat(40));
        assertThat(api.dbPoolSize()).isEqualTo(16);
        assertThat(config.toString()).doesNotContain("s".repeat(40));
    }

    @Test
    void badValuesNameTheKeyAndTheFix() {
        assertThatThrownBy(() -> GlimmrConfig.load(Map.of("GLIMMR_API_CORS_ORIGINS", "*"), dir))
                .hasMessageContaining("glimmr.api.cors.origins").hasMessageContaining("Fix:");
        assertThatThrownBy(() -> GlimmrConfig.load(Map.of("GLIMMR_JWT_SECRET", "short"), dir))
                .hasMessageContaining("GLIMMR_JWT_SECRET").hasMessageContaining("32");
        assertThatThrownBy(() -> GlimmrConfig.load(Map.of("GLIMMR_API_RATE_LIMIT", "-1"), dir))
                .hasMessageContaining("glimmr.api.rate.limit");
        assertThatThrownBy(() -> GlimmrConfig.load(Map.of("GLIMMR_API_ANONYMOUS", "maybe"), dir))
                .hasMessageContaining("glimmr.api.anonymous");
    }
}
