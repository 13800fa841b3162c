package org.glimmr.common.payers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PayerNamesTest {
    @Test
    void normalizeFoldsCasePunctuationWhitespaceAndAmpersand() {
        assertThat(PayerNames.normalize("  UnitedHealthcare,   Inc. ")).isEqualTo("unitedhealthcare inc");
        assertThat(PayerNames.normalize("Brown & Toland")).isEqualTo("brown and toland");
        assertThat(PayerNames.normalize("Platform_Health_Insurance")).isEqualTo("platform health insurance");
        assertThat(PayerNames.normalize("First Health/Coventry")).isEqualTo("first health coventry");
        assertThat(PayerNames.normalize("Workers\u2019 Comp")).isEqualTo("workers comp");
        assertThat(PayerNames.normalize("\uFF21\uFF25\uFF34\uFF2E\uFF21\u00A0Health")).as("full-width letters, no-break space (NFKC)")
                .isEqualTo("aetna health");
        assertThat(PayerNames.normalize("   ")).isEmpty();
    }

    @Test
    void bracketedIdsAreDroppedButBracketedWordsStay() {
        assertThat(PayerNames.normalize("MEDICARE [2001]")).isEqualTo("medicare");
        assertThat(PayerNames.normalize("AETNA (12345)")).isEqualTo("aetna");
        assertThat(PayerNames.normalize("Cigna (#A-77) PPO")).isEqualTo("cigna ppo");
        assertThat(PayerNames.normalize("Humana [ID: 42]")).isEqualTo("humana");
        assertThat(PayerNames.normalize("Humana (Medicare)")).isEqualTo("humana medicare");
        assertThat(PayerNames.normalize("[payer_name]")).isEqualTo("payer name");
    }

    @Test
    void keyDropsStopWordsPlanTypesAndTrailingLegalSuffixes() {
        assertThat(PayerNames.key("UnitedHealthcare Insurance Company, Inc.")).isEqualTo("unitedhealthcare insurance");
        assertThat(PayerNames.key("Molina Healthcare HMO")).isEqualTo("molina healthcare");
        assertThat(PayerNames.key("Private Healthcare Systems PPO/EPO/POS")).isEqualTo("private healthcare systems");
        assertThat(PayerNames.key("The Health Plan of San Mateo")).isEqualTo("health plan san mateo");
        assertThat(PayerNames.key("Aetna Life Insurance Co")).isEqualTo("aetna life insurance");
        assertThat(PayerNames.key("Corvel Corp LLC")).isEqualTo("corvel");
        assertThat(PayerNames.key("Company Health Inc")).as("a suffix word only goes at the end").isEqualTo("company health");
        assertThat(PayerNames.key("HMO")).isEmpty();
    }

    @Test
    void blueCrossBlueShieldSpellingsAndStatesFoldTogether() {
        String texas = "bcbs tx";
        assertThat(PayerNames.key("Blue Cross and Blue Shield of Texas")).isEqualTo(texas);
        assertThat(PayerNames.key("BLUE CROSS & BLUE SHIELD OF TEXAS, INC.")).isEqualTo(texas);
        assertThat(PayerNames.key("BlueCross BlueShield Texas")).isEqualTo(texas);
        assertThat(PayerNames.key("BC/BS of TX")).isEqualTo(texas);
        assertThat(PayerNames.key("BCBSTX")).isEqualTo(texas);
        assertThat(PayerNames.key("BCBS of North Carolina")).isEqualTo("bcbs nc");
        assertThat(PayerNames.key("Highmark Blue Cross Blue Shield of West Virginia")).isEqualTo("highmark bcbs wv");
        assertThat(PayerNames.key("BCBS of Colorado Co")).as("'co' after a Blue word is Colorado, not a company suffix")
                .isEqualTo("bcbs co");
        assertThat(PayerNames.key("Blue Cross of Idaho")).isEqualTo("bluecross id");
        assertThat(PayerNames.key("Blue Shield of California")).isEqualTo("blueshield ca");
        assertThat(PayerNames.key("LA Care")).as("states are only read after a Blue word").isEqualTo("la care");
    }

    @Test
    void lineOfBusinessComesFromWholeWordsOnly() {
        assertThat(PayerNames.lineOfBusiness("aetna medicare")).contains(PayerType.MEDICARE_ADVANTAGE);
        assertThat(PayerNames.lineOfBusiness("anthem workers comp")).contains(PayerType.WORKERS_COMP);
        assertThat(PayerNames.lineOfBusiness("la care medi cal")).contains(PayerType.MEDICAID_MANAGED_CARE);
        assertThat(PayerNames.lineOfBusiness("united healthcare community plan")).contains(PayerType.MEDICAID_MANAGED_CARE);
        assertThat(PayerNames.lineOfBusiness("la care covered ca")).contains(PayerType.COMMERCIAL);
        assertThat(PayerNames.lineOfBusiness("medicareblue")).isEmpty();
        assertThat(PayerNames.lineOfBusiness("cigna")).isEmpty();
    }
}
