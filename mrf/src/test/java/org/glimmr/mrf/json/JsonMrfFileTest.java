package org.glimmr.mrf.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.glimmr.mrf.ChargeRow;
import org.glimmr.mrf.Code;
import org.glimmr.mrf.CollectingSink;
import org.glimmr.mrf.FileHeader;
import org.glimmr.mrf.Finding;
import org.glimmr.mrf.Layout;
import org.glimmr.mrf.LocalByteSource;
import org.glimmr.mrf.Mrf;
import org.glimmr.mrf.MrfFile;
import org.glimmr.mrf.RejectReason;
import org.glimmr.mrf.RejectedRow;
import org.glimmr.mrf.Severity;
import org.glimmr.mrf.Split;
import org.glimmr.mrf.SplitStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Small hand-written JSON files with exact expectations. */
class JsonMrfFileTest {
    static final String V3_HEADER = """
            "hospital_name": "West Mercy Hospital",
            "last_updated_on": "2026-04-01",
            "version": "3.0.0",
            "location_name": ["West Mercy Hospital"],
            "hospital_address": ["12 Main Street, Fullerton, CA 92832"],
            "license_information": {"license_number": "50056", "state": "CA"},
            "type_2_npi": ["0000000001"],
            "attestation": {"attestation": "%s", "confirm_attestation": true, "attester_name": "Leigh Attester"},
            """.formatted(CmsJsonSchema.ATTESTATION);

    private static final String V2_HEADER = """
            "hospital_name": "West Mercy Hospital",
            "last_updated_on": "2024-07-01",
            "version": "2.0.0",
            "hospital_location": ["West Mercy Hospital"],
            "hospital_address": ["12 Main Street, Fullerton, CA 92832"],
            "license_information": {"license_number": "50056", "state": "CA"},
            "affirmation": {"affirmation": "%s", "confirm_affirmation": true},
            """.formatted(CmsJsonSchema.AFFIRMATION);

    /** A valid v3 element: one standard charge, one dollar payer. */
    private static final String SIMPLE_ITEM = """
            {"description": "Basic metabolic panel", "code_information": [{"code": "80048", "type": "CPT"}],
             "standard_charges": [{"setting": "outpatient", "minimum": 125, "maximum": 150, "gross_charge": 300,
               "payers_information": [{"payer_name": "Platform", "plan_name": "PPO", "methodology": "fee schedule",
                 "standard_charge_dollar": 150}]}]}""";

    @TempDir
    Path dir;

    private Path write(String name, String json) throws IOException {
        return write(name, json.getBytes(StandardCharsets.UTF_8));
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path path = dir.resolve(name);
        Files.write(path, bytes);
        return path;
    }

    private static String v3(String items) {
        return "{" + V3_HEADER + "\"standard_charge_information\": [" + items + "]}";
    }

    private static CollectingSink parse(Path path) throws IOException {
        return CollectingSink.parseAll(new LocalByteSource(path), 1 << 20);
    }

    private static List<String> rules(CollectingSink sink) {
        return sink.findings.stream().map(f -> f.rule() + " " + f.location()).toList();
    }

    @Test
    void readsTheV3HeaderWithVendorKeysAndSpaces() throws IOException {
        String json = """
                {"pid": "3346709279", "hospital_name": " West Mercy Hospital ", "last_updated_on": "2026-04-01",
                 "version": "3.0.0", "location_name": ["West Mercy Hospital", " West Mercy Surgical Center"],
                 "hospital_address": ["12 Main Street, Fullerton, CA  92832", "23 Ocean Ave, San Jose, CA 94088"],
                 "license_information": {"license_number": "4393|11163|ARNP 2731952", "state": "CA"},
                 "type_2_npi": ["1952332801 ", " 0000000002"],
                 "financial_aid_policy": ["https://example.org/fap", "second"],
                 "general_contract_provisions": [{"payer_name": "A", "provisions": "text"}],
                 "attestation": {"attestation": "%s", "confirm_attestation": true, "attester_name": "Tim Reiner "},
                 "standard_charge_information": [%s]}
                """.formatted(CmsJsonSchema.ATTESTATION, SIMPLE_ITEM);
        MrfFile file = Mrf.open(new LocalByteSource(write("v3.json", json)));

        assertThat(file.layout()).isEqualTo(Layout.JSON);
        assertThat(file.rejection()).isEmpty();
        assertThat(file.header()).contains(new FileHeader(Layout.JSON, "3.0.0", "3.0.0", "West Mercy Hospital",
                Optional.of("2026-04-01"), List.of("West Mercy Hospital", "West Mercy Surgical Center"),
                List.of("12 Main Street, Fullerton, CA  92832", "23 Ocean Ave, San Jose, CA 94088"),
                Optional.of("4393|11163|ARNP 2731952"), Optional.of("CA"), List.of("1952332801", "0000000002"),
                Optional.of(true), Optional.of("Tim Reiner")));
        assertThat(file.fileFindings()).isEmpty();
    }

