package org.glimmr.mrf.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.glimmr.mrf.CmsHptFiles;
import org.glimmr.mrf.CollectingSink;
import org.glimmr.mrf.FileHeader;
import org.glimmr.mrf.LocalByteSource;
import org.glimmr.mrf.Mrf;
import org.glimmr.mrf.MrfFile;
import org.glimmr.mrf.RejectReason;
import org.glimmr.mrf.Severity;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every JSON file of the CMS examples, validator fixtures and real fragments (MANIFEST.tsv) against the CMS
 * validator's verdict: expected-valid files give no rejected rows and as many rows as an independent count made
 * with Jackson's tree model; expected-invalid files give a finding (or rejection) naming the problem the manifest
 * names; the alerts the manifest lists are there; no file throws.
 */
class JsonConformanceTest {
    private static final Pattern PATH = Pattern.compile("(\\.\\.\\.)?(/[A-Za-z0-9_/]+)");
    private static final Pattern REQUIRED_KEY = Pattern.compile("required (\\w+)");
    private static final Pattern ALERTS = Pattern.compile("(\\d+) alerts?");
    private static final Pattern ERRORS = Pattern.compile("(\\d+) errors");

    @TestFactory
    Stream<DynamicTest> everyJsonFileMeetsTheValidatorsVerdict() {
        List<CmsHptFiles.Entry> entries = CmsHptFiles.manifest().stream()
                .filter(e -> e.format().equals("json")).toList();
        assertThat(entries).hasSizeGreaterThan(40);
        return entries.stream().map(e -> DynamicTest.dynamicTest(e.localPath(), () -> check(e)));
    }

    private static void check(CmsHptFiles.Entry entry) throws IOException {
        LocalByteSource source = new LocalByteSource(entry.file());
        MrfFile file = Mrf.open(source);
        CollectingSink sink = CollectingSink.parseAll(source, 1 << 20);
        Optional<Long> independent = independentCount(entry);
        long truncated = sink.rejected.stream().filter(r -> r.reason() == RejectReason.TRUNCATED).count();
        long errors = sink.findings.stream().filter(f -> f.severity() == Severity.ERROR).count();
        long alerts = sink.findings.stream().filter(f -> f.severity() == Severity.ALERT).count();
        System.out.printf("%-100s %-7s rules %-5s rows %4d (tree count %4s) rejected %d (truncated %d) errors %3d "
                        + "alerts %d%n", entry.localPath(), entry.expectedValid() ? "valid" : entry.expectedInvalid()
                        ? "invalid" : "-", file.header().map(FileHeader::templateVersion).orElse("-"), sink.rows.size(),
                independent.map(String::valueOf).orElse("-"), sink.rejected.size(), truncated, errors, alerts);

        String verdict = entry.expectedValidity();
        if (!entry.expectedInvalid()) {
            // valid, and files no validator test covers: everything readable is read
            assertThat(file.rejection()).as("rejection").isEmpty();
            assertThat(sink.rejected).as("rejected rows").isEmpty();
            assertThat(independent).as("tree model count").isPresent();
            assertThat((long) sink.rows.size()).as("rows against an independent count").isEqualTo(independent.get());
        }
        if (entry.expectedValid() && verdict.contains(rulesTested(file))) {
            assertThat(sink.findings).as("errors in a file valid under the rules applied")
                    .noneMatch(f -> f.severity() == Severity.ERROR);
        }
        Matcher alertCount = ALERTS.matcher(verdict);
        boolean tested = entry.expectedValid() || entry.expectedInvalid();
        if (tested && alertCount.find()) {
            assertThat(alerts).as("alerts: " + verdict).isEqualTo(Long.parseLong(alertCount.group(1)));
        }
        if (verdict.contains("Nine 9s")) {
            assertThat(sink.findings).anyMatch(f -> f.rule().equals("NineNines"));
        }
        if (verdict.contains("FalseAttestation") || verdict.contains("FalseAffirmation")) {
            assertThat(sink.findings).anyMatch(f -> f.rule().equals("FalseAttestation"));
        }
        if (verdict.contains("VersionMismatch")) {
            assertThat(sink.findings).anyMatch(f -> f.rule().equals("VersionMismatch") && f.location().equals("/version"));
        }
        if (verdict.contains("estimated_amount no longer required")) {
            assertThat(sink.findings).anyMatch(f -> f.rule().equals("EstimatedAmountInV3"));
        }
        if (entry.expectedInvalid()) {
            invalid(verdict, file, sink, truncated);
        }
    }

    /** The rule set we applied, as the manifest writes it. */
    private static String rulesTested(MrfFile file) {
        return file.header().map(h -> h.templateVersion().equals("3.0.0") ? "v3.0.0" : "v2.2.0").orElse("none");
    }

    private static void invalid(String verdict, MrfFile file, CollectingSink sink, long truncated) {
        if (verdict.contains("InvalidJsonError")) {
            assertThat(truncated > 0 || file.rejection().isPresent()).as("syntax error: truncation or rejection").isTrue();
            return;
        }
        if (verdict.contains("\"{}\"")) {
            Matcher errors = ERRORS.matcher(verdict);
            assertThat(errors.find()).isTrue();
            assertThat(sink.findings).filteredOn(f -> f.rule().equals("Required") && f.location().equals("/"))
                    .hasSize(Integer.parseInt(errors.group(1)));
            return;
        }
        String rule = verdict.contains("must be string") ? "Type"
                : verdict.contains("minLength") ? "MinLength"
                : verdict.contains("enum ") ? "Enum"
                : verdict.contains("anyOf") ? "AnyOf"
                : verdict.contains("required") || verdict.contains("\"then\"") ? "Required"
                : null;
        assertThat(rule).as("a rule named in: " + verdict).isNotNull();
        Matcher path = PATH.matcher(verdict);
        assertThat(path.find()).as("a path in: " + verdict).isTrue();
        boolean suffix = path.group(1) != null;
        String location = path.group(2);
        Matcher key = REQUIRED_KEY.matcher(verdict);
        Optional<String> requiredKey = rule.equals("Required") && key.find() ? Optional.of(key.group(1)) : Optional.empty();
        assertThat(sink.findings).as("a %s finding at %s (%s)", rule, location, verdict).anySatisfy(f -> {
            assertThat(f.rule()).isEqualTo(rule);
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            if (suffix) {
                assertThat(f.location()).endsWith(location);
            } else {
                assertThat(f.location()).isEqualTo(location);
            }
            requiredKey.ifPresent(k -> assertThat(f.message()).contains("\"" + k + "\""));
        });
    }

    /**
     * Rows counted with Jackson databind's tree model, independently of the parser: one per payers_information
     * element, or one per standard_charges element without any. Empty when the file is not JSON at all.
     */
    private static Optional<Long> independentCount(CmsHptFiles.Entry entry) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(entry.file().toFile());
        } catch (IOException e) {
            return Optional.empty();
        }
        if (root.isArray() && root.size() == 1) {
            root = root.get(0);
        }
        long rows = 0;
        for (JsonNode item : root.path("standard_charge_information")) {
            for (JsonNode charge : item.path("standard_charges")) {
                JsonNode payers = charge.path("payers_information");
                rows += payers.isArray() && payers.size() > 0 ? payers.size() : 1;
            }
        }
        return Optional.of(rows);
    }
}
