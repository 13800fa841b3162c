package org.glimmr.mrf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every rule of {@link CodeNormalizer} on codes of the shapes hospitals publish: those of the two real files in
 * {@code ../shared/real-mrf} (MGH's tall CSV, UChicago's JSON), of the CMS examples in {@code ../shared/cms-hpt} and of
 * the files issue 23 surveyed.
 */
class CodeNormalizerTest {
    private static NormalizedCode normalize(String type, String code) {
        return CodeNormalizer.normalize(new Code(code, type));
    }

    /** The normalised code as {@code TYPE value}, or {@code none}. */
    private static String normalized(String type, String code) {
        return normalize(type, code).code().map(c -> c.type() + " " + c.code()).orElse("none");
    }

    private static List<CodeFix> fixes(String type, String code) {
        return normalize(type, code).fixes();
    }

    @Test
    void fiveDigitsAreCptWhateverTheLabel() {
        // UChicago and MGH publish CPT codes under HCPCS (CPT is HCPCS Level I)
        assertThat(normalized("HCPCS", "10011")).isEqualTo("CPT 10011");
        assertThat(normalized("HCPCS", "77066")).isEqualTo("CPT 77066");
        assertThat(fixes("HCPCS", "99213")).containsExactly(CodeFix.READ_AS_CPT);
        assertThat(normalized("CPT", "99492")).isEqualTo("CPT 99492");
        assertThat(fixes("CPT", "99492")).as("published as normalised").isEmpty();
    }

    @Test
    void fourDigitsAndACategoryLetterAreCpt() {
        assertThat(normalized("HCPCS", "0045U")).as("a proprietary laboratory analysis code").isEqualTo("CPT 0045U");
        assertThat(normalized("CPT", "0443U")).isEqualTo("CPT 0443U");
        assertThat(normalized("HCPCS", "1111F")).as("category II").isEqualTo("CPT 1111F");
        assertThat(normalized("HCPCS", "0537T")).as("category III").isEqualTo("CPT 0537T");
        assertThat(normalized("HCPCS", "0002M")).as("multianalyte assay").isEqualTo("CPT 0002M");
        assertThat(normalized("CPT", "0154A")).as("MGH's vaccine administration code").isEqualTo("CPT 0154A");
    }

    @Test
    void aLetterAndFourDigitsAreHcpcsLevelTwo() {
        // MGH publishes HCPCS Level II codes under CPT
        assertThat(normalized("CPT", "C1725")).isEqualTo("HCPCS C1725");
        assertThat(fixes("CPT", "C1725")).containsExactly(CodeFix.READ_AS_HCPCS);
        assertThat(normalized("HCPCS", "J2997")).isEqualTo("HCPCS J2997");
        assertThat(fixes("HCPCS", "J2997")).isEmpty();
    }

    @Test
    void cptAndHcpcsAreUpperCasedAndTrimmed() {
        assertThat(normalized("HCPCS", " j1885 ")).isEqualTo("HCPCS J1885");
        assertThat(fixes("HCPCS", "j1885")).containsExactly(CodeFix.UPPER_CASED);
        assertThat(normalized("CPT", "0443u")).isEqualTo("CPT 0443U");
    }

    @Test
    void aGluedModifierIsSplitOff() {
        NormalizedCode dash = normalize("CPT", "99213-25");
        assertThat(dash.code()).contains(new Code("99213", "CPT"));
        assertThat(dash.modifiers()).containsExactly("25");
        assertThat(dash.fixes()).containsExactly(CodeFix.MODIFIER_SPLIT);
        assertThat(normalize("CPT", "99213 25").modifiers()).containsExactly("25");
        assertThat(normalize("HCPCS", "G0378 - tc").modifiers()).as("upper-cased too").containsExactly("TC");
        assertThat(normalize("HCPCS", "70450 26 59").modifiers()).containsExactly("26", "59");
        NormalizedCode hcpcs = normalize("HCPCS", "99284-25");
        assertThat(hcpcs.code()).contains(new Code("99284", "CPT"));
        assertThat(hcpcs.fixes()).containsExactly(CodeFix.READ_AS_CPT, CodeFix.MODIFIER_SPLIT);
        assertThat(normalize("CPT", "99213").modifiers()).isEmpty();
    }

    @Test
    void placeholdersAreNoCode() {
        for (String none : List.of("None", "NULL", "N/A", "n/a", "NA", "-", " none ")) {
            NormalizedCode n = normalize("HCPCS", none);
            assertThat(n.code()).as(none).isEmpty();
            assertThat(n.fixes()).as(none).containsExactly(CodeFix.NOT_A_CODE);
        }
        assertThat(normalize("CDM", "N/A").code()).as("under any type").isEmpty();
        assertThat(normalize("NDC", "").code()).isEmpty();
    }

