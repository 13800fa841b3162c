package org.glimmr.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.glimmr.lakehouse.LakehouseCatalog;
import org.glimmr.lakehouse.LakehouseTables;
import org.glimmr.lakehouse.testing.SharedSpark;
import org.glimmr.mrf.ChargeRow;
import org.glimmr.mrf.Code;
import org.glimmr.mrf.CodeFix;
import org.glimmr.mrf.Layout;
import org.glimmr.mrf.RejectReason;
import org.glimmr.mrf.RejectedRow;
import org.glimmr.mrf.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link ChargeRows} builds rows of {@code silver.standard_charges} by position. Here every field of a
 * {@link ChargeRow} and of its task holds a value no other field holds; the rows go into the real table and each
 * column is read back by name, so two swapped columns of the same type fail.
 */
@ExtendWith(SharedSpark.class)
class ChargeRowsTest {
    private static final SplitTask TASK = new SplitTask(new HadoopByteSource("file:/nowhere.csv", Map.of()), "sha-1",
            "hospital-2", Layout.CSV_TALL, "3.0.0", "2026-03-04", true, "", new Split(0, 0, 10, 1, 0));

    private static Optional<BigDecimal> amount(String v) {
        return Optional.of(new BigDecimal(v));
    }

    private static ChargeRow row(Optional<Long> line, Optional<String> path) {
        // 99213 published as HCPCS with a modifier and an internal id glued on, and a code that is none
        return new ChargeRow("description-3", List.of(new Code("99213-25 [4471]", "HCPCS"), new Code("None", "CDM")),
                Optional.of(new Code("99213-25 [4471]", "HCPCS")), List.of("mod-8", "mod-9"), Optional.of("setting-10"),
                amount("11.000001"), Optional.of("drug-type-12"), amount("13.000002"), amount("14.000003"),
                amount("15.000004"), amount("16.000005"), Optional.of("payer-17"), Optional.of("plan-18"),
                amount("19.000006"), amount("20.000007"), Optional.of("algorithm-21"), Optional.of("methodology-22"),
                amount("23.000008"), amount("24.000009"), amount("25.000010"), amount("26.000011"),
                Optional.of("count-27"), Optional.of("class-28"), Optional.of("generic-29"), Optional.of("payer-notes-30"),
                line, path);
    }

