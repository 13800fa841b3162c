package org.glimmr.lakehouse;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.common.GlimmrException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakehouseSessionTest {

    @TempDir
    Path dir;

    @Test
    void unreachableS3EndpointIsAClearError() {
        GlimmrConfig config = GlimmrConfig.load(Map.of(
                "GLIMMR_LAKEHOUSE_ROOT", "s3a://b/lake",
                "GLIMMR_S3_ENDPOINT", "http://127.0.0.1:1"), dir);
        assertThatThrownBy(() -> LakehouseSession.checkS3Reachable(config))
                .isInstanceOf(GlimmrException.class)
                .hasMessageContaining("glimmr.s3.endpoint")
                .hasMessageContaining("does not answer")
                .hasMessageContaining("GLIMMR_S3_ENDPOINT");
    }
}
