package org.glimmr.jobs.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.glimmr.common.GlimmrException;
import org.glimmr.generate.GenerationReport;
import org.glimmr.generate.GeneratorOptions;
import org.glimmr.generate.MrfGenerator;
import org.glimmr.mrf.Layout;

/**
 * {@code glimmr generate}'s use of the generator, apart from {@link GenerateCommand}: the command line reflects on
 * every command's methods when it starts, and the cluster jar has no generator classes to load.
 */
final class SyntheticFile {
    private SyntheticFile() {}

    /** Writes one synthetic MRF to {@code output} (a local path or s3a:// URI); returns what was written, in words. */
    static String write(Layout layout, String version, long targetBytes, long seed, int payers, int plans, String hospital,
            String state, double dirtyRate, String output) throws IOException {
        GeneratorOptions options;
        try {
            options = GeneratorOptions.defaults(layout, version).withSeed(seed).withTargetBytes(targetBytes)
                    .withPayers(payers, plans).withDirtyRate(dirtyRate)
                    .withHospital(hospital != null ? hospital : GeneratorOptions.DEFAULT_HOSPITAL_NAME, state);
        } catch (IllegalArgumentException e) {
            throw new GlimmrException(GlimmrException.ErrorCode.USAGE, e.getMessage());
        }
        // through Hadoop's file systems, so local paths and s3a:// both work
        String uri = output.contains("://") ? output : "file:" + java.nio.file.Path.of(output).toAbsolutePath().normalize();
        Path path = new Path(uri);
        FileSystem fs = path.getFileSystem(new Configuration());
        GenerationReport report;
        try (OutputStream raw = new BufferedOutputStream(fs.create(path, true), 1 << 20);
                OutputStream out = output.endsWith(".gz") ? new GZIPOutputStream(raw, 1 << 16) : raw) {
            report = MrfGenerator.generate(options, out);
        }
        return String.format("%,d bytes, %,d items, %,d canonical rows, %,d bad values", report.bytesWritten(),
                report.items(), report.canonicalRows(), report.badValues());
    }
}
