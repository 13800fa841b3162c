package org.glimmr.lakehouse;

import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.common.GlimmrException;

/**
 * Creates the lakehouse's Delta tables idempotently and makes them known by name ({@code silver.standard_charges})
 * in every new Spark process: the tables live as folders under the lakehouse root, and each session registers the
 * ones that exist in its (in-memory) catalog. No metastore service is needed.
 */
public final class LakehouseCatalog {
    private LakehouseCatalog() {}

    /** State of one table, for {@code glimmr tables list}. */
    public record TableStatus(TableDefinition definition, String location, boolean exists, Optional<Long> version) {}

    /** Creates every database and table that does not exist yet; returns the names of those created now. */
    public static List<String> createAll(SparkSession spark, GlimmrConfig config) {
        List<String> created = new ArrayList<>();
        for (TableDefinition table : LakehouseTables.ALL) {
            if (create(spark, config, table)) {
                created.add(table.qualifiedName());
            }
        }
        return created;
    }

    /** True when the table's Delta log exists under this configuration's lakehouse root. */
    public static boolean exists(SparkSession spark, GlimmrConfig config, TableDefinition table) {
        return deltaLogExists(spark, table.location(config.lakehouseRoot()));
    }

    /**
     * Creates those of {@code tables} that do not exist yet, what a job does before it writes: a cheap look at each
     * table's Delta log, and the table creation only where there is none.
     */
    public static void ensure(SparkSession spark, GlimmrConfig config, List<TableDefinition> tables) {
        for (TableDefinition table : tables) {
            if (!exists(spark, config, table)) {
                create(spark, config, table);
            }
        }
    }

    /** Creates one table if absent (idempotent); true when it was created now. */
    public static boolean create(SparkSession spark, GlimmrConfig config, TableDefinition table) {
        createDatabase(spark, config, table.layer());
        String location = table.location(config.lakehouseRoot());
        boolean existed = deltaLogExists(spark, location);
        // created by path (the table is its folder), then named in this session's catalog
        define(DeltaTable.createIfNotExists(spark), table, location).execute();
        if (!spark.catalog().tableExists(table.qualifiedName())) {
            register(spark, table, location);
        }
        return !existed;
    }

    /**
     * True when the table at this configuration's root has the columns (names and types, in order) and the partition
     * columns of its definition: a table made by an older Glimmr may not.
     */
    public static boolean matchesDefinition(SparkSession spark, GlimmrConfig config, TableDefinition table) {
        Snapshot snapshot = snapshot(spark, table.location(config.lakehouseRoot()));
        StructType actual = snapshot.schema();
        StructType wanted = table.schema();
        if (actual.fields().length != wanted.fields().length) {
            return false;
        }
        for (int i = 0; i < wanted.fields().length; i++) {
            if (!actual.fields()[i].name().equals(wanted.fields()[i].name())
                    || !actual.fields()[i].dataType().sameType(wanted.fields()[i].dataType())) {
                return false;
            }
        }
        return scala.jdk.javaapi.CollectionConverters.asJava(snapshot.metadata().partitionColumns()).equals(table.partitionBy());
    }

    /** The table's current version, from its Delta log: no Spark job (a {@code history(1)} is one). */
    public static long version(SparkSession spark, String location) {
        return snapshot(spark, location).version();
    }

    /** The table's latest snapshot, brought up to date from its Delta log (cached per table by Delta). */
    private static Snapshot snapshot(SparkSession spark, String location) {
        return DeltaLog.forTableWithSnapshot(spark, location)._2();
    }

