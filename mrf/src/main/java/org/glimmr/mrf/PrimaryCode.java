package org.glimmr.mrf;

import java.util.List;
import java.util.Optional;

/**
 * Chooses the code an item is compared by across hospitals: the first code of the most specific, most widely
 * shared type. Order: CPT, HCPCS, MS-DRG, APR-DRG, then the other DRG families and grouper codes, NDC, CDT,
 * ICD, RC, and last the hospital-specific CDM and LOCAL. A type not listed ranks just before CDM.
 */
public final class PrimaryCode {
    private static final List<String> PREFERENCE = List.of(
            "CPT", "HCPCS", "MS-DRG", "APR-DRG", "MS-LTC-DRG", "DRG", "R-DRG", "S-DRG", "APS-DRG", "AP-DRG",
            "TRIS-DRG", "CMG", "HIPPS", "APC", "EAPG", "NDC", "CDT", "ICD", "RC", "CDM", "LOCAL");

    private PrimaryCode() {}

    public static Optional<Code> choose(List<Code> codes) {
        Code best = null;
        int bestRank = Integer.MAX_VALUE;
        for (Code code : codes) {
            int rank = rank(code.type());
            if (rank < bestRank) {
                best = code;
                bestRank = rank;
            }
        }
        return Optional.ofNullable(best);
    }

    private static int rank(String type) {
        int index = PREFERENCE.indexOf(type);
        return index >= 0 ? 2 * index : 2 * PREFERENCE.indexOf("CDM") - 1;
    }
}
