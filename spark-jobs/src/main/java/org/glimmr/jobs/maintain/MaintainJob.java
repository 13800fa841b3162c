package org.glimmr.jobs.maintain;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.common.GlimmrException;
import org.glimmr.common.db.GlimmrDatabase;
import org.glimmr.lakehouse.LakehouseCatalog;
import org.glimmr.lakehouse.LakehouseTables;
import org.glimmr.lakehouse.TableDefinition;
import org.postgresql.PGConnection;

/**
 * Weekly upkeep. Delta: {@code OPTIMIZE} (compaction, and clustering where a table is clustered) and {@code VACUUM}
 * with the retention of {@code glimmr.maintenance.vacuum.retention.hours} (time travel reaches back that far).
 * PostgreSQL: a backup of the curated schema and the export log into object storage, one gzipped CSV per table under
 * {@code <lakehouse root>/_backups/postgres/<UTC time>/}, keeping the newest {@code keep} backups.
 */
public final class MaintainJob {
    private static final String BACKUPS = "_backups/postgres";

    /** What was done. */
    public record Summary(List<String> optimized, List<String> vacuumed, String backup, Map<String, Long> backedUpRows,
                          List<String> removedBackups) {}

    private final SparkSession spark;
    private final GlimmrConfig config;
    private final PrintStream progress;

    public MaintainJob(SparkSession spark, GlimmrConfig config, PrintStream progress) {
        this.spark = requireNonNull(spark, "spark is null");
        this.config = requireNonNull(config, "config is null");
        this.progress = requireNonNull(progress, "progress is null");
    }

    public Summary run(boolean delta, boolean backup, int keep) {
        List<String> optimized = new ArrayList<>();
        List<String> vacuumed = new ArrayList<>();
        if (delta) {
            long hours = config.vacuumRetentionHours();
            if (hours < 168) {
                // Delta refuses retention under 7 days unless told: the configuration says so explicitly
                spark.conf().set("spark.databricks.delta.retentionDurationCheck.enabled", "false");
            }
            for (TableDefinition t : LakehouseTables.ALL) {
                if (!LakehouseCatalog.exists(spark, config, t)) {
                    continue;
                }
                String ref = t.sqlRef(config.lakehouseRoot());
                spark.sparkContext().setJobDescription("glimmr maintain: OPTIMIZE " + t.qualifiedName());
                spark.sql("OPTIMIZE " + ref).collectAsList();
                optimized.add(t.qualifiedName());
                spark.sparkContext().setJobDescription("glimmr maintain: VACUUM " + t.qualifiedName());
                spark.sql("VACUUM " + ref + " RETAIN " + hours + " HOURS").collectAsList();
                vacuumed.add(t.qualifiedName());
                progress.printf("maintain: %-28s optimized, vacuumed (retain %d h)%n", t.qualifiedName(), hours);
            }
        }
        String where = null;
        Map<String, Long> rows = new LinkedHashMap<>();
        List<String> removed = new ArrayList<>();
        if (backup) {
            String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
            where = config.lakehouseRoot().resolve(BACKUPS + "/" + stamp);
            rows = backup(where);
            removed = prune(keep);
        }
        return new Summary(optimized, vacuumed, where, rows, removed);
    }

    /** COPY ... TO STDOUT of every table of the curated and glimmr schemas, gzipped, written under {@code dir}. */
    private Map<String, Long> backup(String dir) {
        Map<String, Long> rows = new LinkedHashMap<>();
        try (GlimmrDatabase db = GlimmrDatabase.open(config); Connection c = db.connect()) {
            FileSystem fs = new Path(dir).getFileSystem(spark.sparkContext().hadoopConfiguration());
            List<String> tables = new ArrayList<>();
            // tables and partitioned tables, not their partitions (a partitioned table's rows are its partitions')
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT n.nspname || '.' || t.relname"
                    + " FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname IN ('curated', 'glimmr')"
                    + " AND t.relkind IN ('r', 'p') AND NOT t.relispartition ORDER BY 1")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"); // one consistent snapshot
            }
            StringBuilder manifest = new StringBuilder("table\trows\n");
            for (String table : tables) {
                Path file = new Path(dir, table + ".csv.gz");
                try (OutputStream out = new GZIPOutputStream(fs.create(file, false), 1 << 16)) {
                    long n = c.unwrap(PGConnection.class).getCopyAPI()
                            .copyOut("COPY (SELECT * FROM " + table + ") TO STDOUT (FORMAT csv, HEADER)", out);
                    rows.put(table, n);
                    manifest.append(table).append('\t').append(n).append('\n');
                }
            }
            c.commit();
            try (OutputStream out = fs.create(new Path(dir, "MANIFEST.tsv"), false)) {
                out.write(manifest.toString().getBytes(StandardCharsets.UTF_8));
            }
            progress.printf("maintain: PostgreSQL backup of %d tables in %s%n", tables.size(), dir);
            return rows;
        } catch (SQLException | IOException e) {
            throw new GlimmrException(GlimmrException.ErrorCode.DATABASE, "the PostgreSQL backup into " + dir + " failed: "
                    + e.getMessage() + ". Fix: check that the database answers and the lakehouse root is writable", e);
        }
    }

    /** Removes all but the newest {@code keep} backups (names sort by time). */
    private List<String> prune(int keep) {
        List<String> removed = new ArrayList<>();
        try {
            Path root = new Path(config.lakehouseRoot().resolve(BACKUPS));
            FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
            FileStatus[] all = fs.listStatus(root);
            Arrays.sort(all, Comparator.comparing((FileStatus f) -> f.getPath().getName()).reversed());
            for (int i = keep; i < all.length; i++) {
                fs.delete(all[i].getPath(), true);
                removed.add(all[i].getPath().getName());
            }
        } catch (IOException e) {
            throw new GlimmrException(GlimmrException.ErrorCode.STORAGE, "could not remove old backups: " + e.getMessage(), e);
        }
        return removed;
    }
}
