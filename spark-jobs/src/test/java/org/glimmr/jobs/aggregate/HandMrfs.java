package org.glimmr.jobs.aggregate;

import org.glimmr.jobs.ingest.TestMrfs;

/**
 * Small valid v3 tall CSV files of one item (CPT 99213, outpatient, unless a test publishes it as another type) with
 * payer rates a test chooses.
 */
final class HandMrfs {
    private HandMrfs() {}

    /** A payer rate in dollars. */
    static String dollar(String payer, String plan, String amount) {
        return payer + "," + plan + "," + amount + ",,,,,,,fee schedule";
    }

    /** A payer rate given only as a percentage, with the v3 allowed-amount fields it then needs. */
    static String percentage(String payer, String plan, String percent) {
        return payer + "," + plan + ",," + percent + ",,150,140,160,25,percent of total billed charges";
    }

    static String tallV3(String hospital, String state, String gross, String cash, String... rates) {
        return tallV3As("CPT", hospital, state, gross, cash, rates);
    }

    /** The item published with code 99213 under {@code codeType} (e.g. HCPCS, as many hospitals do). */
    static String tallV3As(String codeType, String hospital, String state, String gross, String cash, String... rates) {
        StringBuilder b = new StringBuilder()
                .append("hospital_name,last_updated_on,version,location_name,hospital_address,license_number|").append(state)
                .append(",type_2_npi,\"").append(TestMrfs.ATTESTATION).append("\",attester_name\n")
                .append(hospital).append(",2026-06-01,3.0.0,").append(hospital)
                .append(",\"1 Test Way, Springfield, ").append(state).append(" 70000\",12345,1234567893,true,Pat Tester\n")
                .append("description,code|1,code|1|type,modifiers,setting,drug_unit_of_measurement,drug_type_of_measurement,")
                .append("standard_charge|gross,standard_charge|discounted_cash,payer_name,plan_name,")
                .append("standard_charge|negotiated_dollar,standard_charge|negotiated_percentage,")
                .append("standard_charge|negotiated_algorithm,median_amount,10th_percentile,90th_percentile,count,")
                .append("standard_charge|methodology,standard_charge|min,standard_charge|max,additional_generic_notes\n");
        for (String rate : rates) {
            b.append("Office visit established patient,99213,").append(codeType).append(",,outpatient,,,").append(gross).append(',').append(cash)
                    .append(',').append(rate).append(",150,350,\n");
        }
        return b.toString();
    }
}
