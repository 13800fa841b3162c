package org.glimmr.common.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs a command line in this JVM, as its real entry point does, and keeps what it printed. */
public final class TestingCli {
    /** Exit code, standard output and standard error of one run. */
    public record Result(int exit, String out, String err) {}

    private TestingCli() {}

    public static Result run(CommandLine cmd, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int exit = cmd.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }
}
