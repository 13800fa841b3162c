package org.glimmr.mrf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** Without the conformance data a developer's run skips those tests; a CI run fails, naming the missing folder. */
class CmsHptFilesTest {
    @TempDir
    Path shared;

    @Test
    void aMissingFolderSkipsOutsideCiAndFailsUnderCi() {
        Path missing = shared.resolve("cms-hpt");

        assertThatThrownBy(() -> CmsHptFiles.root(shared, false)).as("outside CI: skipped")
                .isInstanceOf(TestAbortedException.class).hasMessageContaining(missing.toString());
        assertThatThrownBy(() -> CmsHptFiles.root(shared, true)).as("under CI=true: failed")
                .isInstanceOf(AssertionFailedError.class).hasMessageContaining(missing.toString()).hasMessageContaining("CI=true");
    }

    @Test
    void aPresentFolderIsUsedInAndOutsideCi() throws Exception {
        Path dir = Files.createDirectory(shared.resolve("cms-hpt"));

        assertThat(CmsHptFiles.root(shared, true)).isEqualTo(dir.toAbsolutePath().normalize());
        assertThat(CmsHptFiles.root(shared, false)).isEqualTo(dir.toAbsolutePath().normalize());
    }
}