    /**
     * Adds to an existing table the columns its definition has after the table's last one (a table made by an older
     * Glimmr, before columns were added at the end of its definition); returns them as {@code table.column}, none when
     * the table is absent, complete, or differs otherwise (see {@link #matchesDefinition}). Rows written before read
     * null in the added columns.
     */
    public static List<String> addMissingColumns(SparkSession spark, GlimmrConfig config, TableDefinition table) {
        String location = table.location(config.lakehouseRoot());
        if (!deltaLogExists(spark, location)) {
            return List.of();
        }
        StructField[] actual = spark.read().format("delta").load(location).schema().fields();
        StructField[] wanted = table.schema().fields();
        if (actual.length >= wanted.length) {
            return List.of();
        }
        for (int i = 0; i < actual.length; i++) {
            if (!actual[i].name().equals(wanted[i].name())) {
                return List.of();
            }
        }
        List<String> ddl = new ArrayList<>();
        List<String> added = new ArrayList<>();
        for (int i = actual.length; i < wanted.length; i++) {
            ddl.add(wanted[i].toDDL());
            added.add(table.qualifiedName() + "." + wanted[i].name());
        }
        spark.sql("ALTER TABLE " + TableDefinition.sqlRef(location) + " ADD COLUMNS (" + String.join(", ", ddl) + ")");
        return added;
    }

    /** {@link #addMissingColumns} of every table; returns what was added. */
    public static List<String> addMissingColumns(SparkSession spark, GlimmrConfig config) {
        List<String> added = new ArrayList<>();
        for (TableDefinition table : LakehouseTables.ALL) {
            added.addAll(addMissingColumns(spark, config, table));
        }
        return added;
    }

    /**
     * Gives an existing table the definition of today's Glimmr, emptied: its columns, partitioning, clustering and
     * properties. Only for tables a job rebuilds whole (gold); their earlier versions stay reachable by time travel.
     */
    public static void replace(SparkSession spark, GlimmrConfig config, TableDefinition table) {
        String location = table.location(config.lakehouseRoot());
        // an empty overwrite that may change the schema and the partitioning; a clustered table stops being clustered
        // first, since Delta will not partition a table that has clustering columns
        if (!table.clusterBy().equals(clusteringColumns(spark, location)) && !clusteringColumns(spark, location).isEmpty()) {
            spark.sql("ALTER TABLE " + TableDefinition.sqlRef(location) + " CLUSTER BY NONE");
        }
        var writer = spark.createDataFrame(List.of(), table.schema()).write().format("delta").mode("overwrite")
                .option("overwriteSchema", "true");
        if (!table.partitionBy().isEmpty()) {
            writer = writer.partitionBy(table.partitionBy().toArray(String[]::new));
        }
        writer.save(location);
        for (var property : table.properties().entrySet()) {
            spark.sql("ALTER TABLE " + TableDefinition.sqlRef(location) + " SET TBLPROPERTIES ('" + property.getKey() + "' = '"
                    + property.getValue().replace("'", "\\'") + "')");
        }
        if (!table.clusterBy().isEmpty()) {
            spark.sql("ALTER TABLE " + TableDefinition.sqlRef(location) + " CLUSTER BY (" + String.join(", ", table.clusterBy()) + ")");
        }
    }

    private static List<String> clusteringColumns(SparkSession spark, String location) {
        return DeltaTable.forPath(spark, location).detail().select("clusteringColumns").first().getList(0);
    }

    private static DeltaTableBuilder define(DeltaTableBuilder builder, TableDefinition table, String location) {
        builder = builder.location(location).comment(table.comment());
        for (StructField field : table.schema().fields()) {
            builder = builder.addColumn(field);
        }
        if (!table.partitionBy().isEmpty()) {
            builder = builder.partitionedBy(table.partitionBy().toArray(String[]::new));
        }
        if (!table.clusterBy().isEmpty()) {
            builder = builder.clusterBy(table.clusterBy().toArray(String[]::new));
        }
        for (var property : table.properties().entrySet()) {
            builder = builder.property(property.getKey(), property.getValue());
        }
        return builder;
    }

    /**
     * Sets, on every existing table, the properties of its definition that it lacks or holds with another value (a
     * table made by an older Glimmr); returns what was changed, as {@code table: key=value}. New properties apply to
     * the files written from then on: a changed {@link TableDefinition#STATS_COLUMNS} leaves older files' statistics
     * as they were.
     */
    public static List<String> alignProperties(SparkSession spark, GlimmrConfig config) {
        return alignProperties(spark, config, LakehouseTables.ALL);
    }

