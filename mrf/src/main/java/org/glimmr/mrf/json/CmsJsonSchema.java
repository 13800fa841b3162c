package org.glimmr.mrf.json;

import java.util.List;
import java.util.Set;

/**
 * What the CMS JSON schemas say, as constants: enumerations, statement texts and required top-level keys of the
 * v2.2 and v3.0 schemas ({@code V2.2.0_Hospital_price_transparency_schema.json}, {@code V3.0.0_...}).
 * JSON enumerations are case-sensitive in the CMS validator.
 */
final class CmsJsonSchema {
    static final String V2 = "2.0.0";
    static final String V3 = "3.0.0";

    static final List<String> CODE_TYPES_V2 = List.of("CPT", "HCPCS", "ICD", "DRG", "MS-DRG", "R-DRG", "S-DRG",
            "APS-DRG", "AP-DRG", "APR-DRG", "TRIS-DRG", "APC", "NDC", "HIPPS", "LOCAL", "EAPG", "CDT", "RC", "CDM");
    static final List<String> CODE_TYPES_V3 = concat(CODE_TYPES_V2, List.of("CMG", "MS-LTC-DRG"));
    static final List<String> DRUG_TYPES = List.of("GR", "ML", "ME", "UN", "F2", "GM", "EA");
    static final List<String> SETTINGS = List.of("inpatient", "outpatient", "both");
    static final List<String> METHODOLOGIES = List.of("case rate", "fee schedule", "percent of total billed charges",
            "per diem", "other");
    static final List<String> BILLING_CLASSES = List.of("professional", "facility", "both");
    static final Set<String> STATES = Set.of("AL", "AK", "AS", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FM", "FL",
            "GA", "GU", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MH", "MD", "MA", "MI", "MN", "MS", "MO",
            "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "MP", "OH", "OK", "OR", "PW", "PA", "PR", "RI", "SC",
            "SD", "TN", "TX", "UT", "VT", "VI", "VA", "WA", "WV", "WI", "WY");

    /** The v2 affirmation statement ({@code affirmation.affirmation} const). */
    static final String AFFIRMATION = "To the best of its knowledge and belief, the hospital has included all "
            + "applicable standard charge information in accordance with the requirements of 45 CFR 180.50, and the "
            + "information encoded is true, accurate, and complete as of the date indicated.";

    /** The v3 attestation statement ({@code attestation.attestation} const). */
    static final String ATTESTATION = "To the best of its knowledge and belief, this hospital has included all "
            + "applicable standard charge information in accordance with the requirements of 45 CFR 180.50, and the "
            + "information encoded is true, accurate, and complete as of the date in the file. This hospital has "
            + "included all payer-specific negotiated charges in dollars that can be expressed as a dollar amount. "
            + "For payer-specific negotiated charges that cannot be expressed as a dollar amount in the "
            + "machine-readable file or not knowable in advance, the hospital attests that the payer-specific "
            + "negotiated charge is based on a contractual algorithm, percentage or formula that precludes the "
            + "provision of a dollar amount and has provided all necessary information available to the hospital "
            + "for the public to be able to derive the dollar amount, including, but not limited to, the specific "
            + "fee schedule or components referenced in such percentage, algorithm or formula.";

    static final List<String> REQUIRED_TOP_V2 = List.of("hospital_name", "standard_charge_information",
            "last_updated_on", "hospital_location", "hospital_address", "license_information", "affirmation", "version");
    static final List<String> REQUIRED_TOP_V3 = List.of("hospital_name", "standard_charge_information",
            "last_updated_on", "location_name", "hospital_address", "type_2_npi", "license_information", "attestation",
            "version");

    /** Version cells the CMS validator accepts without a version alert, per rule set. */
    static final Set<String> ACCEPTED_CELLS_V2 = Set.of("2.0.0", "2.1.0", "2.2.0", "2.2.1");
    static final Set<String> ACCEPTED_CELLS_V3 = Set.of("3.0.0");

    /** The v3 {@code count} pattern. */
    static final java.util.regex.Pattern COUNT = java.util.regex.Pattern.compile(
            "^(0|1 through 10|1[1-9]|[2-9]\\d+|[1-9]\\d{2,})$");

    private CmsJsonSchema() {}

    static List<String> codeTypes(boolean v3) {
        return v3 ? CODE_TYPES_V3 : CODE_TYPES_V2;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        java.util.ArrayList<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
