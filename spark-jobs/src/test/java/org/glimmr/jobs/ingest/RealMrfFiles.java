package org.glimmr.jobs.ingest;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The whole real hospital MRFs in {@code ../shared/real-mrf} (gzipped, each with a per-code digest computed by someone
 * else from the original file; see its README.md), read in place, never copied into the project. Where the folder
 * is absent, {@link #root()} says so loudly and skips.
 */
final class RealMrfFiles {
    /** The files and their digests: {@code <name>.csv.gz} or {@code .json.gz} beside {@code <name>.summary.csv}. */
    static final List<String> NAMES = List.of("mgh.csv.gz", "uchicago.json.gz");

    private RealMrfFiles() {}

    static Path root() {
        Path dir = Path.of(System.getProperty("glimmr.shared.dir", "../shared")).resolve("real-mrf").toAbsolutePath().normalize();
        boolean present = NAMES.stream().allMatch(n -> Files.isRegularFile(dir.resolve(n)));
        if (!present) {
            System.err.println("!!! SKIPPING the real-file tests: " + dir + " does not hold " + NAMES + ". CI has"
                    + " ../shared/real-mrf beside the clone; place it there (or set -Dglimmr.shared.dir) to run them. !!!");
        }
        assumeTrue(present, "../shared/real-mrf is absent: real-file tests skipped");
        return dir;
    }

    /** The digest of a file: {@code mgh.csv.gz} gives {@code mgh.summary.csv}. */
    static Path digest(Path root, String name) {
        return root.resolve(name.substring(0, name.indexOf('.')) + ".summary.csv");
    }

    /**
     * A folder holding links to the real files only (the shared folder also holds digests and notes, which are not
     * MRFs), so one ingest run reads both in place.
     */
    static Path linkedInto(Path dir) {
        Path root = root();
        try {
            Files.createDirectories(dir);
            for (String name : NAMES) {
                Files.createSymbolicLink(dir.resolve(name), root.resolve(name));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }
}
