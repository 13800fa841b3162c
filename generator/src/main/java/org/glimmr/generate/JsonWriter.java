package org.glimmr.generate;

import java.io.IOException;
import java.io.OutputStream;

/**
 * JSON per the version's schema: the general keys first, then {@code standard_charge_information} with one element
 * per line (one {@code standard_charges} entry each), then {@code modifier_information} after the array, as the CMS
 * examples place it. 2.x: {@code hospital_location}, {@code affirmation}, {@code drug_information.unit} as a string,
 * {@code estimated_amount}; 3.0: {@code location_name}, {@code type_2_npi}, {@code attestation} with its attester,
 * numeric drug unit, {@code modifier_code}, allowed amounts and count.
 */
final class JsonWriter extends LayoutWriter {
    private boolean first = true;
    private final byte[] openItemBytes = ascii("{\"description\":");
    private final byte[] codesBytes = ascii(",\"code_information\":[");
    private final byte[] firstCodeBytes = ascii("{\"code\":");
    private final byte[] nextCodeBytes = ascii(",{\"code\":");
    private final byte[] typeBytes = ascii(",\"type\":");
    private final byte[] drugBytes = ascii(",\"drug_information\":{\"unit\":");
    private final byte[] chargesBytes = ascii(",\"standard_charges\":[{\"setting\":");
    private final byte[] modifiersBytes = ascii(",\"modifier_code\":[");
    private final byte[] billingBytes = ascii(",\"billing_class\":");
    private final byte[] payersBytes = ascii(",\"payers_information\":[");
    private final byte[] closeItemBytes = ascii("}]}");
    private final byte[] payerBytes = ascii("{\"payer_name\":");
    private final byte[] planBytes = ascii(",\"plan_name\":");
    private final byte[] methodologyBytes = ascii(",\"methodology\":");
    private final byte[] dollarBytes = ascii(",\"standard_charge_dollar\":");
    private final byte[] percentBytes = ascii(",\"standard_charge_percentage\":");
    private final byte[] algorithmBytes = ascii(",\"standard_charge_algorithm\":");
    private final byte[] countBytes = ascii(",\"count\":");
    private final byte[] notesBytes = ascii(",\"additional_payer_notes\":");
    private final byte[] genericNotesBytes = ascii(",\"additional_generic_notes\":");
    private final byte[] nextItemBytes = ascii(",\n");
    private final byte[] gross = key("gross_charge");
    private final byte[] cash = key("discounted_cash");
    private final byte[] minimum = key("minimum");
    private final byte[] maximum = key("maximum");
    private final byte[] median = key("median_amount");
    private final byte[] p10 = key("10th_percentile");
    private final byte[] p90 = key("90th_percentile");
    private final byte[] estimated = key("estimated_amount");

    JsonWriter(GeneratorOptions options, Hospital hospital, PayerPanel panel, Bytes out, OutputStream stream) {
        super(options, hospital, panel, out, stream);
    }

    @Override
    void header() {
        out.utf8("{\"hospital_name\":").json(hospital.name())
                .utf8(",\"last_updated_on\":").json(hospital.isoDate())
                .utf8(",\"version\":").json(options.templateVersion())
                .utf8(v3 ? ",\"location_name\":[" : ",\"hospital_location\":[").json(hospital.name())
                .utf8("],\"hospital_address\":[").json(hospital.address()).put(']');
        if (v3) {
            out.utf8(",\"type_2_npi\":[");
            for (int i = 0; i < hospital.npis().size(); i++) {
                if (i > 0) {
                    out.put(',');
                }
                out.json(hospital.npis().get(i));
            }
            out.put(']');
        }
        out.utf8(",\"license_information\":{\"license_number\":").json(hospital.licenseNumber())
                .utf8(",\"state\":").json(hospital.state()).put('}');
        if (v3) {
            out.utf8(",\"attestation\":{\"attestation\":").json(Catalog.ATTESTATION_V3)
                    .utf8(",\"confirm_attestation\":true,\"attester_name\":").json(hospital.attester()).put('}');
        } else {
            out.utf8(",\"affirmation\":{\"affirmation\":").json(Catalog.AFFIRMATION_V2)
                    .utf8(",\"confirm_affirmation\":true}");
        }
        out.utf8(",\"standard_charge_information\":[\n");
    }

