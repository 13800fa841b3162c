package org.glimmr.mrf.csv;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes large synthetic CMS CSV files for split, memory and throughput checks, with the quirks real files have:
 * CRLF and LF mixed, quoted cells with commas, quotes and line breaks, blank lines, Windows-1252 bytes, multi-code
 * cells, and now and then a cell that is not a number. It counts what it wrote, so tests know the expected number
 * of canonical rows and rejected values without asking the parser.
 */
final class GeneratedCsv {
    static final String ATTESTATION = "To the best of its knowledge and belief, this hospital has included all applicable"
            + " standard charge information in accordance with the requirements of 45 CFR 180.50, and the information"
            + " encoded is true, accurate, and complete as of the date in the file. This hospital has included all"
            + " payer-specific negotiated charges in dollars that can be expressed as a dollar amount. For payer-specific"
            + " negotiated charges that cannot be expressed as a dollar amount in the machine-readable file or not"
            + " knowable in advance, the hospital attests that the payer-specific negotiated charge is based on a"
            + " contractual algorithm, percentage or formula that precludes the provision of a dollar amount and has"
            + " provided all necessary information available to the hospital for the public to be able to derive the"
            + " dollar amount, including, but not limited to, the specific fee schedule or components referenced in"
            + " such percentage, algorithm or formula.";
    static final String ROW1 = "hospital_name,last_updated_on,version,location_name,hospital_address,license_number|CA,"
            + "type_2_npi,\"" + ATTESTATION + "\",attester_name";
    static final String ROW2 = "Generated Hospital,2026-01-01,3.0.0,Generated Hospital,\"1 Main St, Town, CA 90000\","
            + "12345,1234567890,true,Pat Doe";
    static final String TALL_ROW3 = "description,code|1,code|1|type,code|2,code|2|type,modifiers,setting,"
            + "drug_unit_of_measurement,drug_type_of_measurement,standard_charge|gross,standard_charge|discounted_cash,"
            + "payer_name,plan_name,standard_charge|negotiated_dollar,standard_charge|negotiated_percentage,"
            + "standard_charge|negotiated_algorithm,median_amount,10th_percentile,90th_percentile,count,"
            + "standard_charge|methodology,standard_charge|min,standard_charge|max,additional_generic_notes";
    private static final String[] PAYERS = {"Aetna", "Cigna", "Blue Cross", "United", "Humana", "Kaiser"};
    private static final String[] PLANS = {"PPO", "HMO", "EPO", "Medicare Advantage"};

    /** What was written. */
    /** {@code rejected}: values that are not numbers, each left out of its row(s). */
    record Written(long bytes, long records, long rows, long rejected, long repairs) {}

    private GeneratedCsv() {}

    /** A v3 tall file of about {@code targetBytes}. */
    static Written tall(Path file, long targetBytes, long seed) throws IOException {
        Random random = new Random(seed);
        try (CountingOut out = new CountingOut(Files.newOutputStream(file))) {
            out.line(ROW1, "\r\n");
            out.line(ROW2, "\r\n");
            out.line(TALL_ROW3, "\r\n");
            long records = 0;
            long rows = 0;
            long rejected = 0;
            long repairs = 0;
            StringBuilder sb = new StringBuilder(256);
            while (out.count < targetBytes) {
                records++;
                sb.setLength(0);
                int kind = random.nextInt(1000);
                boolean bad = kind == 7;
                boolean cp1252 = kind == 11;
                sb.append(description(random, kind));
                if (cp1252) {
                    sb.append(" patient\u0001s"); // becomes byte 0x92 below
                    repairs++;
                }
                sb.append(',');
                String code = kind == 3 ? "H2036/H0018" : Integer.toString(10000 + random.nextInt(90000));
                sb.append(code).append(',').append(kind == 3 ? "HCPCS" : "CPT").append(',');
                sb.append(kind % 2 == 0 ? "0" + (100 + random.nextInt(900)) + ",RC," : ",,");
                sb.append(kind % 50 == 0 ? "50|62" : "").append(',');
                sb.append(random.nextBoolean() ? "outpatient" : "inpatient").append(",,,");
                sb.append(bad ? "abc" : money(random)).append(',').append(money(random)).append(',');
                sb.append(PAYERS[random.nextInt(PAYERS.length)]).append(',').append(PLANS[random.nextInt(PLANS.length)]);
                sb.append(',').append(money(random)).append(",,,,,,,fee schedule,");
                sb.append(money(random)).append(',').append(money(random)).append(',');
                if (kind % 10 == 1) {
                    sb.append("\"note, with comma and \"\"quotes\"\"\"");
                }
                byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
                if (cp1252) {
                    for (int i = 0; i < bytes.length; i++) {
                        if (bytes[i] == 1) {
                            bytes[i] = (byte) 0x92;
                        }
                    }
                }
                out.write(bytes);
                out.line("", random.nextBoolean() ? "\r\n" : "\n");
                if (kind == 5) {
                    out.line("", "\n"); // a blank line
                }
                if (bad) {
                    rejected++; // the bad gross is left out; the row is kept
                }
                rows++;
            }
            out.flush();
            return new Written(out.count, records, rows, rejected, repairs);
        }
    }

