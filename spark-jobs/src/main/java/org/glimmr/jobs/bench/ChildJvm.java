package org.glimmr.jobs.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Starts the JVM of one benchmark measurement: this JVM's class path and options (less heap, cores, agents and
 * recordings), pinned to its cores with {@code taskset} where there is one, its output into a log; the measurement
 * prints one {@code RESULT key=value …} line.
 */
final class ChildJvm {
    /** What a measuring JVM gave: its {@code RESULT} values, or why there are none. */
    record Outcome(Map<String, String> result, String failure) {
        boolean ok() {
            return failure == null;
        }
    }

    private ChildJvm() {}

    /**
     * Runs {@code main} with {@code args} on {@code cores} cores; {@code heap} is its {@code -Xmx}, or empty for the
     * JVM's default (what {@code ./glimmr} runs with); {@code extraOptions} go before the class path.
     */
    static Outcome run(Class<?> main, List<String> args, int cores, Optional<String> heap, List<String> extraOptions,
            Path log, long timeoutMinutes) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        int available = Runtime.getRuntime().availableProcessors();
        if (Files.isExecutable(Path.of("/usr/bin/taskset")) && cores <= available) {
            // pin the JVM to its cores: GC and helper threads must not borrow another core
            command.addAll(List.of("/usr/bin/taskset", "-c", cores == 1 ? "0" : "0-" + (cores - 1)));
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(childJvmArguments());
        heap.ifPresent(h -> command.add("-Xmx" + h));
        command.add("-XX:ActiveProcessorCount=" + cores);
        command.addAll(extraOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(args);
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(timeoutMinutes, TimeUnit.MINUTES);
        if (!done) {
            p.destroyForcibly();
            p.waitFor();
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        Optional<String> line = text.lines().filter(l -> l.startsWith("RESULT ")).reduce((a, b) -> b);
        if (done && p.exitValue() == 0 && line.isPresent()) {
            return new Outcome(BenchMeasure.parse(line.get()), null);
        }
        String failure = !done ? "timed out after " + timeoutMinutes + " min"
                : text.contains("OutOfMemoryError") ? "failed: out of memory" + heap.map(h -> " with -Xmx" + h).orElse("")
                : "failed (exit " + p.exitValue() + "), see " + log;
        return new Outcome(Map.of(), failure);
    }

    /**
     * This JVM's options for the JVMs that measure, less heap, cores, agents and flight recordings, which each case
     * sets or must not have. A class-data archive this JVM maps (the launcher's, see {@code glimmr}) goes to every
     * case alike; one it would write at exit does not: the cases must not write archives, let alone the same file at
     * once.
     */
    static List<String> childJvmArguments() {
        List<String> args = new ArrayList<>();
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!arg.startsWith("-Xmx") && !arg.startsWith("-Xms") && !arg.startsWith("-XX:ActiveProcessorCount")
                    && !arg.startsWith("-agentlib") && !arg.startsWith("-javaagent")
                    && !arg.startsWith("-XX:ArchiveClassesAtExit") && !arg.startsWith("-XX:StartFlightRecording")
                    && !arg.startsWith("-XX:FlightRecorderOptions")) {
                args.add(arg);
            }
        }
        return args;
    }

    /** For the reports: the class-data archive every measuring JVM maps, or "none". */
    static String classDataArchive() {
        return childJvmArguments().stream().filter(a -> a.startsWith("-XX:SharedArchiveFile="))
                .map(a -> Path.of(a.substring(a.indexOf('=') + 1)).getFileName().toString()).reduce((a, b) -> b)
                .orElse("none");
    }

    /** Deletes a file or a folder with everything in it; nothing when it does not exist. */
    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var walk = Files.walk(p)) {
            for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
