package org.glimmr.lakehouse;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.glimmr.common.StorageRoot;

/**
 * A Delta table of the lakehouse: its name, schema with column comments, clustering, properties and comment.
 * Jobs refer to tables only through these definitions (see {@link LakehouseTables}), never by string literals.
 */
public record TableDefinition(
        Layer layer,
        String name,
        StructType schema,
        List<String> partitionBy,
        List<String> clusterBy,
        Map<String, String> properties,
        String comment) {
    /** Delta's table property naming the columns whose min/max/null counts each written file records. */
    public static final String STATS_COLUMNS = "delta.dataSkippingStatsColumns";

    public TableDefinition {
        requireNonNull(layer, "layer is null");
        requireNonNull(name, "name is null");
        requireNonNull(schema, "schema is null");
        partitionBy = List.copyOf(partitionBy);
        clusterBy = List.copyOf(clusterBy);
        properties = Map.copyOf(properties);
        requireNonNull(comment, "comment is null");
        requireColumns("partition", partitionBy, schema, name);
        requireColumns("cluster", clusterBy, schema, name);
        if (!partitionBy.isEmpty() && !clusterBy.isEmpty()) {
            throw new IllegalArgumentException(name + " is both partitioned and clustered; Delta allows one of the two");
        }
        if (properties.containsKey(STATS_COLUMNS)) {
            List<String> stats = List.of(properties.get(STATS_COLUMNS).split(","));
            requireColumns("statistics", stats, schema, name);
            // Delta refuses a clustered table whose clustering columns have no statistics
            if (!stats.containsAll(clusterBy)) {
                throw new IllegalArgumentException("the statistics columns of " + name + " must include its cluster columns "
                        + clusterBy);
            }
        }
    }

    private static void requireColumns(String kind, List<String> columns, StructType schema, String table) {
        for (String c : columns) {
            if (!List.of(schema.fieldNames()).contains(c)) {
                throw new IllegalArgumentException(kind + " column " + c + " is not a column of " + table);
            }
        }
    }

    /** {@code silver.standard_charges}. */
    public String qualifiedName() {
        return layer.database() + "." + name;
    }

    /** Location under the lakehouse root: {@code <root>/silver/standard_charges}. */
    public String location(StorageRoot lakehouseRoot) {
        return lakehouseRoot.resolve(layer.database() + "/" + name);
    }

    /**
     * The table in SQL by its path, {@code delta.`<location>`}: independent of which names a session has registered,
     * so jobs read and write exactly the lakehouse of their configuration.
     */
    public String sqlRef(StorageRoot lakehouseRoot) {
        return sqlRef(location(lakehouseRoot));
    }

    /** {@code delta.`<location>`}, with any backquote in the location escaped. */
    public static String sqlRef(String location) {
        return "delta.`" + location.replace("`", "``") + "`";
    }

    public static Builder builder(Layer layer, String name, String comment) {
        return new Builder(layer, name, comment);
    }

    /** Builds a definition column by column, each with its comment. */
    public static final class Builder {
        private final Layer layer;
        private final String name;
        private final String comment;
        private final List<StructField> fields = new ArrayList<>();
        private final List<String> partitionBy = new ArrayList<>();
        private final List<String> clusterBy = new ArrayList<>();
        private final Map<String, String> properties = new LinkedHashMap<>();

        private Builder(Layer layer, String name, String comment) {
            this.layer = layer;
            this.name = name;
            this.comment = comment;
        }

        public Builder column(String column, DataType type, String columnComment) {
            return column(column, type, true, columnComment);
        }

        public Builder required(String column, DataType type, String columnComment) {
            return column(column, type, false, columnComment);
        }

        private Builder column(String column, DataType type, boolean nullable, String columnComment) {
            Metadata metadata = new MetadataBuilder().putString("comment", columnComment).build();
            fields.add(new StructField(column, type, nullable, metadata));
            return this;
        }

        /**
         * Partitions the table by these columns: one folder per value, so a job can replace one value's rows (one
         * hospital's, say) without touching the files of the others.
         */
        public Builder partitionBy(String... columns) {
            partitionBy.addAll(List.of(columns));
            return this;
        }

        public Builder clusterBy(String... columns) {
            clusterBy.addAll(List.of(columns));
            return this;
        }

        public Builder property(String key, String value) {
            properties.put(key, value);
            return this;
        }

        /**
         * Records data-skipping statistics (min, max, null count per file) for these columns only, instead of Delta's
         * default of the first 32 columns. Every written row updates every statistics column, and long text columns
         * cost the most while no query filters on them.
         */
        public Builder statsColumns(String... columns) {
            return property(STATS_COLUMNS, String.join(",", columns));
        }

        /**
         * Deletes and updates mark rows in deletion vectors instead of rewriting the files that hold them, so a job that
         * replaces a few rows of a large table writes about as much as it changes.
         */
        public Builder deletionVectors() {
            return property("delta.enableDeletionVectors", "true");
        }

        /** Keeps row-level changes readable with {@code table_changes(...)}: what changed since last month. */
        public Builder changeDataFeed() {
            return property("delta.enableChangeDataFeed", "true");
        }

        public TableDefinition build() {
            return new TableDefinition(layer, name, new StructType(fields.toArray(StructField[]::new)), partitionBy, clusterBy,
                    properties, comment);
        }
    }
}
