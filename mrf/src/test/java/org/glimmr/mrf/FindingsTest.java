package org.glimmr.mrf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FindingsTest {
    @Test
    void listsTheFirstHundredOfARuleAndSaysHowManyMoreThereWere() {
        CollectingSink sink = new CollectingSink();
        Findings findings = new Findings(sink);
        for (int i = 0; i < 250; i++) {
            findings.add(finding(Rule.REQUIRED_VALUE, i));
        }
        findings.add(finding(Rule.INVALID_DATE, 0));
        assertThat(sink.findings).as("listed before finish").hasSize(Findings.PER_RULE + 1);
        assertThat(findings.finish("lines 4–253")).as("emitted in all").isEqualTo(Findings.PER_RULE + 2);
        assertThat(sink.findings.get(sink.findings.size() - 1)).isEqualTo(new Finding("RequiredValue", Severity.ERROR,
                "lines 4–253", "150 more findings of rule RequiredValue in this part of the file were not listed"
                        + " (250 in all)"));
    }

    @Test
    void acceptSaysWhetherToBuildAFindingAndCountsTheOnesPastTheCap() {
        CollectingSink sink = new CollectingSink();
        Findings findings = new Findings(sink);
        int built = 0;
        for (int i = 0; i < 250; i++) {
            if (findings.accept(Rule.NINE_NINES)) {
                findings.add(new Finding(Rule.NINE_NINES, Severity.ALERT, "line " + i, "nine 9s"));
                built++;
            }
        }
        assertThat(built).as("findings built").isEqualTo(Findings.PER_RULE);
        assertThat(findings.accept(Rule.INVALID_DATE)).as("another rule has its own count").isTrue();
        findings.finish("lines");
        assertThat(sink.findings).last().extracting(Finding::rule, Finding::severity, Finding::message)
                .containsExactly("NineNines", Severity.ALERT, "150 more findings of rule NineNines in this part of"
                        + " the file were not listed (250 in all)");
    }

    @Test
    void acceptAndAddTogetherGiveWhatAddAloneGives() {
        CollectingSink alone = new CollectingSink();
        Findings addOnly = new Findings(alone);
        CollectingSink asked = new CollectingSink();
        Findings acceptFirst = new Findings(asked);
        for (int i = 0; i < 300; i++) {
            Rule rule = i % 3 == 0 ? Rule.INVALID_ENUM : Rule.REQUIRED_VALUE;
            addOnly.add(finding(rule, i));
            if (acceptFirst.accept(rule)) {
                acceptFirst.add(finding(rule, i));
            }
        }
        assertThat(acceptFirst.finish("end")).isEqualTo(addOnly.finish("end"));
        assertThat(asked.findings).containsExactlyElementsOf(alone.findings);
    }

    @Test
    void callersOwnIdsAreCappedToo() {
        CollectingSink sink = new CollectingSink();
        Findings findings = new Findings(sink);
        for (int i = 0; i < 101; i++) {
            findings.add(new Finding("IngestFailure", Severity.ERROR, "part " + i, "failed"));
        }
        findings.finish("file");
        assertThat(sink.findings).hasSize(Findings.PER_RULE + 1);
        assertThat(sink.findings).last().extracting(Finding::message).asString().startsWith("1 more findings");
    }

    @Test
    void aListTakesTheFindingsOfChecksWithoutRows() {
        List<Finding> listed = new ArrayList<>();
        Findings findings = new Findings(listed::add);
        for (int i = 0; i < 102; i++) {
            findings.add(finding(Rule.DUPLICATE_HEADER_COLUMN, i));
        }
        assertThat(findings.finish("line 3")).isEqualTo(Findings.PER_RULE + 1);
        assertThat(listed).hasSize(Findings.PER_RULE + 1);
        assertThat(listed.get(Findings.PER_RULE).message()).startsWith("2 more findings of rule DuplicateHeaderColumn");
    }

    private static Finding finding(Rule rule, int line) {
        return new Finding(rule, Severity.ERROR, "line " + line, "message " + line);
    }
}
