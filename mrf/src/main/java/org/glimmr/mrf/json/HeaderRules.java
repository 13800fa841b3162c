package org.glimmr.mrf.json;

import static java.util.Objects.requireNonNull;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.glimmr.mrf.FileHeader;
import org.glimmr.mrf.Finding;
import org.glimmr.mrf.Findings;
import org.glimmr.mrf.Layout;
import org.glimmr.mrf.Rule;
import org.glimmr.mrf.Severity;

/**
 * Turns the top-level keys of a JSON MRF into its {@link FileHeader} and checks them against the CMS JSON schema of
 * the file's version (v2.2 rules for 2.x files, v3.0 for 3.x), plus the version and attestation alerts.
 */
final class HeaderRules {
    /** The header keys the scan reads (all others, except the charges and modifiers, are skipped). */
    static final java.util.Set<String> HEADER_KEYS = java.util.Set.of("hospital_name", "last_updated_on", "version",
            "hospital_location", "location_name", "hospital_address", "license_information", "affirmation",
            "attestation", "type_2_npi");

    private static final Pattern ISO_DATE = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})");
    private static final Pattern US_DATE = Pattern.compile("(\\d{1,2})/(\\d{1,2})/(\\d{4})");

    /** The header and the findings about it. */
    record Result(FileHeader header, List<Finding> findings) {
        Result {
            requireNonNull(header, "header is null");
            findings = List.copyOf(findings);
        }
    }

    private HeaderRules() {}

    /** The rule set for a version cell: 3.0.0 when it starts with 3 (or v3), else 2.0.0; empty when the cell is empty. */
    static Optional<String> templateOf(String cell) {
        String c = cell.strip().toLowerCase(Locale.ROOT);
        if (c.isEmpty()) {
            return Optional.empty();
        }
        if (c.startsWith("v")) {
            c = c.substring(1).strip();
        }
        return Optional.of(c.startsWith("3") ? CmsJsonSchema.V3 : CmsJsonSchema.V2);
    }

    static Result check(HeaderInput in) {
        List<Finding> listed = new ArrayList<>();
        RuleSink out = new RuleSink(new Findings(listed::add));
        Optional<Boolean> contentV3 = contentVersion(in);
        JsonValue versionValue = in.values().get("version");
        String cell = versionValue != null && versionValue.isScalar() ? versionValue.text().strip() : "";
        String template = templateOf(cell).orElse(contentV3.orElse(false) ? CmsJsonSchema.V3 : CmsJsonSchema.V2);
        boolean v3 = template.equals(CmsJsonSchema.V3);
        ValueChecks checks = new ValueChecks(out, v3 ? "v3.0" : "v2.2");

        if (in.complete()) {
            for (String key : v3 ? CmsJsonSchema.REQUIRED_TOP_V3 : CmsJsonSchema.REQUIRED_TOP_V2) {
                if (!in.keys().contains(key)) {
                    out.error(Rule.REQUIRED, "/", "the file has no top-level key \"" + key + "\", which the CMS "
                            + checks.schema() + " JSON schema requires: add \"" + key + "\" to the top-level object"
                            + (v3 && key.equals("location_name") && in.keys().contains("hospital_location")
                                    ? " (v3.0 renamed hospital_location to location_name)" : "")
                            + (v3 && key.equals("attestation") && in.keys().contains("affirmation")
                                    ? " (v3.0 replaced the affirmation object by attestation)" : "")
                            + (!v3 && key.equals("hospital_location") && in.keys().contains("location_name")
                                    ? " (location_name is the v3.0 name; a " + cell + " file uses hospital_location)" : "")
                            + ".");
                }
            }
        }

        String hospitalName = checks.string(in.values().get("hospital_name"), "/hospital_name", true).orElse("");
        checks.string(versionValue, "/version", true);
        Optional<String> lastUpdatedOn = date(in.values().get("last_updated_on"), checks);

        String locationKey = v3 ? "location_name" : "hospital_location";
        String otherLocationKey = v3 ? "hospital_location" : "location_name";
        List<String> locations = stringArray(in.values().get(locationKey), "/" + locationKey, v3, checks);
        if (locations.isEmpty() && in.values().containsKey(otherLocationKey)) {
            locations = stringArray(in.values().get(otherLocationKey), "/" + otherLocationKey, v3, quiet());
        }
        List<String> addresses = stringArray(in.values().get("hospital_address"), "/hospital_address", v3, checks);
        List<String> npis = stringArray(in.values().get("type_2_npi"), "/type_2_npi", v3, v3 ? checks : quiet());

        Optional<String> licenseNumber = Optional.empty();
        Optional<String> licenseState = Optional.empty();
        JsonValue license = in.values().get("license_information");
        if (checks.object(license, "/license_information")) {
            checks.required(license, "/license_information", List.of("state"), "license_information");
            licenseNumber = checks.string(license.get("license_number"), "/license_information/license_number", true);
            licenseState = checks.enumString(license.get("state"), "/license_information/state", CmsJsonSchema.STATES,
                    ": write the two-letter state code in capitals.").map(s -> s.toUpperCase(Locale.ROOT));
        }

        Optional<Boolean> attestation;
        Optional<String> attesterName = Optional.empty();
        JsonValue attestationObject = in.values().get("attestation");
        JsonValue affirmationObject = in.values().get("affirmation");
        if (v3) {
            attestation = statement(attestationObject, "attestation", "confirm_attestation",
                    CmsJsonSchema.ATTESTATION, checks);
            if (attestationObject != null && attestationObject.kind() == JsonValue.Kind.OBJECT) {
                attesterName = checks.string(attestationObject.get("attester_name"), "/attestation/attester_name", true);
            }
            if (attestation.isEmpty() && affirmationObject != null) {
                attestation = statement(affirmationObject, "affirmation", "confirm_affirmation",
                        CmsJsonSchema.AFFIRMATION, quiet());
            }
        } else {
            attestation = statement(affirmationObject, "affirmation", "confirm_affirmation",
                    CmsJsonSchema.AFFIRMATION, checks);
            if (attestationObject != null && attestationObject.kind() == JsonValue.Kind.OBJECT) {
                if (attestation.isEmpty()) {
                    attestation = statement(attestationObject, "attestation", "confirm_attestation",
                            CmsJsonSchema.ATTESTATION, quiet());
                }
                attesterName = quiet().string(attestationObject.get("attester_name"), "", false);
            }
        }

        if (in.chargesKind().isPresent()) {
            JsonValue.Kind kind = in.chargesKind().get();
            if (kind != JsonValue.Kind.ARRAY) {
                out.error(Rule.TYPE, "/standard_charge_information", "the value of standard_charge_information is "
                        + kind.label() + " but must be array: write the items as [ { \"description\": …, "
                        + "\"code_information\": […], \"standard_charges\": […] }, … ].");
            } else if (in.elementCount() == 0 && in.complete()) {
                out.error(Rule.MIN_ITEMS, "/standard_charge_information", "standard_charge_information is an empty "
                        + "array: the file lists no items or services, so nothing can be ingested. The CMS schema wants "
                        + "at least one item.");
            }
        }

        versionAlert(cell, template, contentV3, out);

        out.finish("file header");
        List<Finding> findings = new ArrayList<>(listed);
        findings.addAll(v3 ? in.modifierV3() : in.modifierV2());
        findings.addAll(in.other());
        FileHeader header = new FileHeader(Layout.JSON, template, cell, hospitalName, lastUpdatedOn, locations,
                addresses, licenseNumber, licenseState, npis, attestation, attesterName);
        return new Result(header, findings);
    }

    /** v3 when the keys say so (location_name, type_2_npi, attestation), v2 for hospital_location/affirmation. */
    private static Optional<Boolean> contentVersion(HeaderInput in) {
        boolean v3Keys = in.keys().contains("location_name") || in.keys().contains("type_2_npi")
                || in.keys().contains("attestation");
        boolean v2Keys = in.keys().contains("hospital_location") || in.keys().contains("affirmation");
        if (v3Keys != v2Keys) {
            return Optional.of(v3Keys);
        }
        if (in.v3Hint() != in.v2Hint()) {
            return Optional.of(in.v3Hint());
        }
        return Optional.empty();
    }

    private static void versionAlert(String cell, String template, Optional<Boolean> contentV3, RuleSink out) {
        if (cell.isEmpty()) {
            return;
        }
        boolean v3 = template.equals(CmsJsonSchema.V3);
        String rules = v3 ? "v3.0" : "v2.2";
        if (contentV3.isPresent() && contentV3.get() != v3) {
            out.report(Rule.VERSION_MISMATCH, Severity.ALERT, "/version", "the file says version \"" + cell
                    + "\" but its keys are those of the " + (contentV3.get() ? "v3.0" : "v2.x") + " template; it is "
                    + "checked against the " + rules + " rules as its version says. Set \"version\" to \""
                    + (contentV3.get() ? CmsJsonSchema.V3 : "2.2.0") + "\" if the file follows that template.");
        } else if (!(v3 ? CmsJsonSchema.ACCEPTED_CELLS_V3 : CmsJsonSchema.ACCEPTED_CELLS_V2).contains(cell)) {
            out.report(Rule.VERSION_MISMATCH, Severity.ALERT, "/version", "version \"" + cell + "\" is not a "
                    + "version of the CMS JSON schema the file follows (expected " + (v3 ? "3.0.0" : "2.0.0, 2.1.0, "
                    + "2.2.0 or 2.2.1") + "); it is checked against the " + rules + " rules. Write the exact version.");
        }
    }

    /** Checks that report nothing: reading a key of the other version for the header. */
    private static ValueChecks quiet() {
        return new ValueChecks(new RuleSink(new Findings(finding -> { })), "");
    }

    private static Optional<String> date(JsonValue value, ValueChecks checks) {
        Optional<String> text = checks.string(value, "/last_updated_on", false);
        if (text.isEmpty()) {
            if (value != null && value.isString()) {
                checks.out().error(Rule.FORMAT, "/last_updated_on", "last_updated_on is empty: write the date the "
                        + "file was last updated as YYYY-MM-DD.");
            }
            return Optional.empty();
        }
        String t = text.get();
        Optional<String> iso = Optional.empty();
        Matcher m = ISO_DATE.matcher(t);
        if (m.matches()) {
            iso = isoDate(m.group(1), m.group(2), m.group(3));
        } else {
            m = US_DATE.matcher(t);
            if (m.matches()) {
                iso = isoDate(m.group(3), m.group(1), m.group(2));
            }
        }
        boolean strict = value.isString() && ISO_DATE.matcher(value.text()).matches() && iso.isPresent();
        if (!strict) {
            checks.out().error(Rule.FORMAT, "/last_updated_on", "last_updated_on is \"" + value.text() + "\", "
                    + (iso.isPresent() ? "read as " + iso.get() + ", but the CMS JSON schema wants"
                            : "which is not a real calendar date in the form") + " YYYY-MM-DD (e.g. 2026-04-01): "
                    + "write the date in that form.");
        }
        return iso;
    }

    private static Optional<String> isoDate(String year, String month, String day) {
        try {
            return Optional.of(LocalDate.of(Integer.parseInt(year), Integer.parseInt(month), Integer.parseInt(day))
                    .toString());
        } catch (DateTimeException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** An array of strings (locations, addresses, NPIs): trimmed, blanks dropped; a lone string is read as one item. */
    private static List<String> stringArray(JsonValue value, String location, boolean minLength, ValueChecks checks) {
        if (value == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (value.kind() != JsonValue.Kind.ARRAY) {
            checks.array(value, location, true);
            if (value.isScalar() && value.kind() != JsonValue.Kind.NULL && !value.text().isBlank()) {
                out.add(value.text().strip());
            }
            return out;
        }
        checks.array(value, location, true);
        List<JsonValue> items = value.items();
        for (int i = 0; i < items.size(); i++) {
            checks.string(items.get(i), location + "/" + i, minLength).ifPresent(out::add);
        }
        return out;
    }

    /** The affirmation (v2) or attestation (v3) object: the statement must be the CMS text, the confirmation a boolean. */
    private static Optional<Boolean> statement(JsonValue object, String key, String confirmKey, String text,
            ValueChecks checks) {
        String loc = "/" + key;
        if (!checks.object(object, loc)) {
            return Optional.empty();
        }
        List<String> required = key.equals("attestation") ? List.of("attestation", "confirm_attestation", "attester_name")
                : List.of("affirmation", "confirm_affirmation");
        checks.required(object, loc, required, "the " + key + " object");
        JsonValue statement = object.get(key);
        if (statement != null && !(statement.isString() && statement.text().equals(text))) {
            checks.out().error(Rule.CONST, loc + "/" + key, "the " + key + " statement is not the CMS text word for "
                    + "word: copy the " + (key.equals("attestation") ? "v3.0 attestation" : "v2 affirmation")
                    + " statement exactly as the CMS data dictionary gives it.");
        }
        Optional<Boolean> confirm = checks.bool(object.get(confirmKey), loc + "/" + confirmKey);
        if (confirm.isPresent() && !confirm.get()) {
            checks.out().report(Rule.FALSE_ATTESTATION, Severity.ALERT, loc + "/" + confirmKey, "the hospital "
                    + "answered false to the " + key + " statement: the file passes the form-and-manner checks, but the "
                    + "regulation (45 CFR 180.50) needs true. Confirm the statement with true once it holds.");
        }
        return confirm;
    }
}
