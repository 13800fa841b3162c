package org.glimmr.jobs.ingest;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.glimmr.common.GlimmrException;

/** Lists the files of an ingest input: one file, a folder (recursively) or an {@code s3a://} prefix. */
public final class InputFiles {
    private InputFiles() {}

    /** A file to ingest: its URI and size. */
    public record InputFile(String uri, long size) implements java.io.Serializable {}

    public static List<InputFile> list(String input, Configuration conf) {
        String uri = input.contains("://") || input.startsWith("file:") ? input : "file:" + java.nio.file.Path.of(input).toAbsolutePath().normalize();
        Path path = new Path(uri);
        List<InputFile> files = new ArrayList<>();
        try {
            FileSystem fs = path.getFileSystem(conf);
            FileStatus status = fs.getFileStatus(path);
            if (status.isFile()) {
                files.add(new InputFile(status.getPath().toString(), status.getLen()));
                return files;
            }
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(path, true);
            while (it.hasNext()) {
                LocatedFileStatus f = it.next();
                if (!hidden(path, f.getPath())) {
                    files.add(new InputFile(f.getPath().toString(), f.getLen()));
                }
            }
        } catch (FileNotFoundException e) {
            throw new GlimmrException(GlimmrException.ErrorCode.INPUT, "input " + input + " does not exist. Fix: give a"
                    + " file, a folder or an s3a://bucket/prefix that exists (for the samples: --input samples/mrf).");
        } catch (IOException e) {
            throw new GlimmrException(GlimmrException.ErrorCode.STORAGE, "cannot list input " + input + ": "
                    + e.getMessage() + ". Fix: check the path, permissions, or the S3 endpoint and keys.", e);
        }
        files.sort(java.util.Comparator.comparing(InputFile::uri));
        return files;
    }

    /** Folders that hold Spark's, Hadoop's and Delta's own files, never MRFs. */
    private static final java.util.Set<String> SYSTEM_FOLDERS = java.util.Set.of("_delta_log", "_temporary", "_spark_metadata");

    /**
     * Skipped: files whose name starts with '.' (hidden, in-progress downloads, checksums), Spark's and Hadoop's
     * markers ({@code _SUCCESS}, {@code _committed_…}, {@code _started_…}), folders whose name starts with '.', and
     * Spark/Hadoop/Delta system folders. Every other file is read and judged by its content, whatever its name
     * ({@code _header.csv} is a real hospital file name).
     */
    static boolean hidden(Path root, Path file) {
        String name = file.getName();
        if (name.startsWith(".") || name.equals("_SUCCESS") || name.startsWith("_committed_") || name.startsWith("_started_")) {
            return true;
        }
        for (Path p = file.getParent(); p != null && p.depth() > root.depth(); p = p.getParent()) {
            if (p.getName().startsWith(".") || SYSTEM_FOLDERS.contains(p.getName())) {
                return true;
            }
        }
        return false;
    }
}