    @Test
    void anNdcInATenDigitHyphenatedFormTakesItsMissingZero() {
        // 4-4-2: the CMS examples' 0093-8739-01; 5-3-2 and 5-4-1 as surveyed
        assertThat(normalized("NDC", "0093-8739-01")).isEqualTo("NDC 00093-8739-01");
        assertThat(normalized("NDC", "10019-553-03")).isEqualTo("NDC 10019-0553-03");
        assertThat(normalized("NDC", "63323-0044-1")).isEqualTo("NDC 63323-0044-01");
        assertThat(fixes("NDC", "0093-8739-01")).containsExactly(CodeFix.NDC_TO_11_DIGITS);
        assertThat(normalized("NDC", "17156-0026-30")).as("already 5-4-2").isEqualTo("NDC 17156-0026-30");
        assertThat(fixes("NDC", "17156-0026-30")).isEmpty();
    }

    @Test
    void anElevenDigitNdcIsHyphenated() {
        // UChicago's NDCs: eleven digits, no hyphens
        assertThat(normalized("NDC", "50242008525")).isEqualTo("NDC 50242-0085-25");
        assertThat(fixes("NDC", "50242008525")).containsExactly(CodeFix.NDC_HYPHENATED);
    }

    @Test
    void aTenDigitNdcWithoutHyphensStaysAsPublishedWithItsReason() {
        NormalizedCode n = normalize("NDC", "0093873901");
        assertThat(n.code()).contains(new Code("0093873901", "NDC"));
        assertThat(n.fixes()).containsExactly(CodeFix.NDC_UNCONVERTED);
        assertThat(CodeFix.NDC_UNCONVERTED.description()).contains("4-4-2, 5-3-2 or 5-4-1");
    }

    @Test
    void aBracketedInternalIdGoesToItsOwnField() {
        NormalizedCode n = normalize("NDC", "10019-553-03 [293981]");
        assertThat(n.code()).contains(new Code("10019-0553-03", "NDC"));
        assertThat(n.internalId()).contains("293981");
        assertThat(n.fixes()).containsExactly(CodeFix.INTERNAL_ID, CodeFix.NDC_TO_11_DIGITS);
        assertThat(normalize("NDC", "00409-4888-20[12]").internalId()).contains("12");
        assertThat(normalize("HCPCS", "J1885 [4471]").code()).contains(new Code("J1885", "HCPCS"));
        // a hospital's own codes are its own: nothing is read out of them
        NormalizedCode cdm = normalize("CDM", "SUP-ITM-10029401 [12]");
        assertThat(cdm.code()).contains(new Code("SUP-ITM-10029401 [12]", "CDM"));
        assertThat(cdm.internalId()).isEmpty();
    }

    @Test
    void revenueCodesAndApcHaveFourDigits() {
        // UChicago's revenue codes have three digits, MGH's four
        assertThat(normalized("RC", "975")).isEqualTo("RC 0975");
        assertThat(normalized("RC", "100")).isEqualTo("RC 0100");
        assertThat(fixes("RC", "100")).containsExactly(CodeFix.PADDED);
        assertThat(normalized("RC", "0510")).isEqualTo("RC 0510");
        assertThat(fixes("RC", "0510")).isEmpty();
        assertThat(normalized("APC", "5413")).isEqualTo("APC 5413");
        assertThat(normalized("APC", "05413")).as("five digits with a leading zero").isEqualTo("APC 5413");
        assertThat(normalized("APC", "91")).isEqualTo("APC 0091");
    }

    @Test
    void drgsHaveThreeDigitsAndKeepTheirSystem() {
        assertThat(normalized("MS-DRG", "006")).isEqualTo("MS-DRG 006");
        assertThat(normalized("MS-DRG", "64")).isEqualTo("MS-DRG 064");
        assertThat(normalized("MS-DRG", "0470")).isEqualTo("MS-DRG 470");
        assertThat(normalized("APR-DRG", "45")).isEqualTo("APR-DRG 045");
        assertThat(normalized("TRIS-DRG", "614")).isEqualTo("TRIS-DRG 614");
        assertThat(normalized("DRG", "564")).isEqualTo("DRG 564");
        assertThat(fixes("MS-DRG", "64")).containsExactly(CodeFix.PADDED);
    }