    /**
     * {@link #alignProperties(SparkSession, GlimmrConfig)} for some tables: read from each table's Delta log, without
     * a Spark job, so a job can align the tables it writes each time it runs.
     */
    public static List<String> alignProperties(SparkSession spark, GlimmrConfig config, List<TableDefinition> tables) {
        List<String> changed = new ArrayList<>();
        for (TableDefinition table : tables) {
            String location = table.location(config.lakehouseRoot());
            if (table.properties().isEmpty() || !deltaLogExists(spark, location)) {
                continue;
            }
            scala.collection.immutable.Map<String, String> current = snapshot(spark, location).metadata().configuration();
            Map<String, String> differ = new TreeMap<>();
            table.properties().forEach((k, v) -> {
                if (!current.get(k).contains(v)) {
                    differ.put(k, v);
                }
            });
            if (differ.isEmpty()) {
                continue;
            }
            String set = differ.entrySet().stream().map(e -> "'" + e.getKey() + "' = '" + e.getValue().replace("'", "\\'") + "'")
                    .collect(Collectors.joining(", "));
            spark.sql("ALTER TABLE " + TableDefinition.sqlRef(location) + " SET TBLPROPERTIES (" + set + ")");
            differ.forEach((k, v) -> changed.add(table.qualifiedName() + ": " + k + "=" + v));
        }
        return changed;
    }

    /** Registers, by name, every table whose Delta log exists under the lakehouse root. Cheap; run at session start. */
    public static void registerExisting(SparkSession spark, GlimmrConfig config) {
        for (Layer layer : Layer.values()) {
            createDatabase(spark, config, layer);
        }
        for (TableDefinition table : LakehouseTables.ALL) {
            String location = table.location(config.lakehouseRoot());
            if (!spark.catalog().tableExists(table.qualifiedName()) && deltaLogExists(spark, location)) {
                register(spark, table, location);
            }
        }
    }

    private static void register(SparkSession spark, TableDefinition table, String location) {
        spark.sql("CREATE TABLE IF NOT EXISTS " + table.qualifiedName() + " USING delta LOCATION '"
                + location.replace("'", "\\'") + "'");
    }

    /**
     * Forgets every registered table name and registers those of {@code config}'s lakehouse. Only catalog entries
     * are dropped (the tables are external): no data is touched.
     */
    public static void reregister(SparkSession spark, GlimmrConfig config) {
        for (TableDefinition table : LakehouseTables.ALL) {
            // external tables: DROP TABLE removes the name only. Never DROP DATABASE here: the in-memory
            // catalog deletes a database's folder, which holds the tables.
            spark.sql("DROP TABLE IF EXISTS " + table.qualifiedName());
        }
        registerExisting(spark, config);
    }

    public static List<TableStatus> status(SparkSession spark, GlimmrConfig config) {
        List<TableStatus> result = new ArrayList<>();
        for (TableDefinition table : LakehouseTables.ALL) {
            String location = table.location(config.lakehouseRoot());
            boolean exists = deltaLogExists(spark, location);
            Optional<Long> version = Optional.empty();
            if (exists) {
                version = Optional.of(version(spark, location));
            }
            result.add(new TableStatus(table, location, exists, version));
        }
        return result;
    }

    public static boolean deltaLogExists(SparkSession spark, String location) {
        try {
            Path log = new Path(location, "_delta_log");
            FileSystem fs = log.getFileSystem(spark.sparkContext().hadoopConfiguration());
            return fs.exists(log);
        } catch (IOException e) {
            throw new GlimmrException(GlimmrException.ErrorCode.STORAGE, "cannot read the lakehouse at " + location
                    + ": " + e.getMessage() + ". Fix: check " + GlimmrConfig.LAKEHOUSE_ROOT
                    + " and, for s3a://, the endpoint and keys.", e);
        }
    }

    private static void createDatabase(SparkSession spark, GlimmrConfig config, Layer layer) {
        if (!spark.catalog().databaseExists(layer.database())) {
            spark.sql("CREATE DATABASE IF NOT EXISTS " + layer.database() + " COMMENT '" + layer.description()
                    + "' LOCATION '" + config.lakehouseRoot().resolve(layer.database()).replace("'", "\\'") + "'");
        }
    }
}