    @Test
    void readsTheV2HeaderWhenItsKeysComeAfterTheArray() throws IOException {
        String json = """
                {"standard_charge_information": [%s],
                 "hospital_name": "Old Template Hospital", "last_updated_on": "7/1/2024", "version": "2.0.0",
                 "hospital_location": ["Main Campus"], "hospital_address": ["1 Main St"],
                 "license_information": {"state": "TX"},
                 "affirmation": {"affirmation": "%s", "confirm_affirmation": false}}
                """.formatted(SIMPLE_ITEM, CmsJsonSchema.AFFIRMATION);
        CollectingSink sink = parse(write("v2.json", json));
        MrfFile file = Mrf.open(new LocalByteSource(dir.resolve("v2.json")));

        assertThat(file.header()).contains(new FileHeader(Layout.JSON, "2.0.0", "2.0.0", "Old Template Hospital",
                Optional.of("2024-07-01"), List.of("Main Campus"), List.of("1 Main St"), Optional.empty(),
                Optional.of("TX"), List.of(), Optional.of(false), Optional.empty()));
        assertThat(file.fileFindings()).extracting(Finding::rule, Finding::severity, Finding::location)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("Format", Severity.ERROR, "/last_updated_on"),
                        org.assertj.core.groups.Tuple.tuple("FalseAttestation", Severity.ALERT,
                                "/affirmation/confirm_affirmation"));
        assertThat(sink.rows).hasSize(1);
        assertThat(sink.rows.get(0).payerName()).contains("Platform");
        assertThat(sink.rejected).isEmpty();
    }

    @Test
    void readsEveryFieldOfARowWhateverTheKeyOrder() throws IOException {
        String item = """
                {"standard_charges": [
                   {"payers_information": [{"count": "14", "methodology": "case rate", "10th_percentile": 3000,
                      "median_amount": 7500, "90th_percentile": 7500.50, "standard_charge_algorithm": " Per contract ",
                      "plan_name": "HMO", "payer_name": "Region Health", "additional_payer_notes": "note"}],
                    "setting": "inpatient", "gross_charge": 5000.0, "discounted_cash": 4500,
                    "modifier_code": ["50", "62"], "billing_class": "Facility", "additional_generic_notes": "generic"},
                   {"gross_charge": 100, "setting": "outpatient"}],
                 "code_information": [{"type": "RC", "code": "0120"}, {"code": "470", "type": "MS-DRG"}],
                 "description": "Medical surgical bed"}""";
        CollectingSink sink = parse(write("order.json", v3(item)));

        List<Code> codes = List.of(new Code("0120", "RC"), new Code("470", "MS-DRG"));
        ChargeRow payerRow = new ChargeRow("Medical surgical bed", codes, Optional.of(new Code("470", "MS-DRG")),
                List.of("50", "62"), Optional.of("inpatient"), Optional.empty(), Optional.empty(),
                Optional.of(new BigDecimal("5000.0")), Optional.of(new BigDecimal("4500")), Optional.empty(),
                Optional.empty(), Optional.of("Region Health"), Optional.of("HMO"), Optional.empty(), Optional.empty(),
                Optional.of("Per contract"), Optional.of("case rate"), Optional.empty(),
                Optional.of(new BigDecimal("7500")), Optional.of(new BigDecimal("3000")),
                Optional.of(new BigDecimal("7500.50")), Optional.of("14"), Optional.of("facility"),
                Optional.of("generic"), Optional.of("note"), Optional.empty(),
                Optional.of("standard_charge_information[0].standard_charges[0].payers_information[0]"));
        ChargeRow noPayerRow = new ChargeRow("Medical surgical bed", codes, Optional.of(new Code("470", "MS-DRG")),
                List.of(), Optional.of("outpatient"), Optional.empty(), Optional.empty(),
                Optional.of(new BigDecimal("100")), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of("standard_charge_information[0].standard_charges[1]"));
        assertThat(sink.rows).containsExactly(payerRow, noPayerRow);
        assertThat(sink.rejected).isEmpty();
        assertThat(sink.findings).isEmpty();
    }

    @Test
    void readsPayersWhoseKeysChangeOrderFromOneToTheNext() throws IOException {
        String item = """
                {"description": "Visit", "code_information": [{"code": "99213", "type": "CPT"}],
                 "standard_charges": [{"setting": "outpatient", "minimum": 1, "maximum": 9, "payers_information": [
                   {"payer_name": "A", "plan_name": "P1", "methodology": "fee schedule", "standard_charge_dollar": 1},
                   {"plan_name": "P2", "vendor_key": {"x": [1, 2]}, "standard_charge_dollar": 2, "payer_name": "B",
                    "methodology": "case rate"},
                   {"payer_name": "C", "plan_name": "P3", "methodology": "per diem", "standard_charge_dollar": 3,
                    "additional_payer_notes": "n"},
                   {"standard_charge_dollar": 4, "methodology": "fee schedule", "plan_name": "P4", "payer_name": "D"},
                   {"payer_name": "E", "plan_name": "P5", "methodology": "fee schedule", "standard_charge_dollar": 5}]}]}""";
        CollectingSink sink = parse(write("orders.json", v3(item + "," + item)));

        assertThat(sink.findings).isEmpty();
        assertThat(sink.rows).hasSize(10);
        assertThat(sink.rows).extracting(r -> r.payerName().orElseThrow() + "/" + r.planName().orElseThrow() + "/"
                        + r.methodology().orElseThrow() + "/" + r.negotiatedDollar().orElseThrow() + "/"
                        + r.payerNotes().orElse("-"))
                .containsExactly("A/P1/fee schedule/1/-", "B/P2/case rate/2/-", "C/P3/per diem/3/n",
                        "D/P4/fee schedule/4/-", "E/P5/fee schedule/5/-", "A/P1/fee schedule/1/-", "B/P2/case rate/2/-",
                        "C/P3/per diem/3/n", "D/P4/fee schedule/4/-", "E/P5/fee schedule/5/-");
    }

    @Test
    void readsMorePayerNamesThanItRemembers() throws IOException {
        int payers = TextPool.MAX_ENTRIES + 200;
        StringBuilder item = new StringBuilder("{\"description\": \"Many\", \"code_information\": [{\"code\": \"1\", "
                + "\"type\": \"CPT\"}], \"standard_charges\": [{\"setting\": \"both\", \"minimum\": 1, \"maximum\": 2, "
                + "\"payers_information\": [");
        for (int k = 0; k < payers; k++) {
            item.append(k == 0 ? "" : ",").append("{\"payer_name\": \" Payer ").append(k).append("\", \"plan_name\": "
                    + "\"PPO\", \"methodology\": \"per diem\", \"standard_charge_dollar\": ").append(k + 1).append('}');
        }
        item.append("]}]}");
        CollectingSink sink = parse(write("names.json", v3(item.toString())));

        assertThat(sink.rows).hasSize(payers);
        for (int k = 0; k < payers; k++) {
            assertThat(sink.rows.get(k).payerName()).contains("Payer " + k);
            assertThat(sink.rows.get(k).negotiatedDollar()).contains(BigDecimal.valueOf(k + 1));
        }
        assertThat(sink.findings).isEmpty();
    }

    @Test
    void readsNumbersWrittenAsStringsWithATypeFinding() throws IOException {
        String item = """
                {"description": "X-ray", "code_information": [{"code": "71045", "type": "CPT"}],
                 "standard_charges": [{"setting": "outpatient", "gross_charge": "$1,234.50", "discounted_cash": "N/A",
                   "minimum": 0, "maximum": "150",
                   "payers_information": [{"payer_name": "P", "plan_name": "Q", "methodology": "fee schedule",
                     "standard_charge_dollar": "123.45"}]}]}""";
        CollectingSink sink = parse(write("strings.json", v3(item)));

        assertThat(sink.rejected).isEmpty();
        assertThat(sink.rows).hasSize(1);
        ChargeRow row = sink.rows.get(0);
        assertThat(row.grossCharge()).contains(new BigDecimal("1234.50"));
        assertThat(row.discountedCash()).isEmpty();
        assertThat(row.minimum()).contains(BigDecimal.ZERO);
        assertThat(row.maximum()).contains(new BigDecimal("150"));
        assertThat(row.negotiatedDollar()).contains(new BigDecimal("123.45"));
        String charge = "/standard_charge_information/0/standard_charges/0";
        assertThat(rules(sink)).containsExactlyInAnyOrder(
                "Type " + charge + "/gross_charge",
                "Type " + charge + "/discounted_cash",
                "PlaceholderValue " + charge + "/discounted_cash",
                "ExclusiveMinimum " + charge + "/minimum",
                "Type " + charge + "/maximum",
                "Type " + charge + "/payers_information/0/standard_charge_dollar");
    }

    @Test
    void leavesOutAnUnreadableNumberOnceAndKeepsItsRows() throws IOException {
        String badGross = """
                {"description": "A", "code_information": [{"code": "1", "type": "CPT"}],
                 "standard_charges": [{"setting": "both", "gross_charge": "abc", "minimum": 1, "maximum": 2,
                   "payers_information": [
                     {"payer_name": "P", "plan_name": "Q", "methodology": "other", "standard_charge_dollar": 1,
                      "additional_payer_notes": "n"},
                     {"payer_name": "P", "plan_name": "R", "methodology": "per diem", "standard_charge_dollar": 2}]}]}""";
        String badPercentage = """
                {"description": "B", "code_information": [{"code": "2", "type": "CPT"}],
                 "standard_charges": [{"setting": "both", "minimum": 1, "maximum": 2,
                   "payers_information": [
                     {"payer_name": "P", "plan_name": "Q", "methodology": "per diem", "standard_charge_dollar": 3,
                      "standard_charge_percentage": "Per Diem"},
                     {"payer_name": "P", "plan_name": "R", "methodology": "per diem", "standard_charge_dollar": 2}]}]}""";
        CollectingSink sink = parse(write("bad.json", v3(badGross + "," + badPercentage + "," + SIMPLE_ITEM)));

        String item0 = "standard_charge_information[0].standard_charges[0]";
        String item1 = "standard_charge_information[1].standard_charges[0]";
        assertThat(sink.rejected).extracting(RejectedRow::location, RejectedRow::reason, RejectedRow::raw)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(item0 + ".gross_charge", RejectReason.BAD_NUMBER, "\"abc\""),
                        org.assertj.core.groups.Tuple.tuple(item1 + ".payers_information[0].standard_charge_percentage",
                                RejectReason.BAD_NUMBER, "\"Per Diem\""));
        assertThat(sink.rejected.get(0).message())
                .contains(item0 + ".gross_charge is \"abc\"").contains("left out").contains("plain JSON number");
        assertThat(sink.rows).extracting(r -> r.sourcePath().orElseThrow()).containsExactly(
                item0 + ".payers_information[0]", item0 + ".payers_information[1]",
                item1 + ".payers_information[0]", item1 + ".payers_information[1]",
                "standard_charge_information[2].standard_charges[0].payers_information[0]");
        assertThat(sink.rows.get(0).grossCharge()).as("the bad gross, in every row of its charge").isEmpty();
        assertThat(sink.rows.get(1).negotiatedDollar()).contains(new java.math.BigDecimal("2"));
        assertThat(sink.rows.get(2).negotiatedDollar()).as("the payer's readable dollar").contains(new java.math.BigDecimal("3"));
        assertThat(sink.rows.get(2).negotiatedPercentage()).isEmpty();
        assertThat(sink.rows.get(2).methodology()).contains("per diem");
    }

    @Test
    void setsAsideMalformedPartsAndReadsOn() throws IOException {
        String codesAsString = """
                {"description": "C", "code_information": "123", "standard_charges": [{"setting": "both", "gross_charge": 5}]}""";
        String payerAsString = """
                {"description": "D", "code_information": [{"code": "4", "type": "CPT"}],
                 "standard_charges": [{"setting": "both", "gross_charge": 5, "payers_information": ["bad",
                   {"payer_name": "P", "plan_name": "Q", "methodology": "per diem", "standard_charge_algorithm": "x",
                    "count": "0", "additional_payer_notes": "none yet"}]}]}""";
        CollectingSink sink = parse(write("malformed.json",
                v3("\"oops\"," + SIMPLE_ITEM + "," + codesAsString + "," + payerAsString + ", {\"nested\": [1, {\"a\": null}]}")));

        assertThat(sink.rejected).extracting(RejectedRow::location, RejectedRow::reason, RejectedRow::raw)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("standard_charge_information[0]",
                                RejectReason.MALFORMED_ELEMENT, "\"oops\""),
                        org.assertj.core.groups.Tuple.tuple("standard_charge_information[2]",
                                RejectReason.MALFORMED_ELEMENT, "\"123\""),
                        org.assertj.core.groups.Tuple.tuple(
                                "standard_charge_information[3].standard_charges[0].payers_information[0]",
                                RejectReason.MALFORMED_ELEMENT, "\"bad\""));
        assertThat(sink.rejected.get(1).message()).contains("standard_charge_information[2].code_information is a string");
        assertThat(sink.rows).extracting(r -> r.sourcePath().orElseThrow()).containsExactly(
                "standard_charge_information[1].standard_charges[0].payers_information[0]",
                "standard_charge_information[3].standard_charges[0].payers_information[1]");
        // the last element is an object of the wrong keys: rules, not a rejection
        assertThat(rules(sink)).contains("Required /standard_charge_information/4");
    }

    @Test
    void keepsTheRowsBeforeACutAndRejectsTheRest() throws IOException {
        String json = v3(SIMPLE_ITEM + "," + SIMPLE_ITEM + "," + SIMPLE_ITEM);
        String cut = json.substring(0, json.lastIndexOf("\"standard_charges\""));
        CollectingSink sink = parse(write("cut.json", cut));

        assertThat(sink.rows).extracting(r -> r.sourcePath().orElseThrow()).containsExactly(
                "standard_charge_information[0].standard_charges[0].payers_information[0]",
                "standard_charge_information[1].standard_charges[0].payers_information[0]");
        assertThat(sink.rejected).hasSize(1);
        RejectedRow truncated = sink.rejected.get(0);
        assertThat(truncated.reason()).isEqualTo(RejectReason.TRUNCATED);
        assertThat(truncated.location()).startsWith("standard_charge_information[2]").contains("byte " + cut.length());
        assertThat(truncated.message()).contains("end-of-input").contains("rows before it were kept");
        assertThat(truncated.raw()).endsWith("\"code_information\": [{\"code\": \"80048\", \"type\": \"CPT\"}],\n ");
        assertThat(sink.findings).noneMatch(f -> f.rule().equals("Required"));
    }

    @Test
    void rejectsAFileThatBreaksAfterTheArrayWithAllRowsKept() throws IOException {
        String json = "{" + V3_HEADER + "\"standard_charge_information\": [" + SIMPLE_ITEM + "], \"modifier_information\": [{";
        CollectingSink sink = parse(write("tail.json", json));

        assertThat(sink.rows).hasSize(1);
        assertThat(sink.rejected).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.TRUNCATED);
            assertThat(r.location()).startsWith("modifier_information");
        });
    }

    @Test
    void aResumedFileStillReportsABreakAfterTheArray() throws IOException {
        String json = "{" + V3_HEADER + "\"standard_charge_information\": [" + SIMPLE_ITEM + "], \"pid\": \"a&b=c|d\" x";
        LocalByteSource source = new LocalByteSource(write("tail-resume.json", json));
        MrfFile opened = Mrf.open(source);
        MrfFile resumed = JsonMrfFile.resume(source, opened.resumeState());
        CollectingSink direct = new CollectingSink();
        CollectingSink elsewhere = new CollectingSink();
        opened.parse(opened.splits(1 << 20).get(0), direct);
        resumed.parse(opened.splits(1 << 20).get(0), elsewhere);

        assertThat(elsewhere.rows).hasSize(1).isEqualTo(direct.rows);
        assertThat(elsewhere.rejected).hasSize(1).isEqualTo(direct.rejected);
        assertThat(elsewhere.rejected.get(0).reason()).isEqualTo(RejectReason.TRUNCATED);
        assertThat(resumed.fileFindings()).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> resumed.splits(1 << 20))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("resume state");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JsonMrfFile.resume(source, "csv1&x=1"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aResumeStateCarriesEveryPartOfThePlan() {
        ParsePlan plan = new ParsePlan("2.0.0", 3, true, Optional.of(new BrokenJson(
                "standard_charge_information[7].standard_charges[0]", 1234, "Unexpected character ('&' (code 38)): x=y; z")));

        assertThat(ParsePlan.decode(plan.encode())).isEqualTo(plan);
        assertThat(ParsePlan.decode(new ParsePlan("3.0.0", 0, false, Optional.empty()).encode()).broken()).isEmpty();
    }

    @Test
    void dropsAByteOrderMark() throws IOException {
        byte[] json = v3(SIMPLE_ITEM).getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[json.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(json, 0, withBom, 3, json.length);
        CollectingSink sink = CollectingSink.parseAll(new LocalByteSource(write("bom.json", withBom)), 1 << 20);

        assertThat(sink.rows).hasSize(1);
        assertThat(sink.rejected).isEmpty();
        assertThat(sink.findings).isEmpty();
    }

    @Test
    void readsAWindows1252ByteAndKeepsOneSplit() throws IOException {
        StringBuilder items = new StringBuilder(SIMPLE_ITEM.replace("Basic metabolic panel", "Patient@s room"));
        for (int i = 0; i < 60; i++) {
            items.append(',').append(SIMPLE_ITEM);
        }
        byte[] bytes = v3(items.toString()).getBytes(StandardCharsets.UTF_8);
        Path clean = write("clean.json", bytes);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '@') {
                bytes[i] = (byte) 0x92;
            }
        }
        Path repaired = write("cp1252.json", bytes);

        assertThat(Mrf.open(new LocalByteSource(clean)).splits(1024)).hasSizeGreaterThan(1);
        MrfFile file = Mrf.open(new LocalByteSource(repaired));
        List<Split> splits = file.splits(1024);
        assertThat(splits).containsExactly(new Split(0, 0, Long.MAX_VALUE, 0, 0));
        CollectingSink sink = new CollectingSink();
        SplitStats stats = file.parse(splits.get(0), sink);
        assertThat(stats.encodingRepairs()).isEqualTo(1);
        assertThat(stats.rows()).isEqualTo(61);
        assertThat(sink.rows.get(0).description()).isEqualTo("Patient\u2019s room");
    }

    @Test
    void anEmptyObjectGivesRequiredFindingsAndNoRows() throws IOException {
        CollectingSink sink = parse(write("empty.json", "{}"));
        MrfFile file = Mrf.open(new LocalByteSource(dir.resolve("empty.json")));

        assertThat(file.rejection()).isEmpty();
        assertThat(file.header().orElseThrow().templateVersion()).isEqualTo("2.0.0");
        assertThat(file.fileFindings()).allSatisfy(f -> {
            assertThat(f.rule()).isEqualTo("Required");
            assertThat(f.location()).isEqualTo("/");
        });
        assertThat(file.fileFindings()).extracting(Finding::message).hasSize(8)
                .anySatisfy(m -> assertThat(m).contains("\"hospital_name\""))
                .anySatisfy(m -> assertThat(m).contains("\"hospital_location\""))
                .anySatisfy(m -> assertThat(m).contains("\"affirmation\""))
                .anySatisfy(m -> assertThat(m).contains("\"standard_charge_information\""));
        assertThat(sink.rows).isEmpty();
        assertThat(sink.rejected).isEmpty();
    }

    @Test
    void requiresDrugInformationForAnNdcCode() throws IOException {
        String ndc = """
                {"description": "Drug", "code_information": [{"code": "00093-0058-01", "type": "NDC"}],
                 "standard_charges": [{"setting": "outpatient", "gross_charge": 12}]}""";
        String withDrug = """
                {"description": "Drug", "code_information": [{"code": "00093-0058-01", "type": "NDC"}],
                 "drug_information": {"unit": 2.5, "type": "ML"},
                 "standard_charges": [{"setting": "outpatient", "gross_charge": 12}]}""";
        CollectingSink sink = parse(write("ndc.json", v3(ndc + "," + withDrug)));

        assertThat(sink.findings).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("Required");
            assertThat(f.location()).isEqualTo("/standard_charge_information/0");
            assertThat(f.message()).contains("drug_information");
        });
        assertThat(sink.rows).extracting(ChargeRow::drugUnit, ChargeRow::drugType).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Optional.empty(), Optional.empty()),
                org.assertj.core.groups.Tuple.tuple(Optional.of(new BigDecimal("2.5")), Optional.of("ML")));
        assertThat(sink.rows.get(0).codes()).containsExactly(new Code("00093-0058-01", "NDC"));
    }

    @Test
    void readsTheDrugUnitAsTextInV2AndAsANumberInV3() throws IOException {
        String item = """
                {"description": "Drug", "code_information": [{"code": "00093-0058-01", "type": "NDC"}],
                 "drug_information": {"unit": "%s", "type": "UN"},
                 "standard_charges": [{"setting": "outpatient", "gross_charge": 12}]}""";
        String v2 = "{" + V2_HEADER + "\"standard_charge_information\": [" + item.formatted("0.5") + "]}";
        CollectingSink v2Sink = parse(write("drug-v2.json", v2));
        CollectingSink v3Sink = parse(write("drug-v3.json", v3(item.formatted("0.5"))));

        assertThat(v2Sink.rows).singleElement().extracting(ChargeRow::drugUnit).isEqualTo(Optional.of(new BigDecimal("0.5")));
        assertThat(v2Sink.findings).isEmpty();
        assertThat(v3Sink.rows).singleElement().extracting(ChargeRow::drugUnit).isEqualTo(Optional.of(new BigDecimal("0.5")));
        assertThat(rules(v3Sink)).containsExactly("Type /standard_charge_information/0/drug_information/unit");
    }

    @Test
    void comparesEnumsCaseSensitivelyButStoresThemLowerCased() throws IOException {
        String item = """
                {"description": "Room", "code_information": [{"code": "120", "type": "RC"}],
                 "standard_charges": [{"setting": "Inpatient", "minimum": 1, "maximum": 2,
                   "payers_information": [{"payer_name": "P", "plan_name": "Q", "methodology": "Fee Schedule",
                     "standard_charge_percentage": 80, "count": 234, "median_amount": 5, "10th_percentile": 4,
                     "90th_percentile": 6}]}]}""";
        CollectingSink sink = parse(write("enum.json", v3(item)));

        ChargeRow row = sink.rows.get(0);
        assertThat(row.setting()).contains("inpatient");
        assertThat(row.methodology()).contains("fee schedule");
        assertThat(row.allowedCount()).contains("234");
        String payer = "/standard_charge_information/0/standard_charges/0/payers_information/0";
        assertThat(rules(sink)).containsExactlyInAnyOrder(
                "Enum /standard_charge_information/0/standard_charges/0/setting",
                "Enum " + payer + "/methodology",
                "Type " + payer + "/count");
        assertThat(sink.findings).filteredOn(f -> f.rule().equals("Type")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("must be string"));
    }

    @Test
    void appliesTheV3ConditionalRules() throws IOException {
        String item = """
                {"description": "", "code_information": [{"code": "1", "type": "CPT"}],
                 "standard_charges": [{"setting": "both",
                   "payers_information": [
                     {"payer_name": "P", "plan_name": "Q", "methodology": "other", "standard_charge_dollar": 5},
                     {"payer_name": "P", "plan_name": "Q", "methodology": "per diem", "standard_charge_algorithm": "a"},
                     {"payer_name": "P", "plan_name": "Q", "methodology": "per diem", "standard_charge_percentage": 9,
                      "count": "0"},
                     {"payer_name": "P", "plan_name": "Q", "methodology": "per diem", "count": "1,000"}]}]}""";
        CollectingSink sink = parse(write("v3rules.json", v3(item)));

        String charge = "/standard_charge_information/0/standard_charges/0";
        String payer = charge + "/payers_information/";
        assertThat(rules(sink)).containsExactlyInAnyOrder(
                "MinLength /standard_charge_information/0/description",
                "AnyOf " + charge,
                "Required " + charge, // minimum
                "Required " + charge, // maximum
                "Required " + payer + "0", // notes for other
                "Required " + payer + "1", // count
                "Required " + payer + "1", // median
                "Required " + payer + "1", // 10th
                "Required " + payer + "1", // 90th
                "Required " + payer + "2", // notes for count 0
                "AnyOf " + payer + "3",
                "Pattern " + payer + "3/count");
        assertThat(sink.rows).hasSize(4);
        assertThat(sink.rows.get(0).description()).isEmpty();
    }

    @Test
    void readsAGzippedFileThroughMrfOpenAsOneSplit() throws IOException {
        String json = v3(SIMPLE_ITEM + "," + SIMPLE_ITEM);
        Path gz = dir.resolve("mrf.json.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(json.getBytes(StandardCharsets.UTF_8));
        }
        MrfFile file = Mrf.open(new LocalByteSource(gz));
        CollectingSink plain = parse(write("mrf.json", json));

        assertThat(file.layout()).isEqualTo(Layout.JSON);
        assertThat(file.splits(16)).containsExactly(new Split(0, 0, Long.MAX_VALUE, 0, 0));
        CollectingSink sink = CollectingSink.parseAll(new LocalByteSource(gz), 16);
        assertThat(sink.rows).hasSize(2).isEqualTo(plain.rows);
        assertThat(file.header().orElseThrow().hospitalName()).isEqualTo("West Mercy Hospital");
    }

    @Test
    void readsAnMrfWrappedInAnArrayButRejectsOtherArrays() throws IOException {
        CollectingSink wrapped = parse(write("wrapped.json", "[" + v3(SIMPLE_ITEM) + "]"));
        MrfFile twoValues = Mrf.open(new LocalByteSource(write("two.json", "[" + v3(SIMPLE_ITEM) + ", {}]")));
        MrfFile numbers = Mrf.open(new LocalByteSource(write("numbers.json", "[1, 2]")));

        assertThat(wrapped.rows).hasSize(1);
        assertThat(rules(wrapped)).containsExactly("Type /");
        assertThat(twoValues.rejection()).get().extracting(RejectedRow::reason).isEqualTo(RejectReason.BAD_HEADER);
        assertThat(numbers.rejection()).get().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.BAD_HEADER);
            assertThat(r.raw()).isEqualTo("[1, 2]");
            assertThat(r.message()).contains("first value is a number");
        });
        assertThat(numbers.splits(1 << 20)).isEmpty();
    }

    @Test
    void decidesTheVersionFromTheKeysWhenTheVersionKeyIsMissing() throws IOException {
        String json = v3(SIMPLE_ITEM).replace("\"version\": \"3.0.0\",", "");
        MrfFile file = Mrf.open(new LocalByteSource(write("noversion.json", json)));

        assertThat(file.header().orElseThrow().templateVersion()).isEqualTo("3.0.0");
        assertThat(file.header().orElseThrow().versionCell()).isEmpty();
        assertThat(file.fileFindings()).extracting(f -> f.rule() + " " + f.location()).containsExactly("Required /");
        assertThat(file.fileFindings().get(0).message()).contains("\"version\"");
    }

    @Test
    void alertsWhenTheVersionDisagreesWithTheKeys() throws IOException {
        String json = v3(SIMPLE_ITEM).replace("\"version\": \"3.0.0\"", "\"version\": \"2.0.0\"");
        MrfFile file = Mrf.open(new LocalByteSource(write("mismatch.json", json)));

        assertThat(file.header().orElseThrow().templateVersion()).isEqualTo("2.0.0");
        assertThat(file.fileFindings()).filteredOn(f -> f.rule().equals("VersionMismatch")).singleElement()
                .satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(Severity.ALERT);
                    assertThat(f.location()).isEqualTo("/version");
                });
    }

    @Test
    void capsARepeatedFindingPerSplit() throws IOException {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 150; i++) {
            items.append(i == 0 ? "" : ",").append(SIMPLE_ITEM.replace("\"outpatient\"", "\"Outpatient\""));
        }
        CollectingSink sink = parse(write("many.json", v3(items.toString())));

        assertThat(sink.findings).filteredOn(f -> f.rule().equals("Enum")).hasSize(101);
        assertThat(sink.findings).filteredOn(f -> f.message().contains("50 more findings of rule Enum")).hasSize(1);
        assertThat(sink.rows).hasSize(150);
    }
}