    @Test
    void otherTypesAreTrimmedOnly() {
        assertThat(normalized("CDM", "PX-51000644")).isEqualTo("CDM PX-51000644");
        assertThat(normalized("CDM", "90734")).as("a CPT-shaped CDM stays the hospital's own").isEqualTo("CDM 90734");
        assertThat(normalized("LOCAL", "D7220")).isEqualTo("LOCAL D7220");
        assertThat(normalized("HIPPS", " 1AAA1 ")).isEqualTo("HIPPS 1AAA1");
        assertThat(fixes("CDM", "27100000_7044820")).isEmpty();
    }

    @Test
    void aCodeWithoutItsTypesShapeIsALocalCode() {
        // eight-digit internal charge codes under HCPCS, as two surveyed hospitals publish them
        NormalizedCode eight = normalize("HCPCS", "25000018");
        assertThat(eight.code()).contains(new Code("25000018", "LOCAL"));
        assertThat(eight.fixes()).containsExactly(CodeFix.NOT_OF_ITS_TYPE);
        assertThat(normalized("HCPCS", "2700023")).isEqualTo("LOCAL 2700023");
        assertThat(normalized("CPT", "9921")).isEqualTo("LOCAL 9921");
        assertThat(normalized("NDC", "009387390")).as("nine digits").isEqualTo("LOCAL 009387390");
        assertThat(normalized("NDC", "1234-567-89")).as("nine digits, hyphenated").isEqualTo("LOCAL 1234-567-89");
        assertThat(normalized("APC", "N811")).as("UChicago's lettered APC").isEqualTo("LOCAL N811");
        assertThat(normalized("RC", "0510A")).isEqualTo("LOCAL 0510A");
        assertThat(normalized("MS-DRG", "12345")).isEqualTo("LOCAL 12345");
        // kept as published: nothing read out of it
        NormalizedCode glued = normalize("HCPCS", "12345678-25 [9]");
        assertThat(glued.code()).contains(new Code("12345678-25 [9]", "LOCAL"));
        assertThat(glued.modifiers()).isEmpty();
        assertThat(glued.internalId()).isEmpty();
        assertThat(glued.fixes()).containsExactly(CodeFix.NOT_OF_ITS_TYPE);
    }

    @Test
    void thePublishedCodeIsKept() {
        Code published = new Code("99213-25", "HCPCS");
        assertThat(CodeNormalizer.normalize(published).published()).isSameAs(published);
    }

    @Test
    void theItemsPrimaryCodeIsChosenAmongTheNormalisedOnes() {
        // a CPT code under HCPCS next to a CDM: CPT 90734 is the primary code, published as HCPCS
        ItemCodes vaccine = ItemCodes.of(List.of(new Code("90734", "CDM"), new Code("90734", "HCPCS")));
        assertThat(vaccine.primary().flatMap(NormalizedCode::code)).contains(new Code("90734", "CPT"));
        assertThat(vaccine.publishedPrimary()).contains(new Code("90734", "HCPCS"));
        assertThat(vaccine.codes()).containsExactly(new Code("90734", "CDM"), new Code("90734", "CPT"));
        // an eight-digit "HCPCS" is a local code: the CDM ranks before it
        ItemCodes local = ItemCodes.of(List.of(new Code("25000018", "HCPCS"), new Code("PX-51000644", "CDM")));
        assertThat(local.primary().flatMap(NormalizedCode::code)).contains(new Code("PX-51000644", "CDM"));
        assertThat(local.fixes()).containsExactly(CodeFix.NOT_OF_ITS_TYPE);
        // an NDC with its revenue code: the NDC, with its internal id
        ItemCodes drug = ItemCodes.of(List.of(new Code("636", "RC"), new Code("10019-553-03 [293981]", "NDC")));
        assertThat(drug.primary().flatMap(NormalizedCode::internalId)).contains("293981");
        assertThat(drug.fixes()).containsExactly(CodeFix.INTERNAL_ID, CodeFix.NDC_TO_11_DIGITS, CodeFix.PADDED);
        assertThat(drug.firstWith(CodeFix.PADDED).map(NormalizedCode::published)).contains(new Code("636", "RC"));
    }

    @Test
    void anItemWhoseCodesAreNoneHasNoPrimaryCodeButKeepsThePublishedOne() {
        ItemCodes none = ItemCodes.of(List.of(new Code("None", "HCPCS")));
        assertThat(none.codes()).isEmpty();
        assertThat(none.primary()).isEmpty();
        assertThat(none.publishedPrimary()).contains(new Code("None", "HCPCS"));
        assertThat(ItemCodes.of(List.of()).publishedPrimary()).isEqualTo(Optional.empty());
    }
}
