package org.glimmr.jobs.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands ({@code glimmr tables create}, {@code glimmr payers unmatched}, …): run
 * alone it prints its usage. Its subcommands reach the shared session and configuration through {@link #glimmr}.
 */
public abstract class CommandGroup implements Callable<Integer> {
    @ParentCommand
    protected CommandContext glimmr;

    @Spec
    protected CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }
}
