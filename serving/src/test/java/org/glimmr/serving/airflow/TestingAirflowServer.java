package org.glimmr.serving.airflow;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.common.testing.TestingPorts;

/**
 * A real Airflow 3 (API server, scheduler, DAG processor; SQLite, LocalExecutor) from the project's Python virtual
 * environment, with its home in a temporary folder, on a free loopback port, serving the DAG files it is given.
 * One user, {@code glimmr}, with a random password.
 */
final class TestingAirflowServer implements AutoCloseable {
    private final Path home;
    private final int port;
    private final String password = UUID.randomUUID().toString();
    private final List<Process> processes = new ArrayList<>();

    TestingAirflowServer(Path venv, Path home, Map<String, String> dagFiles) throws IOException, InterruptedException {
        this.home = requireNonNull(home, "home is null");
        this.port = TestingPorts.free();
        Path dags = Files.createDirectories(home.resolve("dags"));
        for (Map.Entry<String, String> dag : dagFiles.entrySet()) {
            Files.writeString(dags.resolve(dag.getKey()), dag.getValue());
        }
        Files.writeString(home.resolve("passwords.json"), "{\"glimmr\": \"" + password + "\"}");
        Map<String, String> env = environment(venv, dags);
        run(venv, env, Duration.ofMinutes(5), "db", "migrate");
        try {
            processes.add(start(venv, env, "api-server", "api-server", "--host", "127.0.0.1", "--port", String.valueOf(port)));
            // no log server: it would listen on every interface, and the API server reads the task logs from disk here
            processes.add(start(venv, env, "scheduler", "scheduler", "--skip-serve-logs"));
            processes.add(start(venv, env, "dag-processor", "dag-processor"));
            awaitHealthy(Duration.ofMinutes(4));
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Settings for a client of this server: the given password, or the right one. */
    GlimmrConfig.Airflow settings(Optional<String> passwordOverride) {
        return new GlimmrConfig.Airflow(url(), "glimmr", Optional.of(passwordOverride.orElse(password)));
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The last lines of each process log, for a failure message. */
    String logTails() {
        StringBuilder out = new StringBuilder();
        for (String name : List.of("api-server", "scheduler", "dag-processor")) {
            try {
                List<String> lines = Files.readAllLines(home.resolve(name + ".log"), StandardCharsets.UTF_8);
                out.append("--- ").append(name).append(" ---\n")
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()))).append('\n');
            } catch (IOException e) {
                out.append("--- ").append(name).append(": no log (").append(e.getMessage()).append(")\n");
            }
        }
        return out.toString();
    }

    private Map<String, String> environment(Path venv, Path dags) {
        Map<String, String> env = new HashMap<>();
        env.put("AIRFLOW_HOME", home.toString());
        env.put("AIRFLOW__CORE__DAGS_FOLDER", dags.toString());
        env.put("AIRFLOW__CORE__LOAD_EXAMPLES", "False");
        env.put("AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION", "False");
        env.put("AIRFLOW__CORE__EXECUTOR", "LocalExecutor");
        env.put("AIRFLOW__CORE__PARALLELISM", "2");
        env.put("AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS", "glimmr:admin");
        env.put("AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE", home.resolve("passwords.json").toString());
        env.put("AIRFLOW__CORE__EXECUTION_API_SERVER_URL", url() + "/execution/");
        env.put("AIRFLOW__API__BASE_URL", url().toString());
        env.put("AIRFLOW__API__WORKERS", "1");
        env.put("AIRFLOW__API_AUTH__JWT_SECRET", UUID.randomUUID() + "-" + UUID.randomUUID()); // 64+ bytes for HS512
        env.put("AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL", "5");
        env.put("AIRFLOW__SCHEDULER__SCHEDULER_HEARTBEAT_SEC", "2");
        env.put("PATH", venv.resolve("bin") + ":" + System.getenv("PATH"));
        return env;
    }

    private Process start(Path venv, Map<String, String> env, String log, String... args) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(venv, args)).redirectErrorStream(true)
                .redirectOutput(home.resolve(log + ".log").toFile());
        pb.environment().putAll(env);
        return pb.start();
    }

    private void run(Path venv, Map<String, String> env, Duration timeout, String... args) throws IOException, InterruptedException {
        Process p = start(venv, env, args[0] + "-" + args[1], args);
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("airflow " + String.join(" ", args) + " failed:\n"
                    + Files.readString(home.resolve(args[0] + "-" + args[1] + ".log")));
        }
    }

    private static List<String> command(Path venv, String... args) {
        List<String> command = new ArrayList<>(List.of(venv.resolve("bin/airflow").toString()));
        command.addAll(List.of(args));
        return command;
    }

    private void awaitHealthy(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            for (Process p : processes) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("an Airflow process ended at start (exit " + p.exitValue() + "):\n" + logTails());
                }
            }
            try {
                HttpURLConnection c = (HttpURLConnection) url().resolve("/api/v2/monitor/health").toURL().openConnection();
                c.setConnectTimeout(1000);
                c.setReadTimeout(5000);
                if (c.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // the API server is still starting
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("Airflow's API server did not become healthy in " + timeout + ":\n" + logTails());
    }


    /** Stops every Airflow process and the workers they started. */
    @Override
    public void close() {
        for (Process p : processes) {
            List<ProcessHandle> children = p.descendants().toList();
            p.destroy();
            try {
                p.waitFor(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            p.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
        }
        processes.clear();
    }
}
