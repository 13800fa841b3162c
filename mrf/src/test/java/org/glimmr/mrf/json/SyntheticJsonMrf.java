package org.glimmr.mrf.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a deterministic v3 JSON MRF of a chosen size with a streaming generator (never in memory): items with two
 * codes, one or two standard charges, a few payers each (dollar rows, percentage rows with allowed amounts, notes),
 * and header keys both before and after the big array.
 */
final class SyntheticJsonMrf {
    private static final String[] METHODOLOGIES = {"fee schedule", "case rate", "per diem", "percent of total billed charges"};

    private SyntheticJsonMrf() {}

    /** What was written: items in standard_charge_information and canonical rows they make. */
    record Written(long items, long rows) {
        Written {
            if (items < 0 || rows < items) {
                throw new IllegalArgumentException("bad counts: " + items + " items, " + rows + " rows");
            }
        }
    }

    /** Writes items until the file has at least {@code bytes} bytes. */
    static Written write(Path path, long bytes, boolean pretty) throws IOException {
        JsonFactory factory = new JsonFactory();
        long items = 0;
        long rows = 0;
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
                CountingStream counted = new CountingStream(file);
                JsonGenerator g = factory.createGenerator(counted, JsonEncoding.UTF8)) {
            if (pretty) {
                g.useDefaultPrettyPrinter();
            }
            g.writeStartObject();
            g.writeStringField("hospital_name", "Synthetic General");
            g.writeStringField("last_updated_on", "2026-04-01");
            g.writeStringField("version", "3.0.0");
            g.writeArrayFieldStart("location_name");
            g.writeString("Synthetic General");
            g.writeEndArray();
            g.writeArrayFieldStart("standard_charge_information");
            while (counted.count + g.getOutputBuffered() < bytes) {
                rows += item(g, items++);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("hospital_address");
            g.writeString("1 Main St, Springfield, IL 62701");
            g.writeEndArray();
            g.writeArrayFieldStart("type_2_npi");
            g.writeString("1234567893");
            g.writeEndArray();
            g.writeObjectFieldStart("license_information");
            g.writeStringField("license_number", "0001");
            g.writeStringField("state", "IL");
            g.writeEndObject();
            g.writeObjectFieldStart("attestation");
            g.writeStringField("attestation", CmsJsonSchema.ATTESTATION);
            g.writeBooleanField("confirm_attestation", true);
            g.writeStringField("attester_name", "Pat Attester");
            g.writeEndObject();
            g.writeEndObject();
        }
        return new Written(items, rows);
    }

    /** Writes one item; returns how many canonical rows it makes. */
    private static int item(JsonGenerator g, long i) throws IOException {
        g.writeStartObject();
        g.writeStringField("description", "Synthetic service number " + i + " with a longer descriptive text");
        g.writeArrayFieldStart("code_information");
        code(g, String.format("%05d", i % 100_000), "CPT");
        code(g, "0" + (100 + i % 900), "RC");
        g.writeEndArray();
        g.writeArrayFieldStart("standard_charges");
        int charges = i % 5 == 0 ? 2 : 1;
        int rows = 0;
        for (int c = 0; c < charges; c++) {
            g.writeStartObject();
            g.writeStringField("setting", c == 0 ? "outpatient" : "inpatient");
            g.writeFieldName("gross_charge");
            g.writeNumber((1000 + i % 9000) + ".50");
            g.writeFieldName("discounted_cash");
            g.writeNumber((900 + i % 8000) + ".25");
            g.writeFieldName("minimum");
            g.writeNumber(100 + i % 50);
            g.writeFieldName("maximum");
            g.writeNumber(2000 + i % 70);
            if (i % 7 == 3) {
                g.writeStringField("additional_generic_notes", "Generic note " + i);
                rows++;
            } else {
                payers(g, i, c, 2 + (int) (i % 4));
                rows += 2 + (int) (i % 4);
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        return rows;
    }

    private static void payers(JsonGenerator g, long i, int c, int payers) throws IOException {
        g.writeArrayFieldStart("payers_information");
        for (int k = 0; k < payers; k++) {
            g.writeStartObject();
            g.writeStringField("payer_name", "Payer " + (char) ('A' + (i + k) % 7));
            g.writeStringField("plan_name", k % 2 == 0 ? "PPO" : "HMO");
            g.writeStringField("methodology", METHODOLOGIES[(int) ((i + k + c) % METHODOLOGIES.length)]);
            if (k % 3 == 2) {
                g.writeFieldName("standard_charge_percentage");
                g.writeNumber(40 + (i + k) % 60);
                g.writeFieldName("median_amount");
                g.writeNumber((500 + i % 100) + ".10");
                g.writeFieldName("10th_percentile");
                g.writeNumber((300 + i % 100) + ".05");
                g.writeFieldName("90th_percentile");
                g.writeNumber((800 + i % 100) + ".95");
                g.writeStringField("count", i % 2 == 0 ? "1 through 10" : String.valueOf(11 + i % 500));
            } else {
                g.writeFieldName("standard_charge_dollar");
                g.writeNumber((150 + (i * 7 + k) % 1850) + "." + (10 + k));
            }
            if (k == 1) {
                g.writeStringField("additional_payer_notes", "Paid per contract section " + (i % 40));
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void code(JsonGenerator g, String code, String type) throws IOException {
        g.writeStartObject();
        g.writeStringField("code", code);
        g.writeStringField("type", type);
        g.writeEndObject();
    }

    /** Counts bytes written through it (to stop at a size). */
    private static final class CountingStream extends java.io.FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
