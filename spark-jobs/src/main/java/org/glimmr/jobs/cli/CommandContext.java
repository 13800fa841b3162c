package org.glimmr.jobs.cli;

import org.apache.spark.sql.SparkSession;
import org.glimmr.common.GlimmrConfig;

/**
 * What a command receives from the launcher: the validated configuration and the Spark session, each made on first
 * use (a command that needs no Spark never starts one). Commands never build either themselves.
 */
public interface CommandContext {
    /** The configuration, loaded and validated on first use. */
    GlimmrConfig config();

    /** The Spark session, created on first use. */
    SparkSession spark();
}
