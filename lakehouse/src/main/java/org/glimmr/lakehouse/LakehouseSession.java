package org.glimmr.lakehouse;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.common.GlimmrException;

/**
 * The one place a {@link SparkSession} is configured: Delta, S3A, and local-mode tuning only in local mode. Under
 * {@code spark-submit} the cluster's settings win: master and resources come from spark-submit, and no local tuning
 * is applied. The launcher builds the session; jobs receive it.
 */
public final class LakehouseSession {
    private LakehouseSession() {}

    /** True when this JVM was started by spark-submit (it passes the master as a system property). */
    public static boolean underSparkSubmit() {
        return System.getProperty("spark.master") != null;
    }

    /** Every Spark setting Glimmr applies for this configuration, for the session and for tests to inspect. */
    public static Map<String, String> settings(GlimmrConfig config, boolean local) {
        Map<String, String> s = new TreeMap<>();
        s.put("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
        s.put("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
        s.put("spark.sql.warehouse.dir", config.lakehouseRoot().resolve("_warehouse"));
        s.put("spark.sql.session.timeZone", "UTC");
        s.put("spark.databricks.delta.schema.autoMerge.enabled", "false");
        // aggregates over lists (collect_list, collect_set: the aggregate's exact percentiles) run as sort aggregates,
        // which reuse one buffer and hold one group at a time. Spark's object hash aggregate falls back to sorting after
        // 128 groups per task anyway, and in Spark 4.2 it builds a new buffer per group that reads the SQL
        // configuration once per field: a full aggregate spent 12 % of its CPU there (docs/benchmarks.md)
        s.put("spark.sql.execution.useObjectHashAggregateExec", "false");
        if (local) {
            s.put("spark.driver.bindAddress", "127.0.0.1");
            s.put("spark.driver.host", "127.0.0.1");
            s.put("spark.ui.enabled", "false");
            s.put("spark.ui.showConsoleProgress", "false");
            s.put("spark.sql.shuffle.partitions", "4");
            s.put("spark.default.parallelism", String.valueOf(Math.max(2, Runtime.getRuntime().availableProcessors())));
            s.put("spark.databricks.delta.snapshotPartitions", "2");
            // VACUUM lists a table's folder with this many tasks and collects them one partition (one job) at a time:
            // Spark's default of 10,000 made VACUUM of a small table take half a minute on one machine
            s.put("spark.sql.sources.parallelPartitionDiscovery.parallelism",
                    String.valueOf(Math.max(2, Runtime.getRuntime().availableProcessors())));
            s.put("spark.sql.adaptive.enabled", "true");
            String tmp = config.dataDir().resolve("tmp").toString();
            s.put("spark.local.dir", tmp + "/spark");
            s.put("spark.hadoop.hadoop.tmp.dir", tmp + "/hadoop");
        }
        config.s3().endpoint().ifPresent(e -> {
            s.put("spark.hadoop.fs.s3a.endpoint", e.toString());
            s.put("spark.hadoop.fs.s3a.connection.ssl.enabled", String.valueOf("https".equals(e.getScheme())));
        });
        s.put("spark.hadoop.fs.s3a.endpoint.region", config.s3().region());
        s.put("spark.hadoop.fs.s3a.path.style.access", String.valueOf(config.s3().pathStyle()));
        if (config.s3().accessKey().isPresent()) {
            s.put("spark.hadoop.fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
            s.put("spark.hadoop.fs.s3a.access.key", config.s3().accessKey().get());
            s.put("spark.hadoop.fs.s3a.secret.key", config.s3().secretKey().orElseThrow());
        }
        // fail in seconds, not minutes, when the store is unreachable
        s.put("spark.hadoop.fs.s3a.attempts.maximum", "3");
        s.put("spark.hadoop.fs.s3a.retry.limit", "3");
        s.put("spark.hadoop.fs.s3a.connection.establish.timeout", "5s");
        return s;
    }

    /**
     * Creates (or returns the running) session for the configuration, with the lakehouse tables registered by name.
     * {@code appName} names a local session; under spark-submit the name given to spark-submit stays.
     * Checks first that an S3 endpoint in use answers, so a wrong endpoint is a clear error, not a hang.
     */
    public static SparkSession create(GlimmrConfig config, String appName) {
        checkS3Reachable(config);
        boolean local = !underSparkSubmit();
        if (local) {
            try {
                Files.createDirectories(config.dataDir().resolve("tmp"));
            } catch (IOException e) {
                throw new GlimmrException(GlimmrException.ErrorCode.STORAGE, "cannot create the data directory "
                        + config.dataDir() + " (" + e.getMessage() + "). Fix: set " + GlimmrConfig.DATA_DIR
                        + " to a writable folder.", e);
            }
        }
        SparkSession.Builder builder = SparkSession.builder();
        if (local) {
            // under spark-submit the application keeps the name it was given (--name: what a cluster's UI and history
            // server list it by, e.g. glimmr-ingest from Airflow); the builder's name would replace it
            builder.appName(appName).master(config.sparkMaster());
        }
        settings(config, local).forEach(builder::config);
        SparkSession spark = builder.getOrCreate();
        LakehouseCatalog.registerExisting(spark, config);
        return spark;
    }

    /** Fails with a message naming {@code glimmr.s3.endpoint} when an S3 root is used and the endpoint does not answer. */
    public static void checkS3Reachable(GlimmrConfig config) {
        if (config.s3Roots().isEmpty() || config.s3().endpoint().isEmpty()) {
            return;
        }
        URI endpoint = config.s3().endpoint().get();
        int port = endpoint.getPort() > 0 ? endpoint.getPort() : ("https".equals(endpoint.getScheme()) ? 443 : 80);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(endpoint.getHost(), port), 3000);
        } catch (IOException e) {
            throw GlimmrException.config(GlimmrConfig.S3_ENDPOINT, endpoint.toString(),
                    "does not answer (" + e.getMessage() + ") but " + config.s3Roots() + " is on S3",
                    "start the S3 server or correct the endpoint URL; or use a local folder for "
                            + GlimmrConfig.LAKEHOUSE_ROOT + " and " + GlimmrConfig.RAW_ROOT);
        }
    }
}
