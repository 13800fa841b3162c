package org.glimmr.generate;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A small, independent re-statement of the CMS rules of SPEC-NOTES §4, §5 and §6 (what the CMS validator enforces
 * for CSV, and the JSON schemas' required keys, types and conditionals), for checking the generator's output and the
 * sample files without the project's parsers. Returns the violations found, each naming where; empty means valid.
 * Version-gated like the validator: {@code 2.0.0} files get the v2.2 rules, {@code 3.0.0} files the 3.0 rules.
 */
final class TestingCmsRules {
    private TestingCmsRules() {}

    static final Pattern NUMBER = Pattern.compile("^(?:\\d+|\\d+\\.\\d+|\\d+\\.|\\.\\d+)$");
    static final Pattern COUNT = Pattern.compile("^(0|1 through 10|1[1-9]|[2-9]\\d+|[1-9]\\d{2,})$",
            Pattern.CASE_INSENSITIVE);
    static final Pattern US_DATE = Pattern.compile("^(\\d{1,2})/(\\d{1,2})/(\\d{4})$");
    static final Pattern ISO_DATE = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}$");
    static final Set<String> SETTINGS = Set.of("inpatient", "outpatient", "both");
    static final Set<String> METHODOLOGIES = Set.of("case rate", "fee schedule", "percent of total billed charges",
            "per diem", "other");
    static final Set<String> DRUG_TYPES = Set.of("GR", "ME", "ML", "UN", "F2", "EA", "GM");
    static final Set<String> BILLING_CLASSES = Set.of("professional", "facility", "both");
    static final Set<String> CODE_TYPES_V2 = Set.of("CPT", "NDC", "HCPCS", "RC", "ICD", "DRG", "MS-DRG", "R-DRG",
            "S-DRG", "APS-DRG", "AP-DRG", "APR-DRG", "APC", "LOCAL", "EAPG", "HIPPS", "CDT", "CDM", "TRIS-DRG");
    static final Set<String> CODE_TYPES_V3;
    static final Set<String> STATES_CSV = Set.of("AL", "AK", "AS", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL",
            "GA", "GU", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT",
            "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "MP", "OH", "OK", "OR", "PA", "PR", "RI", "SC", "SD", "TN",
            "TX", "UT", "VT", "VI", "VA", "WA", "WV", "WI", "WY");

    static {
        Set<String> v3 = new HashSet<>(CODE_TYPES_V2);
        v3.add("CMG");
        v3.add("MS-LTC-DRG");
        CODE_TYPES_V3 = Set.copyOf(v3);
    }

    // ---------------------------------------------------------------- CSV

    static List<String> checkCsv(TestingMrfReader.Csv csv, String version) {
        List<String> v = new ArrayList<>();
        boolean v3 = version.equals("3.0.0");
        generalCsv(csv, v3, v);
        boolean tall = csv.isTall();
        Map<String, List<Integer>> groups = csv.wideGroups();
        if (tall == !groups.isEmpty()) {
            v.add("row 3: ambiguous layout (tall " + tall + ", wide groups " + groups.size() + ")");
            return v;
        }
        int codes = 0;
        Set<String> seen = new HashSet<>();
        for (String h : csv.headers()) {
            if (!h.isEmpty() && !seen.add(h)) {
                v.add("row 3: duplicate header " + h);
            }
            if (h.matches("code\\|\\d+(\\|type)?")) {
                codes = Math.max(codes, Integer.parseInt(h.split("\\|")[1]));
            }
        }
        List<String> required = new ArrayList<>(List.of("description", "setting", "standard_charge|gross",
                "standard_charge|discounted_cash", "standard_charge|min", "standard_charge|max",
                "additional_generic_notes", "drug_unit_of_measurement", "drug_type_of_measurement", "modifiers"));
        for (int i = 1; i <= Math.max(1, codes); i++) {
            required.add("code|" + i);
            required.add("code|" + i + "|type");
        }
        if (tall) {
            required.addAll(List.of("payer_name", "plan_name", "standard_charge|negotiated_dollar",
                    "standard_charge|negotiated_percentage", "standard_charge|negotiated_algorithm",
                    "standard_charge|methodology"));
            required.addAll(v3 ? List.of("median_amount", "10th_percentile", "90th_percentile", "count")
                    : List.of("estimated_amount"));
        } else {
            for (String g : groups.keySet()) {
                for (String suffix : List.of("negotiated_dollar", "negotiated_percentage", "negotiated_algorithm",
                        "methodology")) {
                    required.add("standard_charge|" + g + "|" + suffix);
                }
                required.add("additional_payer_notes|" + g);
                if (v3) {
                    for (String prefix : List.of("median_amount", "10th_percentile", "90th_percentile", "count")) {
                        required.add(prefix + "|" + g);
                    }
                } else {
                    required.add("estimated_amount|" + g);
                }
            }
        }
        for (String r : required) {
            if (csv.column(r) < 0) {
                v.add("row 3: missing column " + r);
            }
        }
        if (!v.isEmpty()) {
            return v;
        }
        if (csv.records().isEmpty()) {
            v.add("no data rows");
        }
        for (int r = 0; r < csv.records().size(); r++) {
            String[] rec = csv.records().get(r);
            String where = "data record " + (r + 1);
            Item item = item(csv, rec, codes, v3, where, v);
            if (tall) {
                Slot slot = new Slot(csv.cell(rec, "payer_name"), csv.cell(rec, "plan_name"),
                        csv.cell(rec, "standard_charge|negotiated_dollar"),
                        csv.cell(rec, "standard_charge|negotiated_percentage"),
                        csv.cell(rec, "standard_charge|negotiated_algorithm"),
                        csv.cell(rec, "standard_charge|methodology"), csv.cell(rec, "estimated_amount"),
                        csv.cell(rec, "median_amount"), csv.cell(rec, "10th_percentile"),
                        csv.cell(rec, "90th_percentile"), csv.cell(rec, "count"),
                        csv.cell(rec, "additional_generic_notes"));
                slotRules(item, slot, true, v3, where, v);
                itemCharge(item, List.of(slot), where, v);
            } else {
                List<Slot> slots = new ArrayList<>();
                for (String g : groups.keySet()) {
                    Slot slot = new Slot(g, g, csv.cell(rec, "standard_charge|" + g + "|negotiated_dollar"),
                            csv.cell(rec, "standard_charge|" + g + "|negotiated_percentage"),
                            csv.cell(rec, "standard_charge|" + g + "|negotiated_algorithm"),
                            csv.cell(rec, "standard_charge|" + g + "|methodology"),
                            csv.cell(rec, "estimated_amount|" + g), csv.cell(rec, "median_amount|" + g),
                            csv.cell(rec, "10th_percentile|" + g), csv.cell(rec, "90th_percentile|" + g),
                            csv.cell(rec, "count|" + g), csv.cell(rec, "additional_payer_notes|" + g));
                    if (slot.any()) {
                        slots.add(slot);
                        slotRules(item, slot, false, v3, where + " group " + g, v);
                    }
                }
                itemCharge(item, slots, where, v);
            }
        }
        return v;
    }

    private static void generalCsv(TestingMrfReader.Csv csv, boolean v3, List<String> v) {
        String statement = (v3 ? Catalog.ATTESTATION_V3 : Catalog.AFFIRMATION_V2).toLowerCase(Locale.ROOT);
        List<String> required = v3
                ? List.of("hospital_name", "last_updated_on", "version", "location_name", "hospital_address",
                        "type_2_npi", statement, "attester_name")
                : List.of("hospital_name", "last_updated_on", "version", "hospital_location", "hospital_address",
                        statement);
        Set<String> seen = new HashSet<>();
        for (String h : csv.generalHeaders()) {
            if (!h.isEmpty() && !seen.add(h)) {
                v.add("row 1: duplicate header " + h);
            }
        }
        for (String r : required) {
            if (!csv.generalHeaders().contains(r)) {
                v.add("row 1: missing header " + (r.length() > 40 ? r.substring(0, 40) + "…" : r));
            } else if (csv.general(r).isEmpty()) {
                v.add("row 2: no value under " + (r.length() > 40 ? r.substring(0, 40) + "…" : r));
            }
        }
        long licenses = csv.generalHeaders().stream().filter(h -> h.startsWith("license_number")).count();
        if (licenses != 1) {
            v.add("row 1: expected one license_number|ST header, found " + licenses);
        }
        for (String h : csv.generalHeaders()) {
            if (h.startsWith("license_number")) {
                String[] parts = h.split("\\|");
                if (parts.length != 2 || !STATES_CSV.contains(parts[1].toUpperCase(Locale.ROOT))) {
                    v.add("row 1: bad license header " + h);
                }
            }
        }
        if (!validDate(csv.general("last_updated_on"), true)) {
            v.add("row 2: bad last_updated_on " + csv.general("last_updated_on"));
        }
        String value = csv.general(statement).toLowerCase(Locale.ROOT);
        if (!value.equals("true")) {
            v.add("row 2: statement value should be true, is " + value);
        }
        String version = csv.general("version");
        if (!version.equals(v3 ? "3.0.0" : "2.0.0")) {
            v.add("row 2: version cell " + version);
        }
    }

    static boolean validDate(String s, boolean allowUs) {
        try {
            if (ISO_DATE.matcher(s).matches()) {
                LocalDate.parse(s);
                return true;
            }
            var m = US_DATE.matcher(s);
            if (allowUs && m.matches()) {
                LocalDate.of(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
                return true;
            }
        } catch (java.time.DateTimeException e) {
            return false;
        }
        return false;
    }

    private record Item(boolean hasCode, boolean modifierRow, String gross, String cash, String min, String max) {}

    private record Slot(String payer, String plan, String dollar, String percentage, String algorithm,
                        String methodology, String estimated, String median, String p10, String p90, String count,
                        String notes) {
        boolean charge() {
            return !dollar.isEmpty() || !percentage.isEmpty() || !algorithm.isEmpty();
        }

        boolean any() {
            return charge() || !methodology.isEmpty() || !estimated.isEmpty() || !median.isEmpty() || !p10.isEmpty()
                    || !p90.isEmpty() || !count.isEmpty() || !notes.isEmpty();
        }
    }

    private static Item item(TestingMrfReader.Csv csv, String[] rec, int codes, boolean v3, String where, List<String> v) {
        if (csv.cell(rec, "description").isEmpty()) {
            v.add(where + ": no description");
        }
        boolean hasCode = false;
        boolean ndc = false;
        Set<String> types = v3 ? CODE_TYPES_V3 : CODE_TYPES_V2;
        for (int i = 1; i <= codes; i++) {
            String code = csv.cell(rec, "code|" + i);
            String type = csv.cell(rec, "code|" + i + "|type");
            if (code.isEmpty() != type.isEmpty()) {
                v.add(where + ": code|" + i + " and its type must come together (" + code + "/" + type + ")");
            }
            if (!type.isEmpty() && !types.contains(type.toUpperCase(Locale.ROOT))) {
                v.add(where + ": bad code type " + type);
            }
            hasCode |= !code.isEmpty() && !type.isEmpty();
            ndc |= type.equalsIgnoreCase("NDC");
        }
        String setting = csv.cell(rec, "setting");
        if (!SETTINGS.contains(setting.toLowerCase(Locale.ROOT))) {
            v.add(where + ": bad setting '" + setting + "'");
        }
        String unit = csv.cell(rec, "drug_unit_of_measurement");
        String drugType = csv.cell(rec, "drug_type_of_measurement");
        number(unit, where + " drug unit", v);
        if (!drugType.isEmpty() && !DRUG_TYPES.contains(drugType.toUpperCase(Locale.ROOT))) {
            v.add(where + ": bad drug type " + drugType);
        }
        if (unit.isEmpty() != drugType.isEmpty()) {
            v.add(where + ": drug unit and type must come together");
        }
        if (ndc && (unit.isEmpty() || drugType.isEmpty())) {
            v.add(where + ": NDC item without drug unit and type");
        }
        String billing = csv.cell(rec, "billing_class");
        if (!billing.isEmpty() && !BILLING_CLASSES.contains(billing.toLowerCase(Locale.ROOT))) {
            v.add(where + ": bad billing class " + billing);
        }
        Item item = new Item(hasCode, !hasCode && !csv.cell(rec, "modifiers").isEmpty(),
                csv.cell(rec, "standard_charge|gross"), csv.cell(rec, "standard_charge|discounted_cash"),
                csv.cell(rec, "standard_charge|min"), csv.cell(rec, "standard_charge|max"));
        number(item.gross, where + " gross", v);
        number(item.cash, where + " discounted cash", v);
        number(item.min, where + " min", v);
        number(item.max, where + " max", v);
        return item;
    }

    private static void slotRules(Item item, Slot s, boolean tall, boolean v3, String where, List<String> v) {
        number(s.dollar, where + " negotiated dollar", v);
        number(s.percentage, where + " negotiated percentage", v);
        if (v3) {
            number(s.median, where + " median", v);
            number(s.p10, where + " 10th percentile", v);
            number(s.p90, where + " 90th percentile", v);
            if (!s.count.isEmpty() && !COUNT.matcher(s.count).matches()) {
                v.add(where + ": bad count " + s.count);
            }
        } else {
            number(s.estimated, where + " estimated amount", v);
        }
        String methodology = s.methodology.toLowerCase(Locale.ROOT);
        if (!methodology.isEmpty() && !METHODOLOGIES.contains(methodology)) {
            v.add(where + ": bad methodology " + s.methodology);
        }
        if (item.modifierRow) {
            return; // a modifier row (modifiers, no code) only needs a charge or notes: see itemCharge
        }
        if (s.charge() && (s.methodology.isEmpty() || (tall && (s.payer.isEmpty() || s.plan.isEmpty())))) {
            v.add(where + ": payer-specific charge without payer, plan and methodology");
        }
        if (v3 && !s.charge() && (tall ? !s.payer.isEmpty() || !s.plan.isEmpty() : s.any())) {
            v.add(where + ": payer/plan without a payer-specific charge (v3)");
        }
        if (methodology.equals("other") && s.notes.isEmpty()) {
            v.add(where + ": methodology other without notes");
        }
        if (!s.dollar.isEmpty() && (item.min.isEmpty() || item.max.isEmpty())) {
            v.add(where + ": negotiated dollar without min and max");
        }
        if (s.charge() && !item.hasCode && !item.modifierRow) {
            v.add(where + ": charge without a code and code type");
        }
        boolean pctOrAlg = !s.percentage.isEmpty() || !s.algorithm.isEmpty();
        if (v3 && pctOrAlg) {
            if (s.count.isEmpty()) {
                v.add(where + ": percentage/algorithm without count");
            } else if (s.count.equals("0")) {
                if (s.notes.isEmpty()) {
                    v.add(where + ": count 0 without notes");
                }
            } else if (s.median.isEmpty() || s.p10.isEmpty() || s.p90.isEmpty()) {
                v.add(where + ": percentage/algorithm without median/10th/90th");
            }
        }
        if (!v3 && pctOrAlg && s.dollar.isEmpty() && s.estimated.isEmpty()) {
            v.add(where + ": percentage/algorithm only, without estimated amount");
        }
    }

    private static void itemCharge(Item item, List<Slot> slots, String where, List<String> v) {
        boolean charge = !item.gross.isEmpty() || !item.cash.isEmpty() || slots.stream().anyMatch(Slot::charge);
        if (item.modifierRow) {
            boolean extra = slots.stream().anyMatch(s -> s.charge() || !s.notes.isEmpty());
            if (!extra) {
                v.add(where + ": modifier row without a charge or notes");
            }
        } else if (!charge) {
            v.add(where + ": item without any charge");
        }
        if (!item.hasCode && !item.modifierRow) {
            v.add(where + ": item without a code and code type");
        }
    }

    private static void number(String s, String what, List<String> v) {
        if (s.isEmpty()) {
            return;
        }
        if (!NUMBER.matcher(s).matches() || Double.parseDouble(s) <= 0) {
            v.add(what + ": not a positive plain number: '" + s + "'");
        }
    }

    // ---------------------------------------------------------------- JSON

    static List<String> checkJson(JsonNode root, String version) {
        List<String> v = new ArrayList<>();
        boolean v3 = version.equals("3.0.0");
        for (String key : v3
                ? List.of("hospital_name", "last_updated_on", "version", "location_name", "hospital_address",
                        "type_2_npi", "license_information", "attestation", "standard_charge_information")
                : List.of("hospital_name", "last_updated_on", "version", "hospital_location", "hospital_address",
                        "license_information", "affirmation", "standard_charge_information")) {
            if (!root.has(key)) {
                v.add("missing key " + key);
            }
        }
        if (!v.isEmpty()) {
            return v;
        }
        nonEmptyString(root.get("hospital_name"), "hospital_name", v);
        if (!root.get("last_updated_on").isTextual() || !validDate(root.get("last_updated_on").asText(), false)) {
            v.add("bad last_updated_on " + root.get("last_updated_on"));
        }
        if (!root.get("version").asText().equals(version)) {
            v.add("version " + root.get("version"));
        }
        for (String key : v3 ? List.of("location_name", "hospital_address", "type_2_npi")
                : List.of("hospital_location", "hospital_address")) {
            JsonNode list = root.get(key);
            if (!list.isArray() || list.isEmpty()) {
                v.add(key + " must be a non-empty array");
            } else {
                list.forEach(e -> nonEmptyString(e, key + "[]", v));
            }
        }
        JsonNode license = root.get("license_information");
        if (!license.path("state").isTextual() || !STATES_CSV.contains(license.path("state").asText())) {
            v.add("bad license_information.state " + license.path("state"));
        }
        if (license.has("license_number")) {
            nonEmptyString(license.get("license_number"), "license_number", v);
        }
        JsonNode statement = root.get(v3 ? "attestation" : "affirmation");
        String text = v3 ? Catalog.ATTESTATION_V3 : Catalog.AFFIRMATION_V2;
        if (!statement.path(v3 ? "attestation" : "affirmation").asText().equals(text)) {
            v.add("statement text differs from the CMS text");
        }
        if (!statement.path(v3 ? "confirm_attestation" : "confirm_affirmation").isBoolean()) {
            v.add("statement confirmation must be a boolean");
        }
        if (v3) {
            nonEmptyString(statement.get("attester_name"), "attester_name", v);
        }
        JsonNode items = root.get("standard_charge_information");
        if (!items.isArray() || items.isEmpty()) {
            v.add("standard_charge_information must be a non-empty array");
            return v;
        }
        Set<String> types = v3 ? CODE_TYPES_V3 : CODE_TYPES_V2;
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String where = "standard_charge_information[" + i + "]";
            nonEmptyString(item.get("description"), where + ".description", v);
            JsonNode codes = item.path("code_information");
            boolean ndc = false;
            if (!codes.isArray() || codes.isEmpty()) {
                v.add(where + ": code_information must be a non-empty array");
            }
            for (JsonNode code : codes) {
                nonEmptyString(code.get("code"), where + ".code", v);
                if (!types.contains(code.path("type").asText())) {
                    v.add(where + ": bad code type " + code.path("type"));
                }
                ndc |= code.path("type").asText().equals("NDC");
            }
            JsonNode drug = item.get("drug_information");
            if (ndc && drug == null) {
                v.add(where + ": NDC item without drug_information");
            }
            if (drug != null) {
                JsonNode unit = drug.get("unit");
                boolean unitOk = v3 ? unit != null && unit.isNumber() && unit.asDouble() > 0
                        : unit != null && unit.isTextual() && !unit.asText().isEmpty();
                if (!unitOk) {
                    v.add(where + ": bad drug_information.unit " + unit);
                }
                if (!DRUG_TYPES.contains(drug.path("type").asText())) {
                    v.add(where + ": bad drug_information.type " + drug.path("type"));
                }
            }
            JsonNode charges = item.path("standard_charges");
            if (!charges.isArray() || charges.isEmpty()) {
                v.add(where + ": standard_charges must be a non-empty array");
            }
            for (int c = 0; c < charges.size(); c++) {
                chargeRules(charges.get(c), where + ".standard_charges[" + c + "]", v3, v);
            }
        }
        JsonNode modifiers = root.get("modifier_information");
        if (modifiers != null) {
            for (JsonNode m : modifiers) {
                nonEmptyString(m.get("description"), "modifier_information.description", v);
                nonEmptyString(m.get("code"), "modifier_information.code", v);
                if (!m.path("modifier_payer_information").isArray() || m.path("modifier_payer_information").isEmpty()) {
                    v.add("modifier_information without modifier_payer_information");
                }
                for (JsonNode p : m.path("modifier_payer_information")) {
                    for (String key : List.of("payer_name", "plan_name", "description")) {
                        nonEmptyString(p.get(key), "modifier_payer_information." + key, v);
                    }
                }
            }
        }
        return v;
    }

    private static void chargeRules(JsonNode charge, String where, boolean v3, List<String> v) {
        if (!SETTINGS.contains(charge.path("setting").asText())) {
            v.add(where + ": bad setting " + charge.path("setting"));
        }
        for (String key : List.of("minimum", "maximum", "gross_charge", "discounted_cash")) {
            positive(charge.get(key), where + "." + key, v);
        }
        if (charge.has("billing_class") && !BILLING_CLASSES.contains(charge.get("billing_class").asText())) {
            v.add(where + ": bad billing_class " + charge.get("billing_class"));
        }
        JsonNode payers = charge.get("payers_information");
        boolean anyDollar = false;
        boolean payerCharge = payers != null && payers.isArray() && !payers.isEmpty();
        if (payers != null) {
            if (!payers.isArray() || payers.isEmpty()) {
                v.add(where + ": payers_information must be a non-empty array");
            }
            for (int p = 0; p < payers.size(); p++) {
                JsonNode payer = payers.get(p);
                String at = where + ".payers_information[" + p + "]";
                nonEmptyString(payer.get("payer_name"), at + ".payer_name", v);
                nonEmptyString(payer.get("plan_name"), at + ".plan_name", v);
                String methodology = payer.path("methodology").asText();
                if (!METHODOLOGIES.contains(methodology)) {
                    v.add(at + ": bad methodology " + payer.path("methodology"));
                }
                boolean dollar = payer.has("standard_charge_dollar");
                boolean pct = payer.has("standard_charge_percentage");
                boolean alg = payer.has("standard_charge_algorithm");
                anyDollar |= dollar;
                if (!dollar && !pct && !alg) {
                    v.add(at + ": no dollar, percentage or algorithm");
                    payerCharge = false;
                }
                positive(payer.get("standard_charge_dollar"), at + ".standard_charge_dollar", v);
                positive(payer.get("standard_charge_percentage"), at + ".standard_charge_percentage", v);
                if (alg) {
                    nonEmptyString(payer.get("standard_charge_algorithm"), at + ".standard_charge_algorithm", v);
                }
                if (payer.has("additional_payer_notes")) {
                    nonEmptyString(payer.get("additional_payer_notes"), at + ".additional_payer_notes", v);
                }
                if (methodology.equals("other") && !payer.has("additional_payer_notes")) {
                    v.add(at + ": methodology other without additional_payer_notes");
                }
                if (v3) {
                    for (String key : List.of("median_amount", "10th_percentile", "90th_percentile")) {
                        positive(payer.get(key), at + "." + key, v);
                    }
                    if (payer.has("estimated_amount")) {
                        v.add(at + ": estimated_amount in a v3 file");
                    }
                    JsonNode count = payer.get("count");
                    if (count != null && (!count.isTextual() || !COUNT.matcher(count.asText()).matches()
                            || !count.asText().equals(count.asText().toLowerCase(Locale.ROOT)))) {
                        v.add(at + ": bad count " + count);
                    }
                    if (pct || alg) {
                        if (count == null) {
                            v.add(at + ": percentage/algorithm without count");
                        } else if (count.asText().equals("0")) {
                            if (!payer.has("additional_payer_notes")) {
                                v.add(at + ": count 0 without additional_payer_notes");
                            }
                        } else if (!payer.has("median_amount") || !payer.has("10th_percentile")
                                || !payer.has("90th_percentile")) {
                            v.add(at + ": percentage/algorithm without median/10th/90th");
                        }
                    }
                } else {
                    positive(payer.get("estimated_amount"), at + ".estimated_amount", v);
                    if ((pct || alg) && !dollar && !payer.has("estimated_amount")) {
                        v.add(at + ": percentage/algorithm only, without estimated_amount");
                    }
                }
            }
        }
        if (!charge.has("gross_charge") && !charge.has("discounted_cash") && !payerCharge) {
            v.add(where + ": no gross, discounted cash or payer charge");
        }
        if (anyDollar && (!charge.has("minimum") || !charge.has("maximum"))) {
            v.add(where + ": a payer dollar without minimum and maximum");
        }
    }

    private static void positive(JsonNode n, String what, List<String> v) {
        if (n != null && (!n.isNumber() || n.asDouble() <= 0)) {
            v.add(what + ": must be a number > 0, is " + n);
        }
    }

    private static void nonEmptyString(JsonNode n, String what, List<String> v) {
        if (n == null || !n.isTextual() || n.asText().isEmpty()) {
            v.add(what + ": must be a non-empty string, is " + n);
        }
    }
}
