package org.glimmr.jobs;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import org.apache.spark.sql.SparkSession;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.common.GlimmrException;
import org.glimmr.jobs.cli.AggregateCommand;
import org.glimmr.jobs.cli.BenchCommand;
import org.glimmr.jobs.cli.CommandContext;
import org.glimmr.jobs.cli.DemoCommand;
import org.glimmr.jobs.cli.DiscoverCommand;
import org.glimmr.jobs.cli.ExportCommand;
import org.glimmr.jobs.cli.FetchCommand;
import org.glimmr.jobs.cli.GenerateCommand;
import org.glimmr.jobs.cli.HospitalsCommand;
import org.glimmr.jobs.cli.IngestCommand;
import org.glimmr.jobs.cli.MaintainCommand;
import org.glimmr.jobs.cli.PayersCommand;
import org.glimmr.jobs.cli.RestoreCommand;
import org.glimmr.jobs.cli.SourcesCommand;
import org.glimmr.jobs.cli.SqlCommand;
import org.glimmr.jobs.cli.TablesCommand;
import org.glimmr.jobs.cli.UserErrors;
import org.glimmr.lakehouse.LakehouseSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The one command-line entry: {@code glimmr <command> [options]}. Runs locally ({@code ./glimmr}, Spark in
 * {@code local[*]}) and under {@code spark-submit} with the same arguments. It builds the configuration and the
 * Spark session; commands receive them.
 */
@Command(name = "glimmr", mixinStandardHelpOptions = true, version = "glimmr 0.1.0",
        description = "Glimmr: a lakehouse for US hospital price-transparency files.%n"
                + "Configuration: glimmr.properties in the working directory (or $GLIMMR_CONFIG) and GLIMMR_* environment variables; see README.",
        subcommands = {
                DemoCommand.class,
                TablesCommand.class,
                SqlCommand.class,
                IngestCommand.class,
                AggregateCommand.class,
                ExportCommand.class,
                MaintainCommand.class,
                RestoreCommand.class,
                GenerateCommand.class,
                BenchCommand.class,
                PayersCommand.class,
                HospitalsCommand.class,
                DiscoverCommand.class,
                FetchCommand.class,
                SourcesCommand.class,
                CommandLine.HelpCommand.class})
public final class Glimmr implements CommandContext, AutoCloseable {
    private GlimmrConfig config;
    private SparkSession spark;
    private final boolean ownsSession;

    /** For the command line: configuration and session are made on first use. */
    public Glimmr() {
        this.ownsSession = true;
    }

    /** For embedding: runs commands with a given configuration; a session is made on first use, and stopped on close. */
    public Glimmr(GlimmrConfig config) {
        this.config = requireNonNull(config, "config is null");
        this.ownsSession = true;
    }

    /** For embedding (tests, other JVM programs): runs commands with a given configuration and session. */
    public Glimmr(GlimmrConfig config, SparkSession spark) {
        this.config = config;
        this.spark = spark;
        this.ownsSession = false;
    }

    @Override
    public GlimmrConfig config() {
        if (config == null) {
            config = GlimmrConfig.load();
        }
        return config;
    }

    @Override
    public SparkSession spark() {
        if (spark == null) {
            spark = LakehouseSession.create(config(), "glimmr");
        }
        return spark;
    }

    @Override
    public void close() {
        if (spark != null && ownsSession) {
            spark.stop();
        }
    }

    public static void main(String[] args) {
        int exit;
        try (Glimmr glimmr = new Glimmr()) {
            exit = commandLine(glimmr).execute(args);
        }
        System.exit(exit);
    }

    /** The command line, with user errors printed as one clear message instead of a stack trace. */
    public static CommandLine commandLine(Glimmr glimmr) {
        CommandLine cmd = new CommandLine(glimmr);
        cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            GlimmrException ge = UserErrors.of(e);
            if (ge != null) {
                err.println("glimmr: error: " + ge.getMessage());
                err.flush();
                return ge.code().exitCode();
            }
            err.println("glimmr: internal error (a bug; please report it with this trace):");
            e.printStackTrace(err);
            err.flush();
            return GlimmrException.ErrorCode.INTERNAL.exitCode();
        });
        return cmd;
    }
}
