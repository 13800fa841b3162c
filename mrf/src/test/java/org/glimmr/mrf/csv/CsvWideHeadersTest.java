package org.glimmr.mrf.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.glimmr.mrf.csv.CsvTesting.V3_ROW1;
import static org.glimmr.mrf.csv.CsvTesting.V3_ROW2;
import static org.glimmr.mrf.csv.CsvTesting.lines;
import static org.glimmr.mrf.csv.CsvTesting.parse;
import static org.glimmr.mrf.csv.CsvTesting.write;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.glimmr.mrf.ChargeRow;
import org.glimmr.mrf.Finding;
import org.glimmr.mrf.Layout;
import org.glimmr.mrf.Severity;
import org.glimmr.mrf.csv.CsvTesting.Parsed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wide payer headers real files write, and that every header Glimmr does not read is named in a finding. */
class CsvWideHeadersTest {
    /** The item columns every file here starts with. */
    private static final String ITEM = "description,code|1,code|1|type,setting,standard_charge|min,standard_charge|max,";
    private static final String ITEM_CELLS = "MRI,70551,CPT,outpatient,100,900,";

    @TempDir
    Path dir;

    private static List<String> dollarColumns(String... middles) {
        return java.util.Arrays.stream(middles).flatMap(m -> java.util.stream.Stream.of(
                "standard_charge|" + m + "|negotiated_dollar", "standard_charge|" + m + "|methodology")).toList();
    }

    private Parsed wide(String name, List<String> payerColumns, String payerCells) throws IOException {
        String row3 = ITEM + payerColumns.stream().map(c -> c.contains(",") ? "\"" + c + "\"" : c)
                .collect(java.util.stream.Collectors.joining(","));
        return parse(write(dir, name, lines(V3_ROW1, V3_ROW2, row3, ITEM_CELLS + payerCells)));
    }

    /** The findings about headers, less the columns these small files leave out (HeaderColumnMissing). */
    private static List<Finding> headerFindings(Parsed p) {
        return p.findings().stream().filter(f -> f.location().startsWith("line 3"))
                .filter(f -> !f.rule().equals("HeaderColumnMissing")).toList();
    }

    @Test
    void aPayerNameHoldingAPipeNextToAPlan() throws IOException {
        Parsed p = wide("pipe-plan.csv", dollarColumns("Aetna|PPO", "Cigna|HMO", "Blue Cross|Blue Shield|PPO",
                "Aetna|Medicare|Advantage"), "1,other,2,other,3,other,4,other");

        assertThat(p.file().layout()).isEqualTo(Layout.CSV_WIDE);
        assertThat(p.rows()).extracting(ChargeRow::payerName, ChargeRow::planName, ChargeRow::negotiatedDollar)
                .containsExactly(
                        tuple(Optional.of("Aetna"), Optional.of("PPO"), Optional.of(new BigDecimal("1"))),
                        tuple(Optional.of("Cigna"), Optional.of("HMO"), Optional.of(new BigDecimal("2"))),
                        tuple(Optional.of("Blue Cross|Blue Shield"), Optional.of("PPO"), Optional.of(new BigDecimal("3"))),
                        tuple(Optional.of("Aetna"), Optional.of("Medicare|Advantage"), Optional.of(new BigDecimal("4"))));
        assertThat(p.findings("AmbiguousPayerPlan")).as("each guessed group named, with how it was read")
                .extracting(Finding::message).satisfiesExactly(
                        m -> assertThat(m).contains("\"standard_charge|Blue Cross|Blue Shield|PPO|negotiated_dollar\"")
                                .contains("payer \"Blue Cross|Blue Shield\", plan \"PPO\"")
                                .contains("\"PPO\" is the plan of another group"),
                        m -> assertThat(m).contains("\"standard_charge|Aetna|Medicare|Advantage|negotiated_dollar\"")
                                .contains("payer \"Aetna\", plan \"Medicare|Advantage\"")
                                .contains("\"Aetna\" is the payer of another group"));
        assertThat(p.findings("AmbiguousPayerPlan")).allMatch(f -> f.severity() == Severity.ALERT);
        assertThat(p.findings("UnmappedColumn")).isEmpty();
    }

    @Test
    void aPayerNameHoldingAPipeWithoutAPlan() throws IOException {
        Parsed p = wide("pipe-noplan.csv", dollarColumns("Aetna", "Cigna", "Blue Cross|Blue Shield"),
                "1,other,2,other,3,other");

        assertThat(p.rows()).extracting(ChargeRow::payerName, ChargeRow::planName).containsExactly(
                tuple(Optional.of("Aetna"), Optional.empty()), tuple(Optional.of("Cigna"), Optional.empty()),
                tuple(Optional.of("Blue Cross|Blue Shield"), Optional.empty()));
        assertThat(p.findings("AmbiguousPayerPlan")).singleElement().extracting(Finding::message).asString()
                .contains("payer \"Blue Cross|Blue Shield\" without a plan").contains("without a plan, so the whole");
    }

    @Test
    void twoPartsAreAPayerAndAPlanAsTheTemplateWritesThem() throws IOException {
        // one payer without a plan among payers with plans changes nothing
        Parsed p = wide("template.csv", dollarColumns("Aetna|PPO", "Self Pay"), "1,other,2,other");

        assertThat(p.rows()).extracting(ChargeRow::payerName, ChargeRow::planName).containsExactly(
                tuple(Optional.of("Aetna"), Optional.of("PPO")), tuple(Optional.of("Self Pay"), Optional.empty()));
        assertThat(headerFindings(p)).isEmpty();
    }

