package org.glimmr.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.glimmr.mrf.Code;
import org.glimmr.mrf.CodeFix;
import org.glimmr.mrf.Finding;
import org.glimmr.mrf.ItemCodes;
import org.glimmr.mrf.Severity;
import org.junit.jupiter.api.Test;

/** The code fixes of a file's parts add up to one alert per kind of fix, in the order of {@link CodeFix}. */
class CodeFixCountsTest {
    private static Map<CodeFix, CodeFixCounts.Count> part(List<Code> codes, int rows) {
        CodeFixCounts counts = new CodeFixCounts();
        ItemCodes item = ItemCodes.of(codes);
        for (int i = 0; i < rows; i++) {
            counts.add(item);
        }
        return counts.counts();
    }

    @Test
    void thePartsAddUpToOneAlertPerKindOfFix() {
        Map<CodeFix, CodeFixCounts.Count> first = part(List.of(new Code("99213", "HCPCS")), 3);
        Map<CodeFix, CodeFixCounts.Count> second = part(List.of(new Code("10019-553-03 [293981]", "NDC"),
                new Code("77066", "HCPCS")), 2);
        Map<CodeFix, CodeFixCounts.Count> clean = part(List.of(new Code("99213", "CPT")), 7);
        assertThat(clean).as("a code published as normalised counts nothing").isEmpty();

        List<Finding> findings = CodeFixCounts.findings(CodeFixCounts.sum(List.of(first, clean, second)));

        assertThat(findings).extracting(Finding::rule).containsExactly("CodeReadAsCpt", "CodeInternalId", "NdcTo11Digits");
        assertThat(findings).allSatisfy(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ALERT);
            assertThat(f.location()).isEqualTo("file");
        });
        assertThat(findings.get(0).message()).as("rows of both parts, the first part's example")
                .startsWith("5 rows: a CPT code").contains("e.g. HCPCS \"99213\" -> CPT \"99213\"");
        assertThat(findings.get(1).message()).startsWith("2 rows: ")
                .contains("NDC \"10019-553-03 [293981]\" -> NDC \"10019-0553-03\" and internal id 293981");
    }

    @Test
    void noFixesNoFindings() {
        assertThat(CodeFixCounts.findings(CodeFixCounts.sum(List.of()))).isEmpty();
    }
}
