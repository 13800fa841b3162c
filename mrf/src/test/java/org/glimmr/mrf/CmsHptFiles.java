package org.glimmr.mrf;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The public CMS examples, validator fixtures and real hospital fragments in {@code ../shared/cms-hpt}, read in
 * place (never copied into the project). Where the folder is absent, {@link #root()} says so loudly and skips; under
 * {@code CI=true} (as {@code .ci/run} runs) it fails instead, so a CI run without the data can never pass.
 */
public final class CmsHptFiles {
    private CmsHptFiles() {}

    /** One line of MANIFEST.tsv. */
    public record Entry(String localPath, String format, String version, String expectedValidity, String notes, Path file) {
        public boolean expectedValid() {
            String v = expectedValidity.toLowerCase(java.util.Locale.ROOT);
            return v.startsWith("valid") || v.startsWith("expected valid");
        }

        public boolean expectedInvalid() {
            return expectedValidity.toLowerCase(java.util.Locale.ROOT).startsWith("invalid");
        }
    }

    public static Path root() {
        return root(Path.of(System.getProperty("glimmr.shared.dir", "../shared")), "true".equalsIgnoreCase(System.getenv("CI")));
    }

    /** {@code shared/cms-hpt}; absent, a skip, or under CI a failure that names the folder. */
    static Path root(Path shared, boolean ci) {
        Path dir = shared.resolve("cms-hpt").toAbsolutePath().normalize();
        if (Files.isDirectory(dir)) {
            return dir;
        }
        if (ci) {
            return fail("the CMS conformance data " + dir + " is absent and CI=true: these tests must run in CI, not be"
                    + " skipped. Fix: put shared/cms-hpt beside the clone (../shared/cms-hpt) or point -Dglimmr.shared.dir at"
                    + " the folder that holds cms-hpt.");
        }
        System.err.println("!!! SKIPPING CMS conformance: " + dir + " is absent. CI has ../shared/cms-hpt beside the clone;"
                + " place it there (or set -Dglimmr.shared.dir) to run these tests. !!!");
        assumeTrue(false, dir + " is absent: CMS conformance tests skipped (under CI=true they fail)");
        return dir;
    }

    public static List<Entry> manifest() {
        Path root = root();
        try {
            List<String> lines = Files.readAllLines(root.resolve("MANIFEST.tsv"), StandardCharsets.UTF_8);
            List<String> header = List.of(lines.get(0).split("\t", -1));
            Map<String, Integer> col = new java.util.HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                col.put(header.get(i), i);
            }
            List<Entry> entries = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                String local = f[col.get("local_path")];
                entries.add(new Entry(local, f[col.get("format")], f[col.get("version")], f[col.get("expected_validity")],
                        f[col.get("notes")], root.resolve("files").resolve(local)));
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