    @Test
    void squareBracketsSettleWhereAPayerEnds() throws IOException {
        Parsed p = wide("brackets.csv", dollarColumns("[Blue Cross|Blue Shield]|[PPO]", "[Aetna]|[HMO]"),
                "3,other,4,other");

        assertThat(p.rows()).extracting(ChargeRow::payerName, ChargeRow::planName).containsExactly(
                tuple(Optional.of("Blue Cross|Blue Shield"), Optional.of("PPO")), tuple(Optional.of("Aetna"), Optional.of("HMO")));
        assertThat(headerFindings(p)).isEmpty();
    }

    @Test
    void trailingNoBreakSpacesFromWindows1252AndMixedCaseAreOneGroup() throws IOException {
        // 0xA0 is a no-break space in Windows-1252: the file is not UTF-8, so it is read as U+00A0
        String row3 = "Description\u00A0,code|1,code|1|type,setting,standard_charge|min,standard_charge|max,"
                + "Standard_Charge|Aetna|PPO|Negotiated_Dollar\u00A0,STANDARD_CHARGE | aetna\u00A0| ppo |METHODOLOGY,"
                + "median_amount|Aetna|PPO\u00A0\u00A0";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(lines(V3_ROW1, V3_ROW2, row3, ITEM_CELLS + "120.50,Fee Schedule,118").getBytes(
                java.nio.charset.Charset.forName("windows-1252")));
        Parsed p = parse(write(dir, "nbsp.csv", bytes.toByteArray()));

        assertThat(p.stats().encodingRepairs()).as("read as Windows-1252").isPositive();
        assertThat(p.rows()).extracting(ChargeRow::description, ChargeRow::payerName, ChargeRow::planName,
                ChargeRow::negotiatedDollar, ChargeRow::methodology, ChargeRow::medianAmount).containsExactly(
                tuple("MRI", Optional.of("Aetna"), Optional.of("PPO"), Optional.of(new BigDecimal("120.50")),
                        Optional.of("fee schedule"), Optional.of(new BigDecimal("118"))));
        assertThat(p.findings("UnmappedColumn")).isEmpty();
        assertThat(p.findings("DuplicateHeaderColumn")).isEmpty();
    }

    @Test
    void everyColumnNotReadIsAFindingThatNamesIt() throws IOException {
        List<String> columns = List.of("standard_charge|Aetna|PPO|negotiated_dollar", "standard_charge|Aetna|PPO|methodology",
                "my_own_notes", "standard_charge|Humana|Gold|negotiated_dollars", "standard_charge|Humana|Gold|methodologie",
                "standard_charge|||negotiated_dollar", "payer_name", "modifiers", "modifier");
        Parsed p = wide("unmapped.csv", columns, "1,other,note,5,other,6,X,,");

        assertThat(p.rows()).extracting(ChargeRow::payerName, ChargeRow::negotiatedDollar)
                .containsExactly(tuple(Optional.of("Aetna"), Optional.of(new BigDecimal("1"))));
        assertThat(p.findings("UnmappedColumn")).as("one per column not read, each naming it")
                .extracting(Finding::location).containsExactly(
                        "line 3, column \"my_own_notes\"",
                        "line 3, column \"standard_charge|Humana|Gold|negotiated_dollars\"",
                        "line 3, column \"standard_charge|Humana|Gold|methodologie\"",
                        "line 3, column \"standard_charge|||negotiated_dollar\"",
                        "line 3, column \"payer_name\"",
                        "line 3, column \"modifier\"");
        assertThat(p.findings("UnmappedColumn")).extracting(Finding::message).satisfiesExactly(
                m -> assertThat(m).startsWith("column 9, \"my_own_notes\", is not read").contains("not a column of the CMS templates"),
                m -> assertThat(m).contains("looks like a payer column"),
                m -> assertThat(m).contains("looks like a payer column"),
                m -> assertThat(m).contains("names no payer and no plan"),
                m -> assertThat(m).contains("tall layout"),
                m -> assertThat(m).contains("modifiers column is read instead"));
        assertThat(p.findings("UnmappedColumn")).allMatch(f -> f.severity() == Severity.ALERT);
    }

    @Test
    void unmappedColumnsAreNamedBeyondTheCapOfOtherRules() throws IOException {
        List<String> columns = new java.util.ArrayList<>(dollarColumns("Aetna|PPO"));
        for (int i = 0; i < 2 * org.glimmr.mrf.Findings.PER_RULE; i++) {
            columns.add("extra_" + i);
        }
        Parsed p = wide("many.csv", columns, "1,other");

        assertThat(p.findings("UnmappedColumn")).hasSize(2 * org.glimmr.mrf.Findings.PER_RULE);
        assertThat(p.rows()).hasSize(1);
    }

    @Test
    void headerCellsAreCleanedOfUnicodeSpaces() {
        assertThat(CsvVocabulary.clean("\u00A0 standard_charge|gross\u202F\u2007\t")).isEqualTo("standard_charge|gross");
        assertThat(CsvVocabulary.clean("Blue\u00A0Cross")).isEqualTo("Blue Cross");
        assertThat(CsvVocabulary.clean("\uFEFFdescription\u200B")).isEqualTo("description");
        assertThat(WideHeaders.parts(" [A|B] | [C] ")).containsExactly("A|B", "C");
        assertThat(WideHeaders.parts("MEDICARE [2001]|PPO")).containsExactly("MEDICARE [2001]", "PPO");
        assertThat(WideHeaders.parts("A [x|B")).as("unpaired brackets: every | cuts").containsExactly("A [x", "B");
    }
}
