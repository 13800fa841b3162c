package org.glimmr.jobs.ingest;

import static java.util.Objects.requireNonNull;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.glimmr.mrf.ByteSource;

/**
 * A {@link ByteSource} over Hadoop's file systems (local folders, {@code s3a://}), serializable so a Spark task can
 * open the file itself: it carries the path and the file-system settings, not a connection.
 */
public record HadoopByteSource(String uri, Map<String, String> fsSettings) implements ByteSource, Serializable {
    private static final long serialVersionUID = 1L;

    public HadoopByteSource {
        requireNonNull(uri, "uri is null");
        fsSettings = Map.copyOf(fsSettings);
    }

    /** The file-system settings of a Hadoop configuration ({@code fs.*}, {@code hadoop.tmp.dir}), to ship to tasks. */
    public static Map<String, String> capture(Configuration conf) {
        Map<String, String> settings = new java.util.HashMap<>();
        for (Map.Entry<String, String> e : conf) {
            if (e.getKey().startsWith("fs.") || e.getKey().equals("hadoop.tmp.dir")) {
                settings.put(e.getKey(), e.getValue());
            }
        }
        return settings;
    }

    public Configuration configuration() {
        Configuration conf = new Configuration();
        fsSettings.forEach(conf::set);
        return conf;
    }

    private FileSystem fs(Path path) throws IOException {
        return path.getFileSystem(configuration());
    }

    @Override
    public String name() {
        return uri;
    }

    @Override
    public long length() throws IOException {
        Path path = new Path(uri);
        return fs(path).getFileStatus(path).getLen();
    }

    @Override
    public InputStream open(long offset) throws IOException {
        Path path = new Path(uri);
        FSDataInputStream in = fs(path).open(path, 1 << 16);
        if (offset > 0) {
            in.seek(offset);
        }
        return new BufferedInputStream(in, 1 << 16);
    }
}
