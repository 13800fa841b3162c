package org.glimmr.jobs.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small v3 tall CSV files written by the tests themselves, with prices the tests know. */
public final class TestMrfs {
    public static final String ATTESTATION = "To the best of its knowledge and belief, this hospital has included all applicable standard"
            + " charge information in accordance with the requirements of 45 CFR 180.50, and the information encoded is true,"
            + " accurate, and complete as of the date in the file. This hospital has included all payer-specific negotiated"
            + " charges in dollars that can be expressed as a dollar amount. For payer-specific negotiated charges that cannot"
            + " be expressed as a dollar amount in the machine-readable file or not knowable in advance, the hospital attests"
            + " that the payer-specific negotiated charge is based on a contractual algorithm, percentage or formula that"
            + " precludes the provision of a dollar amount and has provided all necessary information available to the"
            + " hospital for the public to be able to derive the dollar amount, including, but not limited to, the specific"
            + " fee schedule or components referenced in such percentage, algorithm or formula.";

    private TestMrfs() {}

    /**
     * A valid v3 tall file of one hospital with two items and two payers each (4 canonical rows). The office visit
     * (CPT 99213) for "Acme Health" costs {@code acmeVisitPrice}.
     */
    public static String tallV3(String hospital, String isoDate, String acmeVisitPrice) {
        String header = generalRows(hospital, isoDate)
                + "description,code|1,code|1|type,code|2,code|2|type,modifiers,setting,drug_unit_of_measurement,drug_type_of_measurement,"
                + "standard_charge|gross,standard_charge|discounted_cash,payer_name,plan_name,standard_charge|negotiated_dollar,"
                + "standard_charge|negotiated_percentage,standard_charge|negotiated_algorithm,median_amount,10th_percentile,"
                + "90th_percentile,count,standard_charge|methodology,standard_charge|min,standard_charge|max,additional_generic_notes\n";
        String min = new java.math.BigDecimal(acmeVisitPrice).min(new java.math.BigDecimal("95")).toPlainString();
        String max = new java.math.BigDecimal(acmeVisitPrice).max(new java.math.BigDecimal("95")).toPlainString();
        return header
                + "Office visit established patient,99213,CPT,0510,RC,,outpatient,,,250,200,Acme Health,PPO," + acmeVisitPrice + ",,,,,,,fee schedule," + min + "," + max + ",\n"
                + "Office visit established patient,99213,CPT,0510,RC,,outpatient,,,250,200,Bolt Insurance,HMO,95,,,,,,,fee schedule," + min + "," + max + ",\n"
                + "Complete blood count,85025,CPT,,,,outpatient,,,40,30,Acme Health,PPO,12.5,,,,,,,fee schedule,11,12.5,\n"
                + "Complete blood count,85025,CPT,,,,outpatient,,,40,30,Bolt Insurance,HMO,11,,,,,,,fee schedule,11,12.5,\n";
    }

    /**
     * A v3 wide file of one hospital, three payer groups (Aetna PPO, Bolt HMO, Cedar Care without a plan) and two
     * items: 5 canonical rows. In the MRI's row (line 4) Aetna's negotiated_percentage is {@code aetnaPercentage}
     * beside its dollar 1200 and methodology per diem.
     */
    public static String wideV3(String hospital, String isoDate, String aetnaPercentage) {
        return generalRows(hospital, isoDate)
                + "description,code|1,code|1|type,setting,standard_charge|gross,standard_charge|discounted_cash,"
                + "standard_charge|min,standard_charge|max,additional_generic_notes,"
                + "standard_charge|Aetna|PPO|negotiated_dollar,standard_charge|Aetna|PPO|negotiated_percentage,"
                + "standard_charge|Aetna|PPO|methodology,standard_charge|Bolt|HMO|negotiated_dollar,"
                + "standard_charge|Bolt|HMO|methodology,standard_charge|Cedar Care|negotiated_dollar,"
                + "standard_charge|Cedar Care|methodology\n"
                + "MRI brain,70551,CPT,outpatient,3000,2500,900,1200,," + "1200," + aetnaPercentage + ",per diem,950,case rate,900,fee schedule\n"
                + "Office visit,99213,CPT,outpatient,250,200,80,95,,95,,fee schedule,80,fee schedule,,\n";
    }

    /** Rows 1 and 2: the general headers and their values; {@code isoDate} may be empty (an undated file). */
    private static String generalRows(String hospital, String isoDate) {
        return "hospital_name,last_updated_on,version,location_name,hospital_address,license_number|TX,type_2_npi,\""
                + ATTESTATION + "\",attester_name\n"
                + hospital + "," + isoDate + ",3.0.0," + hospital + ",\"1 Test Way, Austin, TX 78701\",12345,1234567893,true,Pat Tester\n";
    }

    public static Path write(Path dir, String name, String content) {
        try {
            Files.createDirectories(dir);
            return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
