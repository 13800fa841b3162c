package org.glimmr.jobs.maintain;

import static java.util.Objects.requireNonNull;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.common.GlimmrException;
import org.glimmr.lakehouse.LakehouseSession;

/**
 * Where PostgreSQL backups are kept: {@code <lakehouse root>/_backups/postgres/}, one folder per backup named by its
 * UTC time ({@code 20260301T020000Z}), so names sort by time. On local disk or {@code s3a://}, through Hadoop's
 * file systems.
 */
public final class BackupStore {
    static final String FOLDER = "_backups/postgres";
    private static final DateTimeFormatter NAMES = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path root;
    private final FileSystem fs;

    public BackupStore(GlimmrConfig config, Configuration hadoop) {
        requireNonNull(config, "config is null");
        requireNonNull(hadoop, "hadoop is null");
        this.root = new Path(config.lakehouseRoot().resolve(FOLDER));
        try {
            FileSystem any = root.getFileSystem(hadoop);
            // Hadoop's local file system keeps a .crc beside each file and fails the read of a changed file with an
            // error of its own; the manifest's sizes and SHA-256 check the files, and say which backup and what to do
            this.fs = any instanceof ChecksumFileSystem local ? local.getRawFileSystem() : any;
        } catch (IOException e) {
            throw new GlimmrException(GlimmrException.ErrorCode.STORAGE, "cannot reach the backups in " + root + ": "
                    + e.getMessage() + ". Fix: check " + GlimmrConfig.LAKEHOUSE_ROOT + " and its storage", e);
        }
    }

    /**
     * Hadoop's settings for the lakehouse's storage, as a Spark session of this configuration has them (S3A endpoint,
     * region, keys), for commands that need the files but not Spark.
     */
    public static Configuration hadoopConfiguration(GlimmrConfig config) {
        LakehouseSession.checkS3Reachable(config);
        Configuration hadoop = new Configuration();
        for (Map.Entry<String, String> s : LakehouseSession.settings(config, false).entrySet()) {
            if (s.getKey().startsWith("spark.hadoop.")) {
                hadoop.set(s.getKey().substring("spark.hadoop.".length()), s.getValue());
            }
        }
        return hadoop;
    }

    /** The name of a backup made at {@code time}. */
    static String nameAt(Instant time) {
        return NAMES.format(time);
    }

    public FileSystem fs() {
        return fs;
    }

    /** The folder of the backup {@code name}. */
    public Path folder(String name) {
        return new Path(root, name);
    }

    public String location() {
        return root.toString();
    }

    /** The backups' names, newest first; none when the folder does not exist yet. */
    public List<String> names() {
        try {
            FileStatus[] all = fs.listStatus(root);
            return Arrays.stream(all).filter(FileStatus::isDirectory).map(f -> f.getPath().getName())
                    .sorted(Comparator.reverseOrder()).toList();
        } catch (FileNotFoundException e) {
            return List.of();
        } catch (IOException e) {
            throw new GlimmrException(GlimmrException.ErrorCode.STORAGE, "cannot list the backups in " + root + ": "
                    + e.getMessage() + ". Fix: check " + GlimmrConfig.LAKEHOUSE_ROOT + " and its storage", e);
        }
    }

    /** Removes all but the newest {@code keep} backups; returns the names removed. */
    public List<String> prune(int keep) {
        List<String> removed = new ArrayList<>();
        List<String> names = names();
        for (String name : names.subList(Math.min(keep, names.size()), names.size())) {
            delete(name);
            removed.add(name);
        }
        return removed;
    }

    /** Deletes a backup's folder. */
    void delete(String name) {
        try {
            fs.delete(folder(name), true);
        } catch (IOException e) {
            throw new GlimmrException(GlimmrException.ErrorCode.STORAGE, "could not remove backup " + folder(name) + ": "
                    + e.getMessage(), e);
        }
    }
}
