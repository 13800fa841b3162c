package org.glimmr.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A main class in a fresh JVM with the tests' class path and the JVM options spark-submit adds, as a user or a
 * scheduler starts it: nothing is shared with the test's JVM but files and ports. {@code GLIMMR_*} variables of the
 * test's environment are not passed on; the child gets the ones given and {@code SPARK_LOCAL_IP=127.0.0.1}.
 */
public final class TestingJvm {
    /** What a finished child printed, and how it ended. */
    public record Result(int exit, String out, String err) {}

    private final String mainClass;
    private final List<String> args;
    private final Map<String, String> env;
    private final Path workDir;
    private String heap = "1g";

    private TestingJvm(String mainClass, List<String> args, Map<String, String> env, Path workDir) {
        this.mainClass = mainClass;
        this.args = List.copyOf(args);
        this.env = Map.copyOf(env);
        this.workDir = workDir;
    }

    public static TestingJvm of(Class<?> mainClass, Path workDir, Map<String, String> env, String... args) {
        return new TestingJvm(mainClass.getName(), List.of(args), env, workDir);
    }

    public TestingJvm heap(String xmx) {
        this.heap = xmx;
        return this;
    }

    /** The command line: java, heap, the quick compiler, the spark-submit options, the tests' class path, the main class and arguments. */
    public List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        // the quick compiler only: a child lives seconds to a minute, too short for the optimising compiler to pay
        // for the CPU it takes from the two cores the tests share (the tests check behaviour, not speed)
        command.add("-XX:TieredStopAtLevel=1");
        // which alone shrinks the code cache to 48 MB; a job's generated code can fill that ("Out of space in CodeCache")
        command.add("-XX:ReservedCodeCacheSize=240m");
        for (String option : System.getProperty("glimmr.jvm.opens", "").split(" ")) {
            if (!option.isBlank()) {
                command.add(option);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    private ProcessBuilder builder() {
        ProcessBuilder pb = new ProcessBuilder(command()).directory(workDir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("GLIMMR_"));
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().putAll(env);
        return pb;
    }

    /** Starts the child in the background, its output (both streams) into {@code log}. */
    public Process start(Path log) throws IOException {
        return builder().redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Runs the child to its end with {@code stdin} as its input; fails the test when it takes over 5 minutes. */
    public Result run(String stdin) {
        try {
            Path io = Files.createTempDirectory(workDir, "jvm-");
            Path in = Files.writeString(io.resolve("in.txt"), stdin, StandardCharsets.UTF_8);
            Path out = io.resolve("out.txt");
            Path err = io.resolve("err.txt");
            Process p = builder().redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(mainClass + " " + args + " did not finish within 300 s");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
