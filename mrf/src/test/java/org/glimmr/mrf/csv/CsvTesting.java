package org.glimmr.mrf.csv;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.glimmr.mrf.ChargeRow;
import org.glimmr.mrf.CollectingSink;
import org.glimmr.mrf.Finding;
import org.glimmr.mrf.LocalByteSource;
import org.glimmr.mrf.Mrf;
import org.glimmr.mrf.MrfFile;
import org.glimmr.mrf.RejectedRow;
import org.glimmr.mrf.Split;
import org.glimmr.mrf.SplitStats;

/** Small inline CSV files for the tests: write, open through {@link Mrf#open}, parse every split, keep everything. */
final class CsvTesting {
    static final String V3_ROW1 = GeneratedCsv.ROW1;
    static final String V3_ROW2 = GeneratedCsv.ROW2;
    static final String AFFIRMATION = "To the best of its knowledge and belief, the hospital has included all applicable"
            + " standard charge information in accordance with the requirements of 45 CFR 180.50, and the information"
            + " encoded is true, accurate, and complete as of the date indicated.";
    static final String V2_ROW1 = "hospital_name,last_updated_on,version,hospital_location,hospital_address,"
            + "license_number|CA,\"" + AFFIRMATION + "\"";
    static final String V2_ROW2 = "West Mercy Hospital,2024-07-01,2.0.0,West Mercy Hospital,\"12 Main St, Fullerton, CA\","
            + "50056,true";
    /** v3 tall item headers, CMS template order. */
    static final String V3_TALL_ROW3 = "description,code|1,code|1|type,modifiers,setting,drug_unit_of_measurement,"
            + "drug_type_of_measurement,standard_charge|gross,standard_charge|discounted_cash,payer_name,plan_name,"
            + "standard_charge|negotiated_dollar,standard_charge|negotiated_percentage,standard_charge|negotiated_algorithm,"
            + "median_amount,10th_percentile,90th_percentile,count,standard_charge|methodology,standard_charge|min,"
            + "standard_charge|max,additional_generic_notes";
    /** v2 tall item headers. */
    static final String V2_TALL_ROW3 = "description,code|1,code|1|type,modifiers,setting,drug_unit_of_measurement,"
            + "drug_type_of_measurement,standard_charge|gross,standard_charge|discounted_cash,payer_name,plan_name,"
            + "standard_charge|negotiated_dollar,standard_charge|negotiated_percentage,standard_charge|negotiated_algorithm,"
            + "estimated_amount,standard_charge|methodology,standard_charge|min,standard_charge|max,additional_generic_notes";

    private CsvTesting() {}

    /** Everything one file gave. */
    record Parsed(MrfFile file, List<Split> splits, CollectingSink sink, SplitStats stats) {
        List<ChargeRow> rows() {
            return sink.rows;
        }

        List<RejectedRow> rejected() {
            return sink.rejected;
        }

        /** File findings and split findings. */
        List<Finding> findings() {
            return sink.findings;
        }

        List<Finding> findings(String rule) {
            return sink.findings.stream().filter(f -> f.rule().equals(rule)).toList();
        }

        List<String> rules() {
            return sink.findings.stream().map(Finding::rule).distinct().sorted().toList();
        }
    }

    static Path write(Path dir, String name, String text) throws IOException {
        return write(dir, name, text.getBytes(StandardCharsets.UTF_8));
    }

    static Path write(Path dir, String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    /** Lines joined with LF, with a final LF. */
    static String lines(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    static Parsed parse(Path file) throws IOException {
        return parse(file, 1L << 30);
    }

    static Parsed parse(Path file, long splitBytes) throws IOException {
        MrfFile mrf = Mrf.open(new LocalByteSource(file));
        CollectingSink sink = new CollectingSink();
        mrf.fileFindings().forEach(sink::finding);
        mrf.rejection().ifPresent(sink::rejected);
        List<Split> splits = mrf.splits(splitBytes);
        SplitStats stats = SplitStats.EMPTY;
        for (Split split : splits) {
            stats = stats.plus(mrf.parse(split, sink));
        }
        return new Parsed(mrf, splits, sink, stats);
    }
}
