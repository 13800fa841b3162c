package org.glimmr.jobs.fetch;

import org.apache.spark.sql.SparkSession;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.lakehouse.LakehouseCatalog;
import org.glimmr.lakehouse.TableDefinition;

/** The tables of discovery and fetch, reached through their definitions at this configuration's lakehouse. */
public final class Tables {
    private Tables() {}

    /** The table in SQL: {@code delta.`<location>`}, independent of which names the session has registered. */
    public static String ref(GlimmrConfig config, TableDefinition table) {
        return "delta.`" + table.location(config.lakehouseRoot()).replace("`", "``") + "`";
    }

    public static boolean exists(SparkSession spark, GlimmrConfig config, TableDefinition table) {
        return LakehouseCatalog.deltaLogExists(spark, table.location(config.lakehouseRoot()));
    }

    public static void ensure(SparkSession spark, GlimmrConfig config, TableDefinition table) {
        if (!exists(spark, config, table)) {
            LakehouseCatalog.create(spark, config, table);
        }
    }
}
