package org.glimmr.serving;

import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.common.GlimmrException;
import org.glimmr.common.db.GlimmrDatabase;
import org.glimmr.serving.auth.ApiKeys;
import org.glimmr.serving.auth.Role;
import org.glimmr.serving.data.AuditLog;
import org.glimmr.serving.data.Db;
import org.glimmr.serving.error.ServingException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The serving command line ({@code ./glimmr serve|apikey …}): runs the REST API, and creates, lists and revokes
 * API keys. Only PostgreSQL on the class path: no Spark.
 */
@Command(name = "glimmr", mixinStandardHelpOptions = true, version = "glimmr 0.1.0",
        description = "Glimmr REST API and its keys.", subcommands = {
                GlimmrServing.Serve.class, GlimmrServing.ApiKey.class, CommandLine.HelpCommand.class})
public final class GlimmrServing {
    private final GlimmrConfig config;

    GlimmrServing(GlimmrConfig config) {
        this.config = config;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command; the exit code is 0 or the {@link GlimmrException.ErrorCode}'s. */
    public static int run(String... args) {
        GlimmrConfig config;
        try {
            config = GlimmrConfig.load();
        } catch (GlimmrException e) {
            System.err.println("glimmr: error: " + e.getMessage());
            return e.code().exitCode();
        }
        return commandLine(config).execute(args);
    }

    public static CommandLine commandLine(GlimmrConfig config) {
        CommandLine cmd = new CommandLine(new GlimmrServing(config));
        cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof GlimmrException ge) {
                    err.println("glimmr: error: " + ge.getMessage());
                    err.flush();
                    return ge.code().exitCode();
                }
            }
            err.println("glimmr: internal error (a bug; please report it with this trace):");
            e.printStackTrace(err);
            err.flush();
            return GlimmrException.ErrorCode.INTERNAL.exitCode();
        });
        return cmd;
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Run the REST API on glimmr.api.host:glimmr.api.port until stopped (Ctrl-C).")
    static final class Serve implements Runnable {
        @CommandLine.ParentCommand
        GlimmrServing parent;
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--port", description = "port, overriding glimmr.api.port")
        Integer port;
        @Option(names = "--demo-key", description = "create a viewer key named 'demo' and print curl lines that use it")
        boolean demoKey;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            GlimmrConfig config = parent.config;
            GlimmrDatabase database = GlimmrDatabase.open(config);
            ApiServer server = ApiServer.start(config, database, port != null ? port : config.apiPort());
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                database.close();
                stopped.countDown();
            }, "glimmr-api-shutdown"));
            Optional<String> key = demoKey ? Optional.of(withKeys(config, database, keys -> keys.create("demo", Role.VIEWER,
                    OptionalInt.empty(), "cli:serve", Optional.empty()).token())) : Optional.empty();
            printReady(out, server, key);
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** What {@code serve} prints once the API answers: where, the docs, and curl lines to start with. */
    static void printReady(PrintWriter out, ApiServer server, Optional<String> key) {
        String base = server.baseUri().toString();
        String auth = "-H 'Authorization: Bearer " + key.orElse("$GLIMMR_API_KEY") + "'";
        out.println("Glimmr API listening on " + base + " (Ctrl-C stops it)");
        out.println("  web:     " + base + "/   (the explorer: sign in with an API key; its token needs GLIMMR_JWT_SECRET,"
                + " which the demo sets)");
        out.println("  docs:    " + base + "/docs   (OpenAPI: " + base + "/openapi.json)");
        out.println("  health:  curl -s " + base + "/health");
        if (key.isEmpty()) {
            out.println("  a key:   ./glimmr apikey create --name me --role viewer   # then export GLIMMR_API_KEY=<the key>");
        }
        out.println("  curl -s " + auth + " '" + base + "/api/v1/hospitals?limit=5'");
        out.println("  curl -s " + auth + " '" + base + "/api/v1/codes/search?q=office%20visit'");
        out.println("  curl -s " + auth + " '" + base + "/api/v1/prices?code_type=CPT&code=99213&limit=5'");
        out.flush();
    }

    @Command(name = "apikey", mixinStandardHelpOptions = true, description = "Create, list and revoke API keys.",
            subcommands = {ApiKey.Create.class, ApiKey.ListKeys.class, ApiKey.Revoke.class})
    static final class ApiKey {
        @CommandLine.ParentCommand
        GlimmrServing parent;

        @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a key; it is printed once, keep it.")
        static final class Create implements Runnable {
            @CommandLine.ParentCommand
            ApiKey apiKey;
            @Spec
            CommandLine.Model.CommandSpec spec;
            @Option(names = "--name", required = true, description = "who or what uses the key")
            String name;
            @Option(names = "--role", defaultValue = "viewer", description = "viewer, analyst or admin (default ${DEFAULT-VALUE})")
            String role;
            @Option(names = "--rate-limit", description = "requests per second for this key (0 = none; default glimmr.api.rate.limit)")
            Integer rateLimit;

            @Override
            public void run() {
                Role r = Role.parse(role).orElseThrow(() -> new GlimmrException(GlimmrException.ErrorCode.USAGE,
                        "--role " + role + " is not a role. Fix: use viewer, analyst or admin."));
                if (rateLimit != null && rateLimit < 0) {
                    throw new GlimmrException(GlimmrException.ErrorCode.USAGE, "--rate-limit " + rateLimit
                            + " is negative. Fix: give requests per second, or 0 for no limit.");
                }
                if (name.isBlank() || name.length() > 100) {
                    throw new GlimmrException(GlimmrException.ErrorCode.USAGE, "--name must have 1 to 100 characters.");
                }
                ApiKeys.Created created = apiKey.parent.withKeys(keys -> keys.create(name, r,
                        rateLimit == null ? OptionalInt.empty() : OptionalInt.of(rateLimit), cliActor(), Optional.empty()));
                PrintWriter out = spec.commandLine().getOut();
                out.println(created.token());
                spec.commandLine().getErr().println("created key " + created.key().keyId() + " (" + r.wireName() + ") for '" + name
                        + "'. It is shown only now: store it. Use it as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'.");
                out.flush();
            }
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "List keys (never their secrets).")
        static final class ListKeys implements Runnable {
            @CommandLine.ParentCommand
            ApiKey apiKey;
            @Spec
            CommandLine.Model.CommandSpec spec;

            @Override
            public void run() {
                List<ApiKeys.ApiKey> keys = apiKey.parent.withKeys(ApiKeys::list);
                PrintWriter out = spec.commandLine().getOut();
                out.printf("%-12s  %-7s  %-10s  %-24s  %-24s  %s%n", "key_id", "role", "rate_limit", "created_at", "revoked_at", "name");
                for (ApiKeys.ApiKey k : keys) {
                    out.printf("%-12s  %-7s  %-10s  %-24s  %-24s  %s%n", k.keyId(), k.role().wireName(),
                            k.rateLimit().isPresent() ? String.valueOf(k.rateLimit().getAsInt()) : "default", k.createdAt(),
                            k.revokedAt().map(Object::toString).orElse("-"), k.name());
                }
                out.flush();
            }
        }

        @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a key by its id (see list).")
        static final class Revoke implements Runnable {
            @CommandLine.ParentCommand
            ApiKey apiKey;
            @Spec
            CommandLine.Model.CommandSpec spec;
            @Parameters(paramLabel = "KEY_ID", description = "the key id (12 hex digits)")
            String keyId;

            @Override
            public void run() {
                ApiKeys.ApiKey key = apiKey.parent.withKeys(keys -> keys.revoke(keyId, cliActor(), Optional.empty())).orElseThrow(() ->
                        new GlimmrException(GlimmrException.ErrorCode.USAGE, "there is no API key '" + keyId
                                + "'. Fix: see the ids with './glimmr apikey list'."));
                spec.commandLine().getOut().println("revoked " + key.keyId() + " at " + key.revokedAt().orElseThrow()
                        + " (a running API notices within " + apiKey.parent.config.api().keyCacheSeconds() + " s)");
                spec.commandLine().getOut().flush();
            }
        }
    }

    private <T> T withKeys(java.util.function.Function<ApiKeys, T> work) {
        try (GlimmrDatabase database = GlimmrDatabase.open(config)) {
            return withKeys(config, database, work);
        }
    }

    private static <T> T withKeys(GlimmrConfig config, GlimmrDatabase database, java.util.function.Function<ApiKeys, T> work) {
        try (Db db = new Db(database, config.api(), new io.micrometer.core.instrument.simple.SimpleMeterRegistry())) {
            return work.apply(new ApiKeys(db, new AuditLog(db)));
        } catch (ServingException e) {
            // Db's one failure: its message is for API clients, its cause says what the database answered
            String what = e.getCause() instanceof SQLException sql
                    ? "database error " + sql.getSQLState() + ": " + sql.getMessage() : e.getMessage();
            throw new GlimmrException(GlimmrException.ErrorCode.DATABASE, what + ". Fix: check that PostgreSQL answers"
                    + " (glimmr.db.url) and that the schema is migrated.", e);
        }
    }

    private static String cliActor() {
        return "cli:" + System.getProperty("user.name", "unknown");
    }
}
