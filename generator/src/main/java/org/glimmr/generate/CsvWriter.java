package org.glimmr.generate;

import java.io.OutputStream;

/**
 * What the tall and wide CSV layouts share: rows 1–2 (general data elements of the version) and the item columns
 * before the payer part (description, three code pairs, modifiers, setting, drug unit/type, gross, cash, billing class).
 */
abstract class CsvWriter extends LayoutWriter {
    CsvWriter(GeneratorOptions options, Hospital hospital, PayerPanel panel, Bytes out, OutputStream stream) {
        super(options, hospital, panel, out, stream);
    }

    /** Rows 1 and 2. */
    void generalRows() {
        out.utf8("hospital_name,last_updated_on,version,").utf8(v3 ? "location_name" : "hospital_location")
                .utf8(",hospital_address,license_number|").utf8(hospital.state());
        if (v3) {
            out.utf8(",type_2_npi,").csv(Catalog.ATTESTATION_V3).utf8(",attester_name\n");
        } else {
            out.put(',').csv(Catalog.AFFIRMATION_V2).put('\n');
        }
        // both forms CMS accepts in CSV, chosen by the seed: ISO for even seeds, M/D/YYYY for odd ones
        String date = (options.seed() & 1) == 0 ? hospital.isoDate() : hospital.usDate();
        out.csv(hospital.name()).put(',').utf8(date).put(',').utf8(options.templateVersion()).put(',')
                .csv(hospital.name()).put(',').csv(hospital.address()).put(',').csv(hospital.licenseNumber());
        if (v3) {
            out.put(',').csv(String.join("|", hospital.npis())).utf8(",true,").csv(hospital.attester()).put('\n');
        } else {
            out.utf8(",true\n");
        }
    }

    /** The item columns of row 3, without a trailing comma. */
    void itemHeaders() {
        out.utf8("description");
        for (int i = 1; i <= Item.MAX_CODES; i++) {
            out.utf8(",code|").num(i).utf8(",code|").num(i).utf8("|type");
        }
        out.utf8(",modifiers,setting,drug_unit_of_measurement,drug_type_of_measurement,standard_charge|gross,"
                + "standard_charge|discounted_cash,billing_class");
    }

    /** The item cells, without a trailing comma. */
    void itemCells(Bytes to, Item item) {
        to.put(item.description.csv());
        for (int i = 0; i < Item.MAX_CODES; i++) {
            to.put(',');
            if (i < item.codeCount) {
                to.utf8(item.codes[i]).put(',').utf8(item.codeTypes[i]);
            } else {
                to.put(',');
            }
        }
        to.put(',').utf8(item.modifiers).put(',').put(item.setting.csv()).put(',').utf8(item.drugUnit).put(',')
                .utf8(item.drugType).put(',');
        amount(to, item.gross);
        to.put(',');
        amount(to, item.cash);
        to.put(',').put(item.billingClass.csv());
    }

    static void amount(Bytes to, long cents) {
        if (cents >= 0) {
            to.cents(cents);
        }
    }

    /** The dollar cell of payer entry {@code i}: the amount, a deliberately bad value, or empty. */
    static void dollar(Bytes to, Item item, int i) {
        if (item.kind[i] != Item.DOLLAR) {
            return;
        }
        if (item.badKind[i] != Item.CLEAN) {
            to.put(item.bad[i].csv());
        } else {
            to.cents(item.dollar[i]);
        }
    }

    /**
     * The payer-specific cells after the dollar: percentage, algorithm, then {@code estimated_amount} (2.x: for a
     * percentage or algorithm) or median, 10th, 90th and count (3.0: for a percentage, an algorithm or a dollar that
     * has them). Each cell preceded by a comma.
     */
    void rateCells(Bytes to, Item item, int i) {
        to.put(',');
        if (item.hasPercent(i)) {
            to.tenths(item.percentTenths[i]);
        }
        to.put(',');
        if (item.hasAlgorithm(i)) {
            to.put(item.algorithm[i].csv());
        }
        boolean allowed = item.hasAllowed(i);
        if (v3) {
            to.put(',');
            if (allowed) {
                amount(to, item.median[i]);
            }
            to.put(',');
            if (allowed) {
                amount(to, item.p10[i]);
            }
            to.put(',');
            if (allowed) {
                amount(to, item.p90[i]);
            }
            to.put(',');
            if (allowed) {
                to.put(item.count[i].csv());
            }
        } else {
            to.put(',');
            if (item.kind[i] != Item.DOLLAR) {
                to.cents(item.estimated[i]);
            }
        }
    }

    /** How many payer-specific columns a version has: dollar, percentage, algorithm, allowed amounts, methodology, notes. */
    int payerColumns() {
        return v3 ? 9 : 6;
    }
}
