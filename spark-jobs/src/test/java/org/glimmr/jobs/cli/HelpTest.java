package org.glimmr.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.glimmr.common.testing.TestingCli;
import org.glimmr.jobs.Glimmr;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code glimmr --help} is a door into Glimmr: every command listed with a whole sentence, none cut short. */
class HelpTest {
    /** Every command and subcommand of Glimmr's below {@code cmd} (picocli's own help command aside). */
    private static List<CommandLine> all(CommandLine cmd) {
        List<CommandLine> found = new ArrayList<>();
        for (CommandLine sub : cmd.getSubcommands().values()) {
            if (!found.contains(sub) && !(sub.getCommand() instanceof CommandLine.HelpCommand)) {
                found.add(sub);
                found.addAll(all(sub));
            }
        }
        return found;
    }

    @Test
    void everyCommandHasAWholeOneLineSummary() {
        CommandLine root = Glimmr.commandLine(new Glimmr());
        List<CommandLine> commands = all(root);
        assertThat(commands).hasSizeGreaterThan(20);
        for (CommandLine c : commands) {
            String[] description = c.getCommandSpec().usageMessage().description();
            assertThat(description).as("%s has a description", c.getCommandSpec().qualifiedName()).isNotEmpty();
            String summary = description[0];
            assertThat(summary).as("the summary of %s, shown in its parent's list", c.getCommandSpec().qualifiedName())
                    .endsWith(".").hasSizeLessThan(110).doesNotContain("%n");
        }
    }

    @Test
    void theCommandListShowsEachSummaryWhole() {
        TestingCli.Result help = TestingCli.run(Glimmr.commandLine(new Glimmr()), "--help");
        assertThat(help.exit()).isZero();
        for (CommandLine c : all(Glimmr.commandLine(new Glimmr()))) {
            if (c.getParent().getParent() != null) {
                continue; // subcommands are listed by their group's --help
            }
            String summary = c.getCommandSpec().usageMessage().description()[0];
            String lastWord = summary.substring(summary.lastIndexOf(' ') + 1);
            assertThat(help.out()).as("the list ends %s's summary", c.getCommandSpec().name()).contains(lastWord);
        }
    }
}