    /** What each column must hold, by name, for {@link #row} with source line 31. */
    private static Map<String, Object> expected() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file_sha256", "sha-1");
        m.put("hospital_id", "hospital-2");
        m.put("description", "description-3");
        m.put("codes", "[[99213,CPT]]");
        m.put("code", "99213");
        m.put("code_type", "CPT");
        m.put("modifiers", "[mod-8, mod-9, 25]");
        m.put("setting", "setting-10");
        m.put("drug_unit", new BigDecimal("11.000001"));
        m.put("drug_type", "drug-type-12");
        m.put("gross_charge", new BigDecimal("13.000002"));
        m.put("discounted_cash", new BigDecimal("14.000003"));
        m.put("minimum", new BigDecimal("15.000004"));
        m.put("maximum", new BigDecimal("16.000005"));
        m.put("payer_name", "payer-17");
        m.put("plan_name", "plan-18");
        m.put("negotiated_dollar", new BigDecimal("19.000006"));
        m.put("negotiated_percentage", new BigDecimal("20.000007"));
        m.put("negotiated_algorithm", "algorithm-21");
        m.put("methodology", "methodology-22");
        m.put("estimated_amount", new BigDecimal("23.000008"));
        m.put("median_amount", new BigDecimal("24.000009"));
        m.put("percentile_10", new BigDecimal("25.000010"));
        m.put("percentile_90", new BigDecimal("26.000011"));
        m.put("allowed_count", "count-27");
        m.put("billing_class", "class-28");
        m.put("generic_notes", "generic-29");
        m.put("payer_notes", "payer-notes-30");
        m.put("source_line", 31L);
        m.put("source_path_in_file", null);
        m.put("layout", "csv_tall");
        m.put("template_version", "3.0.0");
        m.put("last_updated_on", Date.valueOf("2026-03-04"));
        m.put("published_codes", "[[99213-25 [4471],HCPCS], [None,CDM]]");
        m.put("published_code", "99213-25 [4471]");
        m.put("published_code_type", "HCPCS");
        m.put("code_internal_id", "4471");
        m.put("code_fixes", "[CodeNotACode, CodeReadAsCpt, CodeModifierSplit, CodeInternalId]");
        return m;
    }

    @Test
    void everyFieldLandsInTheColumnOfItsName(SharedSpark.Context ctx) throws Exception {
        LakehouseCatalog.create(ctx.spark(), ctx.config(), LakehouseTables.STANDARD_CHARGES);
        ChargeRows rows = new ChargeRows(TASK, r -> {
            throw new AssertionError("nothing is out of range here: " + r);
        });
        String location = LakehouseTables.STANDARD_CHARGES.location(ctx.config().lakehouseRoot());
        // the second row repeats every text of the first: converted once, the values must still land right
        List<InternalRow> internal = List.of(rows.row(row(Optional.of(31L), Optional.empty())),
                rows.row(row(Optional.empty(), Optional.of("path-32"))));
        ChargeRows.dataFrame(ctx.spark(), JavaSparkContext.fromSparkContext(ctx.spark().sparkContext()).parallelize(internal))
                .write().format("delta").mode("append").save(location);

        List<Row> back = ctx.spark().read().format("delta").load(location).orderBy("source_line").collectAsList();
        assertThat(back).hasSize(2);
        Map<String, Object> expected = expected();
        assertThat(List.of(LakehouseTables.STANDARD_CHARGES.schema().fieldNames()))
                .as("every column of the table is checked").containsExactlyInAnyOrderElementsOf(expected.keySet());
        Row lineRow = back.get(1); // nulls sort first: the JSON row (no line) comes first
        Row pathRow = back.get(0);
        for (Map.Entry<String, Object> e : expected.entrySet()) {
            Object actual = value(lineRow, e.getKey());
            if (e.getValue() instanceof BigDecimal d) {
                assertThat((BigDecimal) actual).as(e.getKey()).isEqualByComparingTo(d);
            } else {
                assertThat(actual).as(e.getKey()).isEqualTo(e.getValue());
            }
        }
        assertThat(value(pathRow, "source_path_in_file")).isEqualTo("path-32");
        assertThat(value(pathRow, "source_line")).isNull();
        assertThat(rows.fixes().counts()).as("each kind of fix, counted per row").containsOnlyKeys(CodeFix.NOT_A_CODE,
                CodeFix.READ_AS_CPT, CodeFix.MODIFIER_SPLIT, CodeFix.INTERNAL_ID).allSatisfy((fix, c) -> assertThat(c.rows())
                .as(fix.id()).isEqualTo(2));
        assertThat(rows.fixes().counts().get(CodeFix.READ_AS_CPT).example())
                .isEqualTo("HCPCS \"99213-25 [4471]\" -> CPT \"99213\" with modifiers 25 and internal id 4471");
        assertThat(rows.fixes().counts().get(CodeFix.NOT_A_CODE).example()).isEqualTo("CDM \"None\" -> no code");
    }

    @Test
    void aModifierGluedToTheCodeJoinsTheRowsOnceAfterThem() {
        assertThat(ChargeRows.withGlued(List.of("26"), List.of("25", "26"))).containsExactly("26", "25");
        assertThat(ChargeRows.withGlued(List.of("26"), List.of())).containsExactly("26");
    }

    private static ChargeRow withDollar(String dollar) {
        ChargeRow r = row(Optional.of(31L), Optional.empty());
        return new ChargeRow(r.description(), r.codes(), r.primaryCode(), r.modifiers(), r.setting(), r.drugUnit(),
                r.drugType(), r.grossCharge(), r.discountedCash(), r.minimum(), r.maximum(), r.payerName(), r.planName(),
                amount(dollar), r.negotiatedPercentage(), r.negotiatedAlgorithm(), r.methodology(),
                r.estimatedAmount(), r.medianAmount(), r.percentile10(), r.percentile90(), r.allowedCount(),
                r.billingClass(), r.genericNotes(), r.payerNotes(), r.sourceLine(), r.sourcePath());
    }

    @Test
    void anAmountTooLargeForTheTableIsLeftOutAndTheRowKept() {
        List<RejectedRow> leftOut = new java.util.ArrayList<>();
        ChargeRows rows = new ChargeRows(TASK, leftOut::add);
        int dollar = LakehouseTables.STANDARD_CHARGES.schema().fieldIndex("negotiated_dollar");

        InternalRow row = rows.row(withDollar("123456789012345.5"));

        assertThat(row.isNullAt(dollar)).isTrue();
        assertThat(row.getDecimal(LakehouseTables.STANDARD_CHARGES.schema().fieldIndex("negotiated_percentage"), 20, 6)
                .toJavaBigDecimal()).as("the rest of the row").isEqualByComparingTo("20.000007");
        assertThat(leftOut).singleElement().satisfies(rej -> {
            assertThat(rej.reason()).isEqualTo(RejectReason.AMOUNT_OUT_OF_RANGE);
            assertThat(rej.location()).isEqualTo("line 31, column \"negotiated_dollar\"");
            assertThat(rej.raw()).isEqualTo("123456789012345.5");
        });
        // the long-backed fast path and the BigDecimal one give the table's scale alike
        for (String[] c : new String[][] {{"12.5", "12.500000"}, {"0.000001", "0.000001"}, {"1.0000005", "1.000000"},
                {"1.0000015", "1.000002"}, {"99999999999999.999999", "99999999999999.999999"}, {"1E+3", "1000.000000"},
                {"-40", "-40.000000"}}) {
            assertThat(rows.row(withDollar(c[0])).getDecimal(dollar, 20, 6).toJavaBigDecimal().toPlainString())
                    .as(c[0]).isEqualTo(c[1]);
        }
        assertThat(leftOut).hasSize(1);
    }

    /** A column's value by name; arrays and structs as text. */
    private static Object value(Row row, String column) {
        Object v = row.get(row.fieldIndex(column));
        if (v instanceof scala.collection.Seq<?> seq) {
            return scala.jdk.javaapi.CollectionConverters.asJava(seq).toString();
        }
        return v;
    }
}
