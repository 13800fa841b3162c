package org.glimmr.jobs.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.common.db.GlimmrDatabase;
import org.glimmr.common.testing.TestingPorts;
import org.glimmr.lakehouse.testing.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The export's COPY path ({@link ExportJob#copy}) against PostgreSQL's own reading of what it wrote: every decimal
 * exactly as Spark holds it, whichever way it is stored in Spark's rows (a long up to precision 18, a BigInteger's
 * bytes above: up to eight of them read directly, more through BigDecimal), and text with CSV's special characters.
 */
@ExtendWith(SharedSpark.class)
class PgCopyWriterTest {
    private static final List<String> AMOUNTS = List.of("0", "1", "-1", "0.05", "0.000001", "-0.000001", "101.5", "-101.5",
            "12345678901234.123456",
            "9223372036854.775807", // the largest unscaled value in eight bytes (Long.MAX_VALUE)
            "-9223372036854.775808", // Long.MIN_VALUE, which has no positive counterpart
            "99999999999999.999999", "-99999999999999.999999", // nine bytes: the BigDecimal way
            "-123.456789");
    private static final List<String> LABELS = List.of("plain", "with \"quotes\"", "comma, and\nnewline", "nul\u0000byte",
            "ünïcödé ✓", "", "back\\slash");

    @Test
    void valuesReachPostgresqlExactlyAsSparkHoldsThem(SharedSpark.Context ctx) throws Exception {
        GlimmrConfig config = GlimmrConfig.load(Map.of("GLIMMR_DATA_DIR", ctx.dataDir().toString(),
                "GLIMMR_DB_EMBEDDED_PORT", String.valueOf(TestingPorts.free())), ctx.dataDir());
        StructType schema = new StructType().add("id", DataTypes.IntegerType).add("amount", DataTypes.createDecimalType(20, 6))
                .add("small", DataTypes.createDecimalType(12, 2)).add("label", DataTypes.StringType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < AMOUNTS.size(); i++) {
            BigDecimal amount = new BigDecimal(AMOUNTS.get(i));
            BigDecimal small = amount.abs().compareTo(new BigDecimal("9999999999")) < 0 ? amount.setScale(2, RoundingMode.HALF_UP) : null;
            rows.add(RowFactory.create(i, amount, small, LABELS.get(i % LABELS.size())));
        }
        rows.add(RowFactory.create(AMOUNTS.size(), null, null, null));
        Dataset<Row> data = ctx.spark().createDataFrame(rows, schema).repartition(3);

        try (GlimmrDatabase db = GlimmrDatabase.open(config)) {
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE public.copy_test (id int, amount numeric(20,6), small numeric(12,2), label text)");
            }
            assertThat(ExportJob.copy(data, db, "public.copy_test", List.of("id", "amount", "small", "label"))).isEqualTo(rows.size());

            List<String> expected = new ArrayList<>();
            for (Row r : rows) {
                expected.add(r.getInt(0) + "|" + (r.isNullAt(1) ? "null" : r.getDecimal(1).setScale(6).toPlainString()) + "|"
                        + (r.isNullAt(2) ? "null" : r.getDecimal(2).toPlainString()) + "|"
                        + (r.isNullAt(3) ? "null" : r.getString(3).replace("\u0000", "")));
            }
            List<String> copied = new ArrayList<>();
            try (Connection c = db.connect(); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT id, amount::text, small::text, label FROM public.copy_test ORDER BY id")) {
                while (rs.next()) {
                    copied.add(rs.getInt(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4));
                }
            }
            assertThat(copied).containsExactlyElementsOf(expected);
        }
    }
}
