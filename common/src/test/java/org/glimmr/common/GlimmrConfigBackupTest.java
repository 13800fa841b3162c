package org.glimmr.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backup key: from the environment only, 32 bytes in base64 or hex, never shown. */
class GlimmrConfigBackupTest {
    private static final byte[] KEY = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    @TempDir
    Path dir;

    @Test
    void byDefaultThereIsNoKey() {
        assertThat(GlimmrConfig.load(Map.of(), dir).backupKey()).isEmpty();
    }

    @Test
    void aKeyInBase64OrHexFromTheEnvironmentIsNeverShown() {
        String base64 = Base64.getEncoder().encodeToString(KEY);
        GlimmrConfig config = GlimmrConfig.load(Map.of(GlimmrConfig.ENV_BACKUP_KEY, base64 + "\n"), dir);
        assertThat(config.backupKey()).contains(BackupKey.of(KEY));
        assertThat(config.backupKey().orElseThrow().bytes()).isEqualTo(KEY);
        assertThat(config.toString()).doesNotContain(base64).doesNotContain(base64.substring(0, 12)).contains("(set)");

        String hex = HexFormat.of().formatHex(KEY);
        assertThat(GlimmrConfig.load(Map.of(GlimmrConfig.ENV_BACKUP_KEY, hex.toUpperCase()), dir).backupKey())
                .contains(BackupKey.of(KEY));
    }

    @Test
    void aWrongKeyNamesTheVariableAndHowToMakeOneWithoutShowingIt() {
        for (String wrong : new String[] {"c2hvcnQ=", "not base64 at all!", HexFormat.of().formatHex(KEY).substring(2)}) {
            assertThatThrownBy(() -> GlimmrConfig.load(Map.of(GlimmrConfig.ENV_BACKUP_KEY, wrong), dir))
                    .as(wrong).isInstanceOf(GlimmrException.class)
                    .hasMessageContaining("GLIMMR_BACKUP_KEY").hasMessageContaining("openssl rand -base64 32")
                    .hasMessageNotContaining(wrong);
        }
        assertThatThrownBy(() -> GlimmrConfig.load(Map.of(GlimmrConfig.ENV_BACKUP_KEY, "c2hvcnQ="), dir))
                .hasMessageContaining("decodes to 5 bytes, not 32");
    }

    @Test
    void aKeyInTheFileIsRefused() throws IOException {
        Files.writeString(dir.resolve("glimmr.properties"), "glimmr.backup.key=" + Base64.getEncoder().encodeToString(KEY) + "\n");
        assertThatThrownBy(() -> GlimmrConfig.load(Map.of(), dir)).hasMessageContaining("environment only")
                .hasMessageContaining("GLIMMR_BACKUP_KEY");
    }
}