    @Override
    void item(Item item) throws IOException {
        if (!first) {
            out.put(nextItemBytes);
        }
        first = false;
        out.put(openItemBytes).put(item.description.json()).put(codesBytes);
        for (int i = 0; i < item.codeCount; i++) {
            out.put(i == 0 ? firstCodeBytes : nextCodeBytes).json(item.codes[i]).put(typeBytes)
                    .json(item.codeTypes[i]).put('}');
        }
        out.put(']');
        if (!item.drugType.isEmpty()) {
            out.put(drugBytes);
            if (v3) {
                out.utf8(item.drugUnit);
            } else {
                out.json(item.drugUnit);
            }
            out.put(typeBytes).json(item.drugType).put('}');
        }
        out.put(chargesBytes).put(item.setting.json());
        amount(gross, item.gross);
        amount(cash, item.cash);
        amount(minimum, item.min);
        amount(maximum, item.max);
        if (v3 && !item.modifiers.isEmpty()) {
            out.put(modifiersBytes);
            String[] parts = item.modifiers.split("\\|");
            for (int i = 0; i < parts.length; i++) {
                if (i > 0) {
                    out.put(',');
                }
                out.json(parts[i]);
            }
            out.put(']');
        }
        out.put(billingBytes).put(item.billingClass.json());
        if (item.genericNotes != null) {
            out.put(genericNotesBytes).put(item.genericNotes.json());
        }
        if (item.payerCount > 0) {
            out.put(payersBytes);
            for (int i = 0; i < item.payerCount; i++) {
                if (i > 0) {
                    out.put(',');
                }
                payer(item, i);
            }
            out.put(']');
        }
        out.put(closeItemBytes);
        drainIfFull();
    }

    private void payer(Item item, int i) {
        PayerPanel.Group group = panel.get(item.group[i]);
        out.put(payerBytes).put(group.payerJson()).put(planBytes).put(group.planJson())
                .put(methodologyBytes).put(item.methodology[i].json());
        switch (item.kind[i]) {
            case Item.DOLLAR -> {
                out.put(dollarBytes);
                if (item.badKind[i] != Item.CLEAN) {
                    out.put(item.bad[i].json());
                } else {
                    out.cents(item.dollar[i]);
                }
            }
            case Item.PERCENT -> out.put(percentBytes).tenths(item.percentTenths[i]);
            default -> out.put(algorithmBytes).put(item.algorithm[i].json());
        }
        if (item.withPercent[i]) {
            out.put(percentBytes).tenths(item.percentTenths[i]);
        }
        if (item.withAlgorithm[i]) {
            out.put(algorithmBytes).put(item.algorithm[i].json());
        }
        if (v3 && item.hasAllowed(i)) {
            amount(median, item.median[i]);
            amount(p10, item.p10[i]);
            amount(p90, item.p90[i]);
            out.put(countBytes).put(item.count[i].json());
        } else if (!v3 && item.kind[i] != Item.DOLLAR) {
            amount(estimated, item.estimated[i]);
        }
        if (item.notes[i] != null) {
            out.put(notesBytes).put(item.notes[i].json());
        }
        out.put('}');
    }

    private void amount(byte[] key, long cents) {
        if (cents >= 0) {
            out.put(key).cents(cents);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** {@code ,"key":} */
    private static byte[] key(String key) {
        return ascii(",\"" + key + "\":");
    }

    @Override
    void footer() {
        out.utf8("\n],\"modifier_information\":[");
        modifier("Bilateral procedure", "50", "150% payment adjustment for the item or service to which the modifier is appended");
        out.put(',');
        modifier("Professional component", "26", "Professional component paid at 40% of the global rate");
        out.put(',');
        modifier("Technical component", "TC", "Technical component paid at 60% of the global rate");
        out.utf8("]}\n");
    }

    private void modifier(String description, String code, String payerDescription) {
        out.put(openItemBytes).json(description).utf8(",\"code\":").json(code);
        if (v3) {
            out.utf8(",\"setting\":\"both\"");
        }
        out.utf8(",\"modifier_payer_information\":[");
        int n = Math.min(3, panel.size());
        for (int g = 0; g < n; g++) {
            PayerPanel.Group group = panel.get(g);
            if (g > 0) {
                out.put(',');
            }
            out.put(payerBytes).put(group.payerJson()).put(planBytes).put(group.planJson())
                    .utf8(",\"description\":").json(payerDescription).put('}');
        }
        out.utf8("]}");
    }
}
