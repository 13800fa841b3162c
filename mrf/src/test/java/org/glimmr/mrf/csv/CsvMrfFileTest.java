package org.glimmr.mrf.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.glimmr.mrf.csv.CsvTesting.V2_ROW1;
import static org.glimmr.mrf.csv.CsvTesting.V2_ROW2;
import static org.glimmr.mrf.csv.CsvTesting.V2_TALL_ROW3;
import static org.glimmr.mrf.csv.CsvTesting.V3_ROW1;
import static org.glimmr.mrf.csv.CsvTesting.V3_ROW2;
import static org.glimmr.mrf.csv.CsvTesting.V3_TALL_ROW3;
import static org.glimmr.mrf.csv.CsvTesting.lines;
import static org.glimmr.mrf.csv.CsvTesting.parse;
import static org.glimmr.mrf.csv.CsvTesting.write;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.glimmr.mrf.ChargeRow;
import org.glimmr.mrf.FileHeader;
import org.glimmr.mrf.Finding;
import org.glimmr.mrf.Layout;
import org.glimmr.mrf.RejectReason;
import org.glimmr.mrf.RejectedRow;
import org.glimmr.mrf.Severity;
import org.glimmr.mrf.csv.CsvTesting.Parsed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvMrfFileTest {
    private static final String MRI = "MRI of brain,70551,CPT,,outpatient,,,1200,1080,Platform Health,PPO,400,,,,,,,"
            + "fee schedule,250,400,";

    @TempDir
    Path dir;

    private static ExpectedRow mri(long line) {
        return ExpectedRow.at(line).description("MRI of brain").code("70551", "CPT").setting("outpatient").gross("1200")
                .cash("1080").payer("Platform Health", "PPO").dollar("400").methodology("fee schedule").minMax("250", "400");
    }

    @Test
    void readsAV3TallFileExactly() throws IOException {
        Parsed p = parse(write(dir, "a.csv", lines(V3_ROW1, V3_ROW2, V3_TALL_ROW3, MRI,
                "Knee brace,L1810,HCPCS,,both,,,300,,Region Health,HMO,,70.5,,120,100,150,1 through 10,"
                        + "percent of total billed charges,,,\"note, with comma\"")));

        assertThat(p.file().rejection()).isEmpty();
        assertThat(p.file().layout()).isEqualTo(Layout.CSV_TALL);
        assertThat(p.file().header()).contains(new FileHeader(Layout.CSV_TALL, "3.0.0", "3.0.0", "Generated Hospital",
                Optional.of("2026-01-01"), List.of("Generated Hospital"), List.of("1 Main St, Town, CA 90000"),
                Optional.of("12345"), Optional.of("CA"), List.of("1234567890"), Optional.of(true), Optional.of("Pat Doe")));
        assertThat(p.rows()).containsExactly(mri(4).build(),
                ExpectedRow.at(5).description("Knee brace").code("L1810", "HCPCS").setting("both").gross("300")
                        .payer("Region Health", "HMO").percentage("70.5").allowed("120", "100", "150", "1 through 10")
                        .methodology("percent of total billed charges").genericNotes("note, with comma").build());
        assertThat(p.findings()).isEmpty();
        assertThat(p.rejected()).isEmpty();
        assertThat(p.stats().rows()).isEqualTo(2);
    }

    @Test
    void bomAndWindows1252BytesAreRepairedAndCounted() throws IOException {
        String text = lines(V3_ROW1, V3_ROW2, V3_TALL_ROW3, MRI.replace("MRI of brain", "Patient#s gown"));
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(0xEF);
        bytes.write(0xBB);
        bytes.write(0xBF);
        for (byte b : utf8) {
            bytes.write(b == '#' ? 0x92 : b);
        }
        Parsed p = parse(write(dir, "bom.csv", bytes.toByteArray()));

        assertThat(p.file().header().orElseThrow().hospitalName()).isEqualTo("Generated Hospital");
        assertThat(p.file().fileFindings()).isEmpty();
        assertThat(p.rows()).extracting(ChargeRow::description).containsExactly("Patient\u2019s gown");
        assertThat(p.stats().encodingRepairs()).isEqualTo(1);
    }

    @Test
    void lineEndsMixedAndQuotedLineBreaksKeepSourceLinesRight() throws IOException {
        String text = V3_ROW1 + "\r\n" + V3_ROW2 + "\r\n" + V3_TALL_ROW3 + "\r\n"
                + MRI.replace("MRI of brain", "\"Two\nlines\"") + "\n"
                + MRI + "\r\n"
                + "\r\n"
                + ",,,,,,,,,,,,,,,,,,,,,\n"
                + MRI.replace("MRI of brain", "\"a\r\nb\rc\"") + "\r"
                + MRI;
        Parsed p = parse(write(dir, "lines.csv", text));

        assertThat(p.rows()).extracting(ChargeRow::sourceLine).containsExactly(Optional.of(4L), Optional.of(6L),
                Optional.of(9L), Optional.of(12L));
        assertThat(p.rows()).extracting(ChargeRow::description).containsExactly("Two\nlines", "MRI of brain", "a\r\nb\rc",
                "MRI of brain");
        assertThat(p.rejected()).isEmpty();
    }

    @Test
    void fullyQuotedRowsReadLikeUnquotedOnes() throws IOException {
        String quotedHeader = "\"" + V3_TALL_ROW3.replace(",", "\",\"") + "\"";
        String quotedRow = "\"" + MRI.replace(",", "\",\"") + "\"";
        Parsed p = parse(write(dir, "quoted.csv", lines(V3_ROW1, V3_ROW2, quotedHeader, quotedRow)));

        assertThat(quotedRow).startsWith("\"MRI of brain\",\"70551\",\"CPT\",\"\",").endsWith(",\"\"");
        assertThat(p.rows()).containsExactly(mri(4).build());
        assertThat(p.findings()).isEmpty();
    }

    @Test
    void paddedRowsBlankHeaderCellsAndShortRows() throws IOException {
        String pad = ",".repeat(400);
        String row3 = V3_TALL_ROW3.replace("description,", "description,,") + ",,";
        Parsed p = parse(write(dir, "pad.csv", lines(V3_ROW1 + pad, V3_ROW2 + pad, row3,
                MRI.replace("MRI of brain,", "MRI of brain,ignored under a blank header,") + ",,",
                "Short row,,70551,CPT")));

        assertThat(p.file().fileFindings()).isEmpty();
        assertThat(p.rejected()).isEmpty();
        assertThat(p.rows()).containsExactly(mri(4).build(),
                ExpectedRow.at(5).description("Short row").code("70551", "CPT").build());
        assertThat(p.findings()).extracting(Finding::rule, Finding::location).containsExactly(
                org.assertj.core.groups.Tuple.tuple("RequiredValue", "line 5, column \"setting\""),
                org.assertj.core.groups.Tuple.tuple("ItemRequiresCharge", "line 5, column \"standard_charge|gross\""));
    }

    @Test
    void headersMatchIgnoringCaseSpacesAndOrder() throws IOException {
        String row1 = "Hospital_Name,type_2_npi,License_Number | GA,Last_Updated_On,VERSION,Location_Name,"
                + "hospital_address,Attester_Name,\"" + GeneratedCsv.ATTESTATION.toUpperCase() + "\"";
        String row2 = "Grady,\" 1992799050 | 1234567893 \",060-641,1/5/2026,3.0,Grady Memorial|Grady North,"
                + "\"80 Jesse Hill Jr Dr SE|1 North Rd\",D'Andrea Morning,True";
        String row3 = "Standard_Charge | Gross,Description,Code | 1 | Type,Code | 1,SETTING,Payer_Name,Plan_Name,"
                + "Standard_Charge|Negotiated_Dollar,standard_charge | negotiated_percentage,"
                + "standard_charge|negotiated_algorithm,Median_Amount,10th_Percentile,90th_percentile,COUNT,"
                + "standard_charge | methodology,standard_charge|min,standard_charge|max,additional_generic_notes,"
                + "modifiers,drug_unit_of_measurement,drug_type_of_measurement,standard_charge|discounted_cash,"
                + "Billing_Class,my_own_column";
        Parsed p = parse(write(dir, "case.csv", lines(row1, row2, row3,
                "99.50,Office visit,cpt,99213,Outpatient,Aetna,Commercial,80,,,,,,,FEE SCHEDULE,70,90,,,,,,"
                        + "Professional,whatever")));

        FileHeader h = p.file().header().orElseThrow();
        assertThat(h.licenseState()).contains("GA");
        assertThat(h.licenseNumber()).contains("060-641");
        assertThat(h.type2Npis()).containsExactly("1992799050", "1234567893");
        assertThat(h.locationNames()).containsExactly("Grady Memorial", "Grady North");
        assertThat(h.addresses()).containsExactly("80 Jesse Hill Jr Dr SE", "1 North Rd");
        assertThat(h.lastUpdatedOn()).contains("2026-01-05");
        assertThat(h.attestation()).contains(true);
        assertThat(h.versionCell()).isEqualTo("3.0");
        assertThat(h.templateVersion()).isEqualTo("3.0.0");
        assertThat(p.file().fileFindings()).extracting(Finding::rule, Finding::location)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("UnmappedColumn", "line 3, column \"my_own_column\""));
        assertThat(p.rows()).containsExactly(ExpectedRow.at(4).description("Office visit").code("99213", "CPT")
                .setting("outpatient").gross("99.50").payer("Aetna", "Commercial").dollar("80")
                .methodology("fee schedule").minMax("70", "90").billingClass("professional").build());
        assertThat(p.findings()).containsExactlyElementsOf(p.file().fileFindings());
    }

    @Test
    void wideHeadersWithBracketsCommasUnderscoresAndNoPlan() throws IOException {
        String row3 = "description,code|1,code|1|type,setting,standard_charge|gross,standard_charge|discounted_cash,"
                + "standard_charge|min,standard_charge|max,additional_generic_notes,"
                + "\"standard_charge|[KAISER FOUNDATION HEALTH PLAN, INC.]|[COMMERCIAL]|negotiated_dollar\","
                + "\"standard_charge|[KAISER FOUNDATION HEALTH PLAN, INC.]|[COMMERCIAL]|methodology\","
                + "standard_charge|Platform_Health_Insurance|PPO|negotiated_dollar,"
                + "standard_charge | platform_health_insurance | ppo | methodology,"
                + "10th_percentile|PromptPay_Domestic,standard_charge|PromptPay_Domestic|negotiated_percentage,"
                + "standard_charge|PromptPay_Domestic|methodology,count|PromptPay_Domestic,"
                + "median_amount|PromptPay_Domestic,90th_percentile|PromptPay_Domestic";
        Parsed p = parse(write(dir, "wide.csv", lines(V3_ROW1, V3_ROW2, row3,
                "Hip replacement,470,MS-DRG,inpatient,,,400,500,,500,case rate,,,100,80,percent of total billed charges,"
                        + "25,110,130",
                "Aspirin,A100,LOCAL,outpatient,2,,,,,,,,,,,,,,",
                "Consult,99213,CPT,outpatient,150,,90,90,,,,90,Fee Schedule,,,,,,")));

        assertThat(p.file().layout()).isEqualTo(Layout.CSV_WIDE);
        assertThat(p.rows()).containsExactly(
                ExpectedRow.at(4).description("Hip replacement").code("470", "MS-DRG").setting("inpatient")
                        .minMax("400", "500").payer("KAISER FOUNDATION HEALTH PLAN, INC.", "COMMERCIAL").dollar("500")
                        .methodology("case rate").build(),
                ExpectedRow.at(4).description("Hip replacement").code("470", "MS-DRG").setting("inpatient")
                        .minMax("400", "500").payer("PromptPay_Domestic", null).percentage("80")
                        .methodology("percent of total billed charges").allowed("110", "100", "130", "25").build(),
                ExpectedRow.at(5).description("Aspirin").code("A100", "LOCAL").setting("outpatient").gross("2").build(),
                ExpectedRow.at(6).description("Consult").code("99213", "CPT").setting("outpatient").gross("150")
                        .minMax("90", "90").payer("Platform_Health_Insurance", "PPO").dollar("90")
                        .methodology("fee schedule").build());
        assertThat(p.rejected()).isEmpty();
        assertThat(p.findings()).extracting(Finding::rule).containsOnly("HeaderColumnMissing");
    }

    @Test
    void multiValueCodeCellsAndLeadingZeros() throws IOException {
        String row3 = V3_TALL_ROW3.replace("code|1,code|1|type,", "code|1,code|1|type,code|2,code|2|type,");
        Parsed p = parse(write(dir, "codes.csv", lines(V3_ROW1, V3_ROW2, row3,
                MRI.replace("70551,CPT,", "H2036/H0018,HCPCS,0128,rc,"),
                MRI.replace("70551,CPT,", "99213/G0463,CPT,,,"))));

        assertThat(p.rows()).extracting(ChargeRow::codes).containsExactly(
                List.of(new org.glimmr.mrf.Code("H2036", "HCPCS"), new org.glimmr.mrf.Code("H0018", "HCPCS"),
                        new org.glimmr.mrf.Code("0128", "RC")),
                List.of(new org.glimmr.mrf.Code("99213/G0463", "CPT")));
        assertThat(p.rows().get(0).primaryCode()).contains(new org.glimmr.mrf.Code("H2036", "HCPCS"));
    }

    @Test
    void formattedNumbersAreReadWithAFindingAndPlaceholdersAreEmpty() throws IOException {
        Parsed p = parse(write(dir, "money.csv", lines(V3_ROW1, V3_ROW2, V3_TALL_ROW3,
                MRI.replace("1200,1080", "\"$1,234.00\",N/A"))));

        assertThat(p.rows()).containsExactly(mri(4).gross("1234.00").cash(null).build());
        assertThat(p.findings()).extracting(Finding::rule, Finding::severity, Finding::location).containsExactly(
                org.assertj.core.groups.Tuple.tuple("InvalidNumberFormat", Severity.ERROR,
                        "line 4, column \"standard_charge|gross\""),
                org.assertj.core.groups.Tuple.tuple("PlaceholderValue", Severity.ALERT,
                        "line 4, column \"standard_charge|discounted_cash\""));
    }

    @Test
    void zeroAndNegativeNumbersAreKeptWithAFinding() throws IOException {
        Parsed p = parse(write(dir, "zero.csv", lines(V3_ROW1, V3_ROW2, V3_TALL_ROW3, MRI.replace("1200,1080", "0,-5"))));

        assertThat(p.rows()).containsExactly(mri(4).gross("0").cash("-5").build());
        assertThat(p.findings("NonPositiveNumber")).hasSize(2);
        assertThat(p.findings("InvalidNumberFormat")).hasSize(1);
    }

    @Test
    void aCellThatIsNotANumberIsLeftOutAndTheRowKept() throws IOException {
        String bad = MRI.replace("1200,1080", "12.3.4,1080");
        Parsed p = parse(write(dir, "bad.csv", lines(V3_ROW1, V3_ROW2, V3_TALL_ROW3, MRI, bad, MRI)));

        assertThat(p.rows()).containsExactly(mri(4).build(), mri(5).gross(null).build(), mri(6).build());
        assertThat(p.rejected()).hasSize(1);
        RejectedRow r = p.rejected().get(0);
        assertThat(r.reason()).isEqualTo(RejectReason.BAD_NUMBER);
        assertThat(r.reason().valueOnly()).isTrue();
        assertThat(r.location()).isEqualTo("line 5, column \"standard_charge|gross\"");
        assertThat(r.raw()).as("the value, not the record").isEqualTo("12.3.4");
        assertThat(r.message()).contains("\"12.3.4\"").contains("not a number").contains("left out");
        assertThat(p.stats().rejected()).isEqualTo(1);
        assertThat(p.stats().rows()).isEqualTo(3);
        assertThat(p.findings("InvalidNumberFormat")).extracting(Finding::location)
                .containsExactly("line 5, column \"standard_charge|gross\"");
    }

    @Test
    void aBadItemNumberInAWideRowIsLeftOutOnceAndEveryGroupKept() throws IOException {
        String row3 = "description,code|1,code|1|type,setting,standard_charge|gross,standard_charge|min,"
                + "standard_charge|max,standard_charge|A|P|negotiated_dollar,standard_charge|A|P|methodology,"
                + "standard_charge|B|Q|negotiated_dollar,standard_charge|B|Q|methodology";
        Parsed p = parse(write(dir, "wi.csv", lines(V3_ROW1, V3_ROW2, row3, "X,1,CPT,both,lots,5,9,3,other,7,other")));

        assertThat(p.rows()).extracting(ChargeRow::payerName, ChargeRow::negotiatedDollar, ChargeRow::grossCharge,
                ChargeRow::minimum).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Optional.of("A"), Optional.of(new java.math.BigDecimal("3")),
                        Optional.empty(), Optional.of(new java.math.BigDecimal("5"))),
                org.assertj.core.groups.Tuple.tuple(Optional.of("B"), Optional.of(new java.math.BigDecimal("7")),
                        Optional.empty(), Optional.of(new java.math.BigDecimal("5"))));
        assertThat(p.rejected()).extracting(RejectedRow::location, RejectedRow::raw)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("line 4, column \"standard_charge|gross\"", "lots"));
    }

    @Test
    void aBadNumberInOneWideGroupIsLeftOutOfThatGroupOnly() throws IOException {
        String row3 = "description,code|1,code|1|type,setting,standard_charge|gross,standard_charge|min,"
                + "standard_charge|max,standard_charge|A|P|negotiated_dollar,standard_charge|A|P|negotiated_percentage,"
                + "standard_charge|A|P|methodology,standard_charge|B|Q|negotiated_dollar,standard_charge|B|Q|methodology";
        Parsed p = parse(write(dir, "wb.csv", lines(V3_ROW1, V3_ROW2, row3,
                "X,1,CPT,both,,5,9,120,Per Diem,per diem,7,other")));

        assertThat(p.rows()).extracting(ChargeRow::payerName, ChargeRow::negotiatedDollar,
                ChargeRow::negotiatedPercentage, ChargeRow::methodology).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Optional.of("A"), Optional.of(new java.math.BigDecimal("120")),
                        Optional.empty(), Optional.of("per diem")),
                org.assertj.core.groups.Tuple.tuple(Optional.of("B"), Optional.of(new java.math.BigDecimal("7")),
                        Optional.empty(), Optional.of("other")));
        assertThat(p.rejected()).extracting(RejectedRow::reason, RejectedRow::location, RejectedRow::raw).containsExactly(
                org.assertj.core.groups.Tuple.tuple(RejectReason.BAD_NUMBER,
                        "line 4, column \"standard_charge|A|P|negotiated_percentage\"", "Per Diem"));
    }

    @Test
    void rowsLongerThanTheHeaderAreRejectedUnlessTheExtraCellsAreBlank() throws IOException {
        String tooLong = MRI + ",shifted value";
        Parsed p = parse(write(dir, "long.csv", lines(V3_ROW1, V3_ROW2, V3_TALL_ROW3, MRI + ",,  ,", tooLong)));

        assertThat(p.rows()).containsExactly(mri(4).build());
        assertThat(p.rejected()).extracting(RejectedRow::reason, RejectedRow::location, RejectedRow::raw)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(RejectReason.ROW_TOO_LONG, "line 5", tooLong));
        assertThat(p.rejected().get(0).message()).contains("23 cells").contains("22 columns");
    }

    @Test
    void anUnterminatedQuoteAtTheEndIsAMalformedRecord() throws IOException {
        Parsed p = parse(write(dir, "q.csv", lines(V3_ROW1, V3_ROW2, V3_TALL_ROW3, MRI) + "\"Never closed,1,CPT\nmore"));

        assertThat(p.rows()).hasSize(1);
        assertThat(p.rejected()).extracting(RejectedRow::reason, RejectedRow::location, RejectedRow::raw)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(RejectReason.MALFORMED_RECORD, "line 5",
                        "\"Never closed,1,CPT\nmore"));
    }

    @Test
    void anUnbalancedQuoteInTheHeaderRowsRejectsTheFile() throws IOException {
        Parsed p = parse(write(dir, "hq.csv", lines(V3_ROW1, "\"Generated Hospital,2026-01-01", V3_TALL_ROW3, MRI)));

        RejectedRow r = p.file().rejection().orElseThrow();
        assertThat(r.reason()).isEqualTo(RejectReason.BAD_HEADER);
        assertThat(r.message()).contains("line 2").contains("never closed");
    }

    @Test
    void theBlankCmsTemplateIsRejectedAsATemplate() throws IOException {
        String template = lines(
                "hospital_name,last_updated_on,version,location_name,hospital_address,license_number|[state],type_2_npi,"
                        + "\"" + GeneratedCsv.ATTESTATION + "\",attester_name",
                ",,3.0.0,,,,,,",
                "description,code|[i],code|[i]|type,modifiers,setting,drug_unit_of_measurement,drug_type_of_measurement,"
                        + "standard_charge|gross,standard_charge|discounted_cash,standard_charge|[payer_name]|[plan_name]|"
                        + "negotiated_dollar,standard_charge|[payer_name]|[plan_name]|methodology,standard_charge|min,"
                        + "standard_charge|max,additional_generic_notes");
        Parsed p = parse(write(dir, "template.csv", template));

        RejectedRow r = p.file().rejection().orElseThrow();
        assertThat(r.reason()).isEqualTo(RejectReason.TEMPLATE_PLACEHOLDERS);
        assertThat(r.message()).startsWith("this is the blank CMS template, not a hospital's file")
                .contains("code|[i]");
        assertThat(p.splits()).isEmpty();
        assertThat(p.rows()).isEmpty();
    }

    @Test
    void textThatIsNotAnMrfIsRejectedSayingWhatWasExpected() throws IOException {
        Parsed oneLine = parse(write(dir, "denied.csv", "Access denied. Please try again later.\n"));
        Parsed noDescription = parse(write(dir, "other.csv", lines("name,value", "a,1", "id,price,qty", "1,2,3")));

        assertThat(oneLine.file().rejection().orElseThrow().reason()).isEqualTo(RejectReason.BAD_HEADER);
        assertThat(oneLine.file().rejection().orElseThrow().message()).contains("only 1 row").contains("row 3 item headers");
        assertThat(oneLine.file().header()).isEmpty();
        RejectedRow r = noDescription.file().rejection().orElseThrow();
        assertThat(r.reason()).isEqualTo(RejectReason.BAD_HEADER);
        assertThat(r.message()).contains("no description column").contains("\"id\", \"price\", \"qty\"");
        assertThat(noDescription.file().splits(1000)).isEmpty();
    }

    @Test
    void anHtmlPageHandedStraightToTheCsvReaderIsABadHeader() throws IOException {
        Path page = write(dir, "page.csv", lines("<html>", "<head><title>Just a moment...</title></head>",
                "<body><div class=\"challenge\">Checking your browser</div>", "<p>\"Please wait</p>", "</body></html>"));

        org.glimmr.mrf.MrfFile file = CsvMrfFile.open(new org.glimmr.mrf.LocalByteSource(page));

        assertThat(file.rejection().orElseThrow().reason()).isEqualTo(RejectReason.BAD_HEADER);
        assertThat(file.rejection().orElseThrow().message()).contains("description");
        assertThat(file.splits(10)).isEmpty();
    }

    @Test
    void v2FilesGetTheV22Rules() throws IOException {
        Parsed p = parse(write(dir, "v2.csv", lines(V2_ROW1, V2_ROW2, V2_TALL_ROW3,
                "Knee brace,L1810,HCPCS,,outpatient,,,300,,Aetna,PPO,,70,,,percent of total billed charges,,,")));

        assertThat(p.file().header().orElseThrow().templateVersion()).isEqualTo("2.0.0");
        assertThat(p.file().header().orElseThrow().locationNames()).containsExactly("West Mercy Hospital");
        assertThat(p.file().fileFindings()).isEmpty();
        assertThat(p.findings()).extracting(Finding::rule, Finding::location).containsExactly(
                org.assertj.core.groups.Tuple.tuple("RequiredValue", "line 4, column \"estimated_amount\""));
    }

    @Test
    void v3FilesGetThe30Rules() throws IOException {
        Parsed p = parse(write(dir, "v3.csv", lines(V3_ROW1, V3_ROW2, V3_TALL_ROW3,
                "Knee brace,L1810,HCPCS,,outpatient,,,300,,Aetna,PPO,,70,,,,,,percent of total billed charges,,,",
                "Knee brace,L1810,HCPCS,,outpatient,,,300,,Aetna,PPO,,70,,,,,0,percent of total billed charges,,,",
                "Knee brace,L1810,HCPCS,,outpatient,,,300,,Aetna,HMO,,,,,,,,,,,")));

        assertThat(p.findings()).extracting(Finding::rule, Finding::location).containsExactly(
                org.assertj.core.groups.Tuple.tuple("RequiredValue", "line 4, column \"count\""),
                org.assertj.core.groups.Tuple.tuple("RequiredValue", "line 4, column \"median_amount\""),
                org.assertj.core.groups.Tuple.tuple("RequiredValue", "line 4, column \"10th_percentile\""),
                org.assertj.core.groups.Tuple.tuple("RequiredValue", "line 4, column \"90th_percentile\""),
                org.assertj.core.groups.Tuple.tuple("RequiredValue", "line 5, column \"additional_generic_notes\""),
                org.assertj.core.groups.Tuple.tuple("RequiredValue", "line 6, column \"standard_charge|negotiated_dollar\""));
    }

    @Test
    void templateVersionFromTheCellOrElseFromTheContent() throws IOException {
        Parsed noCell = parse(write(dir, "nocell.csv", lines(V3_ROW1.replace("version,", "my_version,"), V3_ROW2,
                V3_TALL_ROW3, MRI)));
        Parsed v2Cell = parse(write(dir, "v2cell.csv", lines(V3_ROW1, V3_ROW2.replace("3.0.0", "2.0"), V3_TALL_ROW3, MRI)));
        Parsed v2Plain = parse(write(dir, "v2plain.csv", lines(V2_ROW1.replace("version,", "x,"), V2_ROW2,
                V2_TALL_ROW3, "a,1,CPT,,both,,,5,,,,,,,,,,,")));

        assertThat(noCell.file().header().orElseThrow().templateVersion()).isEqualTo("3.0.0");
        assertThat(noCell.file().fileFindings()).extracting(Finding::rule).containsExactly("HeaderColumnMissing");
        assertThat(v2Cell.file().header().orElseThrow().templateVersion()).isEqualTo("2.0.0");
        assertThat(v2Cell.file().fileFindings()).filteredOn(f -> f.rule().equals("VersionMismatch"))
                .extracting(Finding::severity).containsExactly(Severity.ALERT);
        assertThat(v2Plain.file().header().orElseThrow().templateVersion()).isEqualTo("2.0.0");
    }

    @Test
    void bothOrNeitherLayoutIsAmbiguous() throws IOException {
        String both = V3_TALL_ROW3 + ",standard_charge|Aetna|PPO|negotiated_dollar";
        String neither = V3_TALL_ROW3.replace("payer_name,plan_name,", "");
        for (String row3 : List.of(both, neither)) {
            Parsed p = parse(write(dir, "amb.csv", lines(V3_ROW1, V3_ROW2, row3, MRI)));

            assertThat(p.file().rejection().orElseThrow().reason()).isEqualTo(RejectReason.BAD_HEADER);
            assertThat(p.file().fileFindings()).extracting(Finding::rule).containsExactly("AmbiguousFormat");
            assertThat(p.file().header().orElseThrow().hospitalName()).isEqualTo("Generated Hospital");
            assertThat(p.file().layout()).isEqualTo(Layout.UNKNOWN);
        }
    }

    @Test
    void headerProblemsBecomeFileFindings() throws IOException {
        String row1 = V3_ROW1.replace("license_number|CA", "license_number|XX");
        String row2 = ",July 1 2026,3.0.0,Generated Hospital,\"1 Main St, Town, CA 90000\",12345,1234567890,FALSE,Pat Doe";
        String row3 = V3_TALL_ROW3.replace("setting,", "").replace("modifiers", "Modifiers,modifiers");
        Parsed p = parse(write(dir, "hdr.csv", lines(row1, row2, "", row3, "")));

        FileHeader h = p.file().header().orElseThrow();
        assertThat(h.lastUpdatedOn()).isEmpty();
        assertThat(h.attestation()).contains(false);
        assertThat(h.licenseState()).contains("XX");
        assertThat(p.file().fileFindings()).extracting(Finding::rule, Finding::location).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("HeaderBlank", "line 3"),
                org.assertj.core.groups.Tuple.tuple("InvalidStateCode", "line 1, column \"license_number|XX\""),
                org.assertj.core.groups.Tuple.tuple("RequiredValue", "line 2, column \"hospital_name\""),
                org.assertj.core.groups.Tuple.tuple("InvalidDate", "line 2, column \"last_updated_on\""),
                org.assertj.core.groups.Tuple.tuple("FalseAttestation", "line 2, column \"To the best of its knowledge and belief, this hospital ha...\""),
                org.assertj.core.groups.Tuple.tuple("DuplicateHeaderColumn", "line 4, column \"modifiers\""),
                org.assertj.core.groups.Tuple.tuple("HeaderColumnMissing", "line 4"),
                org.assertj.core.groups.Tuple.tuple("MinRows", "line 5"));
        assertThat(p.findings("HeaderColumnMissing").get(0).message()).contains("\"setting\"");
    }

    @Test
    void rowRulesAndAlerts() throws IOException {
        String row3 = V3_TALL_ROW3 + ",estimated_amount";
        Parsed p = parse(write(dir, "rules.csv", lines(V3_ROW1, V3_ROW2, row3,
                "No code,,,,outpatient,,,100,,,,,,,,,,,,,,,",
                "Modifier only,,,50|62,,,,,,,,,,,,,,,,,,,",
                "Drug,00002-1433-80,NDC,,outpatient,,,100,,,,,,,,,,,,,,,",
                "Nines,1,CPT,,Inpt,,,100,,Aetna,PPO,,50,,999999999,5,6,12,Other,,,,999999999")));

        assertThat(p.file().fileFindings()).extracting(Finding::rule).containsExactly("EstimatedAmountInV3");
        assertThat(p.findings()).extracting(Finding::rule, Finding::location).contains(
                org.assertj.core.groups.Tuple.tuple("CodePairMissing", "line 4"),
                org.assertj.core.groups.Tuple.tuple("ModifierMissingInfo", "line 5, column \"additional_generic_notes\""),
                org.assertj.core.groups.Tuple.tuple("RequiredValue", "line 6, column \"drug_unit_of_measurement\""),
                org.assertj.core.groups.Tuple.tuple("RequiredValue", "line 6, column \"drug_type_of_measurement\""),
                org.assertj.core.groups.Tuple.tuple("InvalidEnum", "line 7, column \"setting\""),
                org.assertj.core.groups.Tuple.tuple("NineNines", "line 7, column \"median_amount\""),
                org.assertj.core.groups.Tuple.tuple("NineNines", "line 7, column \"estimated_amount\""),
                org.assertj.core.groups.Tuple.tuple("RequiredValue", "line 7, column \"additional_generic_notes\""));
        assertThat(p.findings("NineNines")).extracting(Finding::severity).containsOnly(Severity.ALERT);
        ChargeRow nines = p.rows().get(3);
        assertThat(nines.setting()).contains("inpt");
        assertThat(nines.methodology()).contains("other");
        assertThat(nines.modifiers()).isEmpty();
        assertThat(p.rows().get(1).modifiers()).containsExactly("50", "62");
        assertThat(p.rows()).hasSize(4);
    }

    @Test
    void aRuleBrokenOnEveryRowIsCappedPerSplit() throws IOException {
        StringBuilder text = new StringBuilder(lines(V3_ROW1, V3_ROW2, V3_TALL_ROW3));
        for (int i = 0; i < 150; i++) {
            text.append("Item ").append(i).append(",70551,CPT,,,,,100,,,,,,,,,,,,,,\n");
        }
        Parsed p = parse(write(dir, "cap.csv", text.toString()));

        assertThat(p.rows()).hasSize(150);
        assertThat(p.findings("RequiredValue")).hasSize(101);
        assertThat(p.findings("RequiredValue").get(100).message()).startsWith("50 more findings of rule RequiredValue");
        assertThat(p.stats().findings()).isEqualTo(101);
    }

    @Test
    void aFileWithoutGeneralRowsIsStillRead() throws IOException {
        Parsed p = parse(write(dir, "nohdr.csv", lines(V3_TALL_ROW3, MRI.replace("MRI", "MRI"), MRI)));

        assertThat(p.file().rejection()).isEmpty();
        assertThat(p.file().header().orElseThrow().hospitalName()).isEmpty();
        assertThat(p.file().header().orElseThrow().templateVersion()).isEqualTo("3.0.0");
        assertThat(p.rows()).containsExactly(mri(2).build(), mri(3).build());
        assertThat(p.file().fileFindings()).extracting(Finding::rule).containsExactly("HeaderColumnMissing");
    }

    @Test
    void aCompressedFileIsOneSplitWithTheSameRows() throws IOException {
        String text = lines(V3_ROW1, V3_ROW2, V3_TALL_ROW3, MRI, MRI);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        Parsed p = parse(write(dir, "a.csv.gz", gz.toByteArray()), 10);

        assertThat(p.splits()).hasSize(1);
        assertThat(p.rows()).containsExactly(mri(4).build(), mri(5).build());
    }
}
