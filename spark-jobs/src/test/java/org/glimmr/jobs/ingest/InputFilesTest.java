package org.glimmr.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.glimmr.common.GlimmrException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFilesTest {
    @TempDir
    Path dir;

    @Test
    void readsEveryFileButSystemOnes() {
        for (String f : new String[] {"a.csv", "_SUCCESS", ".a.csv.crc", "_removed/b.json", "sub/c.csv.gz",
                "_delta_log/00000.json", ".hidden/d.csv", "x/_temporary/e.csv", "real/_header.csv"}) {
            TestMrfs.write(dir.resolve(f).getParent(), dir.resolve(f).getFileName().toString(), "x");
        }
        assertThat(InputFiles.list(dir.toString(), new Configuration()))
                .extracting(f -> dir.relativize(Path.of(f.uri().replaceFirst("^file:", ""))).toString())
                .containsExactly("_removed/b.json", "a.csv", "real/_header.csv", "sub/c.csv.gz");
    }

    @Test
    void aMissingInputSaysHowToFixIt() {
        assertThatThrownBy(() -> InputFiles.list(dir.resolve("nope").toString(), new Configuration()))
                .isInstanceOf(GlimmrException.class)
                .hasMessageContaining("does not exist").hasMessageContaining("Fix:");
    }
}