    private static String description(Random random, int kind) {
        int n = random.nextInt(5000);
        return switch (kind % 4) {
            case 0 -> "Office visit level " + n;
            case 1 -> "\"MRI of brain, no contrast " + n + "\"";
            case 2 -> "\"Knee brace \"\"deluxe\"\" size " + n + "\"";
            default -> kind % 100 == 3 ? "\"Two-line\ndescription " + n + "\"" : "Lab test " + n;
        };
    }

    private static String money(Random random) {
        int cents = 1000 + random.nextInt(5_000_000);
        return (cents / 100) + "." + (cents % 100 < 10 ? "0" : "") + (cents % 100);
    }

    /** The wide row-3 header with {@code groups} payer/plan groups of the 9 v3 columns. */
    static String wideRow3(int groups) {
        StringBuilder sb = new StringBuilder("description,code|1,code|1|type,modifiers,setting,drug_unit_of_measurement,"
                + "drug_type_of_measurement,standard_charge|gross,standard_charge|discounted_cash,standard_charge|min,"
                + "standard_charge|max,additional_generic_notes");
        for (int g = 0; g < groups; g++) {
            String pq = "Payer " + g + "|Plan " + g;
            sb.append(",standard_charge|").append(pq).append("|negotiated_dollar");
            sb.append(",standard_charge|").append(pq).append("|negotiated_percentage");
            sb.append(",standard_charge|").append(pq).append("|negotiated_algorithm");
            sb.append(",median_amount|").append(pq).append(",10th_percentile|").append(pq);
            sb.append(",90th_percentile|").append(pq).append(",count|").append(pq);
            sb.append(",standard_charge|").append(pq).append("|methodology");
            sb.append(",additional_payer_notes|").append(pq);
        }
        return sb.toString();
    }

    /** A v3 wide file of about {@code targetBytes}, {@code groups} payer groups, about {@code filled} filled per row. */
    static Written wide(Path file, int groups, int filled, long targetBytes, long seed) throws IOException {
        Random random = new Random(seed);
        try (CountingOut out = new CountingOut(Files.newOutputStream(file))) {
            out.line(ROW1, "\n");
            out.line(ROW2, "\n");
            out.line(wideRow3(groups), "\n");
            long records = 0;
            long rows = 0;
            long rejected = 0;
            StringBuilder sb = new StringBuilder(groups * 12);
            while (out.count < targetBytes) {
                records++;
                sb.setLength(0);
                int kind = random.nextInt(200);
                boolean bad = kind == 9;
                sb.append(kind % 3 == 0 ? "\"Drug, injectable " + kind + "\"" : "Procedure " + kind).append(',');
                sb.append(20000 + random.nextInt(70000)).append(",CPT,,outpatient,,,");
                sb.append(bad ? "12.3.4" : money(random)).append(',').append(money(random)).append(',');
                sb.append(money(random)).append(',').append(money(random)).append(',');
                sb.append(kind % 7 == 0 ? "\"line one\r\nline two\"" : "");
                int withValues = 0;
                for (int g = 0; g < groups; g++) {
                    boolean fill = kind != 13 && random.nextInt(groups) < filled;
                    if (fill) {
                        withValues++;
                        sb.append(',').append(money(random)).append(",,,,,,,fee schedule,");
                    } else {
                        sb.append(",,,,,,,,,");
                    }
                }
                out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
                out.line("", kind % 2 == 0 ? "\r\n" : "\n");
                if (bad) {
                    rejected++; // the bad gross, once per record; every group's row is kept
                }
                rows += Math.max(1, withValues);
            }
            out.flush();
            return new Written(out.count, records, rows, rejected, 0);
        }
    }

    /** A buffered stream that counts the bytes written. */
    private static final class CountingOut extends BufferedOutputStream {
        long count;

        CountingOut(OutputStream out) {
            super(out, 1 << 16);
        }

        void line(String text, String end) throws IOException {
            write((text + end).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public synchronized void write(byte[] b) throws IOException {
            super.write(b, 0, b.length);
            count += b.length;
        }
    }
}
