package org.glimmr.mrf;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RuleTest {
    /**
     * The CMS validator's names for what it reports, as MANIFEST.tsv and the conformance tests write them, and the
     * rule the readers report the same problem under.
     */
    private static final Map<String, Rule> VALIDATOR_NAMES = Map.ofEntries(
            // CSV (CsvConformanceTest)
            Map.entry("MinRowsError", Rule.MIN_ROWS),
            Map.entry("InvalidDateError", Rule.INVALID_DATE),
            Map.entry("RequiredValueError", Rule.REQUIRED_VALUE),
            Map.entry("HeaderBlankError", Rule.HEADER_BLANK),
            Map.entry("ColumnMissingError", Rule.HEADER_COLUMN_MISSING),
            // JSON alerts (JsonConformanceTest)
            Map.entry("JsonFalseAttestationAlert", Rule.FALSE_ATTESTATION),
            Map.entry("JsonFalseAffirmationAlert", Rule.FALSE_ATTESTATION),
            Map.entry("JsonVersionMismatchAlert", Rule.VERSION_MISMATCH),
            Map.entry("Nine 9s", Rule.NINE_NINES),
            Map.entry("estimated_amount no longer required", Rule.ESTIMATED_AMOUNT_IN_V3),
            // JSON schema errors, by the words of Ajv's messages (JsonConformanceTest)
            Map.entry("must be string", Rule.TYPE),
            Map.entry("minLength", Rule.MIN_LENGTH),
            Map.entry("enum", Rule.ENUM),
            Map.entry("anyOf", Rule.ANY_OF),
            Map.entry("required", Rule.REQUIRED));

    /** Validator names in MANIFEST.tsv that are not a finding of their own here, and why. */
    private static final Map<String, String> NOT_A_RULE = Map.of(
            "InvalidJsonError", "a syntax error: a TRUNCATED rejected row, or a rejected file",
            "InvalidVersionError", "the version the validator was asked to apply, not the file",
            "ProblemsInHeaderError", "comes with the ColumnMissingError of the same fixture");

    @Test
    void everyIdIsUniqueAndCamelCase() {
        List<String> ids = Arrays.stream(Rule.values()).map(Rule::id).toList();
        assertThat(Set.copyOf(ids)).as("distinct ids").hasSameSizeAs(ids);
        assertThat(ids).as("ids").allMatch(id -> id.matches("[A-Z][A-Za-z0-9]*"));
    }

    @Test
    void idsAreTheOnesTheTablesHold() {
        // silver.file_findings.rule holds these strings: an id must never change
        assertThat(Arrays.stream(Rule.values()).map(Rule::id)).as("rule ids").containsExactlyInAnyOrder(
                "VersionMismatch", "FalseAttestation", "NineNines", "EstimatedAmountInV3", "PlaceholderValue",
                "HeaderBlank", "HeaderColumnMissing", "DuplicateHeaderColumn", "AmbiguousFormat", "MinRows",
                "InvalidStateCode", "StatementText", "UnmappedColumn", "AmbiguousPayerPlan", "RequiredValue", "InvalidDate", "InvalidEnum",
                "InvalidNumberFormat", "NonPositiveNumber", "InvalidCountNumber", "CodePairMissing",
                "ModifierMissingInfo", "ItemRequiresCharge", "Required", "Type", "MinLength", "MinItems", "Enum",
                "AnyOf", "Pattern", "Format", "Const", "ExclusiveMinimum", "DuplicateKey", "InvalidJson",
                "LateHeaderKey");
    }

    @Test
    void theRulesTheConformanceTestsLookForAreThere() {
        Set<String> ids = Arrays.stream(Rule.values()).map(Rule::id).collect(Collectors.toSet());
        for (Map.Entry<String, Rule> e : VALIDATOR_NAMES.entrySet()) {
            assertThat(ids).as("rule for the validator's " + e.getKey()).contains(e.getValue().id());
        }
        // the ids as the conformance tests spell them (found, or required absent from valid files)
        assertThat(ids).contains("MinRows", "InvalidDate", "RequiredValue", "HeaderBlank", "HeaderColumnMissing",
                "AmbiguousFormat", "CodePairMissing", "NineNines", "FalseAttestation", "VersionMismatch",
                "EstimatedAmountInV3", "Required", "Type", "MinLength", "Enum", "AnyOf");
    }

    @Test
    void everyValidatorNameInTheManifestHasARuleOrAReason() {
        Pattern name = Pattern.compile("\\b[A-Z][A-Za-z]+(?:Error|Alert)\\b");
        Set<String> seen = new TreeSet<>();
        for (CmsHptFiles.Entry entry : CmsHptFiles.manifest()) {
            Matcher m = name.matcher(entry.expectedValidity());
            while (m.find()) {
                seen.add(m.group());
            }
        }
        assertThat(seen).as("validator names in MANIFEST.tsv").isNotEmpty();
        assertThat(seen).as("each has a rule (VALIDATOR_NAMES) or a reason it has none (NOT_A_RULE)")
                .allMatch(n -> VALIDATOR_NAMES.containsKey(n) || NOT_A_RULE.containsKey(n));
    }

    @Test
    void findingsCarryTheIdAndCompareByIt() {
        Finding finding = new Finding(Rule.HEADER_COLUMN_MISSING, Severity.ERROR, "line 3", "no description column");
        assertThat(finding.rule()).isEqualTo("HeaderColumnMissing");
        assertThat(finding).isEqualTo(new Finding("HeaderColumnMissing", Severity.ERROR, "line 3",
                "no description column"));
        assertThat(finding.is(Rule.HEADER_COLUMN_MISSING)).isTrue();
        assertThat(finding.is(Rule.REQUIRED_VALUE)).isFalse();
        // ids of the caller's own still make findings
        assertThat(new Finding("IngestFailure", Severity.ERROR, "part 0", "boom").is(Rule.INVALID_JSON)).isFalse();
    }

    @Test
    void nineNinesIsTheAmountHoweverWritten() {
        for (String nines : List.of("999999999", "999999999.00", "9.99999999E+8", "999999999.0000000000")) {
            assertThat(Rule.isNineNines(new BigDecimal(nines))).as(nines).isTrue();
        }
        for (String other : List.of("99999999", "9999999999", "999999999.01", "-999999999", "0", "999999998")) {
            assertThat(Rule.isNineNines(new BigDecimal(other))).as(other).isFalse();
        }
        assertThat(Rule.isNineNines(null)).isFalse();
        assertThat(Rule.NINE_NINES_AMOUNT.toPlainString()).isEqualTo("999999999");
    }
}
