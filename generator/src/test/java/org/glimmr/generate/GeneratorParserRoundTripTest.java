package org.glimmr.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.glimmr.mrf.CollectingSink;
import org.glimmr.mrf.FileHeader;
import org.glimmr.mrf.Finding;
import org.glimmr.mrf.Layout;
import org.glimmr.mrf.LocalByteSource;
import org.glimmr.mrf.Mrf;
import org.glimmr.mrf.MrfFile;
import org.glimmr.mrf.RejectReason;
import org.glimmr.mrf.Severity;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs the project's real parsers over generated files: a clean file must give every row, no reject, no error. */
class GeneratorParserRoundTripTest {
    @TempDir
    Path dir;

    static List<Arguments> combinations() {
        List<Arguments> list = new ArrayList<>();
        for (Layout layout : List.of(Layout.CSV_TALL, Layout.CSV_WIDE, Layout.JSON)) {
            for (String version : List.of("2.0.0", "3.0.0")) {
                list.add(Arguments.of(layout, version));
            }
        }
        return list;
    }

    private Path generate(GeneratorOptions options, GenerationReport[] report) throws IOException {
        Path file = dir.resolve(options.layout().value() + "-" + options.templateVersion()
                + (options.layout() == Layout.JSON ? ".json" : ".csv"));
        report[0] = MrfGenerator.writeTo(options, file);
        return file;
    }

    @ParameterizedTest
    @MethodSource("combinations")
    void cleanFileParsesToEveryCanonicalRowWithoutRejectsOrErrors(Layout layout, String version) throws IOException {
        // an odd seed for 3.0.0 makes the CSV date M/D/YYYY, an even one ISO
        GeneratorOptions options = GeneratorOptions.defaults(layout, version).withTargetBytes(200_000)
                .withSeed(version.equals("3.0.0") ? 43 : 42);
        GenerationReport[] report = new GenerationReport[1];
        Path file = generate(options, report);

        MrfFile mrf = Mrf.open(new LocalByteSource(file));
        assertThat(mrf.rejection()).as("whole-file rejection").isEmpty();
        assertThat(mrf.layout()).isEqualTo(layout);
        FileHeader header = mrf.header().orElseThrow();
        assertThat(header.templateVersion()).isEqualTo(version);
        assertThat(header.versionCell()).isEqualTo(version);
        assertThat(header.hospitalName()).isEqualTo(options.hospitalName());
        assertThat(header.licenseState()).contains(options.state());
        assertThat(header.attestation()).contains(true);
        assertThat(header.lastUpdatedOn()).isPresent();

        // small splits, so a file is parsed in several parts where the layout allows
        CollectingSink sink = CollectingSink.parseAll(new LocalByteSource(file), 64 * 1024);
        assertThat(sink.rejected).as("rejected rows").isEmpty();
        assertThat(errors(sink)).as("findings of severity error").isEmpty();
        assertThat((long) sink.rows.size()).as("canonical rows").isEqualTo(report[0].canonicalRows());
        assertThat(sink.rows).allSatisfy(row -> {
            assertThat(row.codes()).isNotEmpty();
            assertThat(row.setting()).isPresent();
        });
        long withPayer = sink.rows.stream().filter(r -> r.payerName().isPresent()).count();
        assertThat(withPayer).isPositive();
        if (version.equals("3.0.0")) {
            assertThat(sink.rows).anySatisfy(r -> assertThat(r.allowedCount()).contains("1 through 10"));
            assertThat(sink.rows).allSatisfy(r -> assertThat(r.estimatedAmount()).isEmpty());
        } else {
            assertThat(sink.rows).anySatisfy(r -> assertThat(r.estimatedAmount()).isPresent());
            assertThat(sink.rows).allSatisfy(r -> assertThat(r.allowedCount()).isEmpty());
        }
    }

    @ParameterizedTest
    @MethodSource("combinations")
    void dirtyFileLeavesOutExactlyTheUnreadableValues(Layout layout, String version) throws IOException {
        GeneratorOptions options = GeneratorOptions.defaults(layout, version).withTargetBytes(200_000)
                .withDirtyRate(0.03);
        GenerationReport[] report = new GenerationReport[1];
        Path file = generate(options, report);
        CollectingSink sink = CollectingSink.parseAll(new LocalByteSource(file), 64 * 1024);
        assertThat(report[0].unreadableValues()).isPositive();
        assertThat(sink.rejected).as("rejected values").hasSize((int) report[0].unreadableValues())
                .allSatisfy(r -> assertThat(r.reason()).isEqualTo(RejectReason.BAD_NUMBER));
        assertThat((long) sink.rows.size()).as("rows kept, every one").isEqualTo(report[0].canonicalRows());
        // CSV: a formatted number is read with InvalidNumberFormat; JSON: a string where the schema wants a number
        // is the schema keyword Type
        assertThat(sink.findings).as("findings").extracting(Finding::rule)
                .contains(layout == Layout.JSON ? "Type" : "InvalidNumberFormat", "PlaceholderValue");
    }

    private static List<Finding> errors(CollectingSink sink) {
        return sink.findings.stream().filter(f -> f.severity() == Severity.ERROR).toList();
    }
}
