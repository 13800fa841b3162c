package org.glimmr.jobs.maintain;

import static java.util.Objects.requireNonNull;

import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.glimmr.common.BackupKey;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.common.db.GlimmrDatabase;
import org.glimmr.lakehouse.LakehouseCatalog;
import org.glimmr.lakehouse.LakehouseTables;
import org.glimmr.lakehouse.TableDefinition;

/**
 * Weekly upkeep. Delta: {@code OPTIMIZE} (compaction, and clustering where a table is clustered) and {@code VACUUM}
 * with the retention of {@code glimmr.maintenance.vacuum.retention.hours} (time travel reaches back that far).
 * PostgreSQL: a backup ({@link PostgresBackup}) into {@code <lakehouse root>/_backups/postgres/<UTC time>/}, keeping
 * the newest {@code keep} backups. The backup alone needs no Spark: the session is asked for only for the Delta part.
 */
public final class MaintainJob {
    /** What was done; {@code backup} is null when no backup was made. */
    public record Summary(List<String> optimized, List<String> vacuumed, String backup, Map<String, Long> backedUpRows,
                          List<String> removedBackups, boolean encrypted) {}

    private final Supplier<SparkSession> spark;
    private final GlimmrConfig config;
    private final PrintStream progress;

    /** {@code spark} gives the session (made on first use by the launcher); it is called only for the Delta part. */
    public MaintainJob(Supplier<SparkSession> spark, GlimmrConfig config, PrintStream progress) {
        this.spark = requireNonNull(spark, "spark is null");
        this.config = requireNonNull(config, "config is null");
        this.progress = requireNonNull(progress, "progress is null");
    }

    /**
     * Delta upkeep when {@code delta}; a backup when {@code backup}, encrypted with {@code key} (none: clear text), and
     * then all but the newest {@code keep} backups removed.
     */
    public Summary run(boolean delta, boolean backup, int keep, Optional<BackupKey> key) {
        List<String> optimized = new ArrayList<>();
        List<String> vacuumed = new ArrayList<>();
        if (delta) {
            SparkSession spark = this.spark.get();
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
        boolean encrypted = false;
        if (backup) {
            BackupStore store = new BackupStore(config, BackupStore.hadoopConfiguration(config));
            BackupManifest manifest;
            try (GlimmrDatabase db = GlimmrDatabase.open(config)) {
                manifest = new PostgresBackup(store, key, Clock.systemUTC(), progress).write(db);
            }
            where = store.folder(manifest.name()).toString();
            manifest.files().forEach(f -> rows.put(f.table(), f.rows()));
            encrypted = manifest.encrypted();
            removed = store.prune(keep);
        }
        return new Summary(optimized, vacuumed, where, rows, removed, encrypted);
    }
}
