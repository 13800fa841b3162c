package org.glimmr.common.payers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.StringReader;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.glimmr.common.GlimmrException;
import org.junit.jupiter.api.Test;

class PayerRegistryTest {
    private static final PayerRegistry REGISTRY = PayerRegistry.load();

    private static PayerMatch match(String name) {
        return REGISTRY.match(name);
    }

    @Test
    void exactAliasAndPatternMatches() {
        assertThat(match("Aetna")).extracting(PayerMatch::canonicalId, PayerMatch::matchedBy).containsExactly("aetna", MatchedBy.EXACT);
        assertThat(match("AETNA (12345)")).extracting(PayerMatch::canonicalId, PayerMatch::matchedBy).containsExactly("aetna", MatchedBy.EXACT);
        assertThat(match("UHC")).extracting(PayerMatch::canonicalId, PayerMatch::matchedBy)
                .containsExactly("unitedhealthcare", MatchedBy.ALIAS);
        assertThat(match("Molina Healthcare of Michigan, Inc.")).extracting(PayerMatch::canonicalId, PayerMatch::matchedBy)
                .containsExactly("molina", MatchedBy.PATTERN);
        assertThat(match("Colorado State Medicaid")).extracting(PayerMatch::canonicalId, PayerMatch::matchedBy)
                .containsExactly("medicaid", MatchedBy.PATTERN);
        PayerMatch medicare = match("MEDICARE [2001]");
        assertThat(medicare).isEqualTo(new PayerMatch("MEDICARE [2001]", "medicare", "medicare", "Medicare", PayerType.MEDICARE,
                MatchedBy.EXACT));
        assertThat(medicare.payerTypeId()).isEqualTo("medicare");
        assertThat(medicare.matchedById()).isEqualTo("exact");
    }

    @Test
    void nationalInsurersUnderTheirManyNames() {
        for (String uhc : List.of("UnitedHealthcare", "United Healthcare", "UNITED HEALTH CARE", "UHC Choice Plus PPO", "UMR", "Optum",
                "UnitedHealthcare Insurance Company", "Oxford Health Plans (NY), Inc.")) {
            assertThat(match(uhc).canonicalId()).as(uhc).isEqualTo("unitedhealthcare");
        }
        for (String cigna : List.of("Cigna", "CIGNA HEALTHCARE", "Cigna Health and Life Insurance Company", "Evernorth")) {
            assertThat(match(cigna).canonicalId()).as(cigna).isEqualTo("cigna");
        }
        assertThat(match("CVS Aetna").canonicalId()).isEqualTo("aetna");
        assertThat(match("Elevance Health").canonicalId()).isEqualTo("anthem");
        assertThat(match("Ambetter from Sunshine Health").canonicalId()).isEqualTo("centene");
        assertThat(match("WellCare").canonicalId()).isEqualTo("wellcare");
        assertThat(match("Kaiser Foundation Health Plan, Inc.").canonicalId()).isEqualTo("kaiser_permanente");
        assertThat(match("Humana Military").canonicalId()).as("TRICARE East contractor, not Humana commercial").isEqualTo("tricare");
    }

    @Test
    void blueCrossBlueShieldPlansByState() {
        assertThat(match("Blue Cross and Blue Shield of Texas").canonicalId()).isEqualTo("bcbs_texas");
        assertThat(match("BCBSTX").canonicalId()).isEqualTo("bcbs_texas");
        assertThat(match("BCBS of Illinois PPO").canonicalId()).isEqualTo("bcbs_illinois");
        assertThat(match("Blue Cross Blue Shield of Michigan Mutual Insurance Company").canonicalId()).isEqualTo("bcbs_michigan");
        assertThat(match("BCBSM").canonicalId()).isEqualTo("bcbs_michigan");
        assertThat(match("Highmark Blue Shield").canonicalId()).isEqualTo("highmark");
        assertThat(match("Regence BlueShield of Idaho").canonicalId()).isEqualTo("regence");
        assertThat(match("Premera Blue Cross").canonicalId()).isEqualTo("premera");
        assertThat(match("Florida Blue").canonicalId()).isEqualTo("florida_blue");
        assertThat(match("Blue Cross Blue Shield of Florida").canonicalId()).isEqualTo("florida_blue");
        assertThat(match("Horizon BCBS of New Jersey").canonicalId()).isEqualTo("horizon_bcbs_nj");
        assertThat(match("CareFirst BlueCross BlueShield").canonicalId()).isEqualTo("carefirst");
        assertThat(match("Independence Blue Cross").canonicalId()).isEqualTo("independence_blue_cross");
        assertThat(match("Excellus BCBS").canonicalId()).isEqualTo("excellus");
        assertThat(match("Wellmark Blue Cross and Blue Shield of Iowa").canonicalId()).isEqualTo("wellmark");
        assertThat(match("Anthem Blue Cross Blue Shield of Georgia").canonicalId()).isEqualTo("anthem");
        assertThat(match("Blue Cross Blue Shield of Kansas City").canonicalId()).as("not the Kansas plan").isEqualTo("blue_kc");
        assertThat(match("Blue Cross Blue Shield of Kansas").canonicalId()).isEqualTo("bcbs_kansas");
        assertThat(match("BCBS").canonicalId()).as("no plan named: the generic entry").isEqualTo("bcbs");
        assertThat(match("Blue Cross Blue Shield of Washington").canonicalId()).as("Premera or Regence: not guessed")
                .isEqualTo("bcbs");
    }

    @Test
    void governmentProgramsAreNotMatchedByALeadingWord() {
        assertThat(match("Medicare").canonicalId()).isEqualTo("medicare");
        assertThat(match("Medicare Part B").canonicalId()).isEqualTo("medicare");
        assertThat(match("Medicare Advantage").matched()).isFalse();
        assertThat(match("Medicaid HMO").canonicalId()).as("plan-type word dropped, still the program").isEqualTo("medicaid");
        assertThat(match("Medicaid Managed Care").matched()).isFalse();
        assertThat(match("Medi-Cal").canonicalId()).isEqualTo("medicaid");
        assertThat(match("State of Texas Medicaid").canonicalId()).isEqualTo("medicaid");
        assertThat(match("Medicaid of Ohio").canonicalId()).isEqualTo("medicaid");
        assertThat(match("Texas Medicaid and Aetna").matched()).as("patterns match the whole key").isFalse();
        assertThat(match("Texas Medicaid").canonicalId()).isEqualTo("medicaid");
        assertThat(match("TRICARE for Life").payerType()).isEqualTo(PayerType.TRICARE);
    }

    @Test
    void theLineOfBusinessInTheNameRefinesTheType() {
        assertThat(match("Aetna Medicare")).extracting(PayerMatch::canonicalId, PayerMatch::payerType)
                .containsExactly("aetna", PayerType.MEDICARE_ADVANTAGE);
        assertThat(match("Anthem Workers Comp")).extracting(PayerMatch::canonicalId, PayerMatch::payerType)
                .containsExactly("anthem", PayerType.WORKERS_COMP);
        assertThat(match("UnitedHealthcare Community Plan")).extracting(PayerMatch::canonicalId, PayerMatch::payerType)
                .containsExactly("unitedhealthcare", PayerType.MEDICAID_MANAGED_CARE);
        assertThat(match("Aetna")).extracting(PayerMatch::payerType).isEqualTo(PayerType.COMMERCIAL);
        assertThat(match("Molina Healthcare")).extracting(PayerMatch::payerType).isEqualTo(PayerType.MEDICAID_MANAGED_CARE);
    }

    @Test
    void unknownAmbiguousAndBlankNamesStayUnmatched() {
        for (String name : List.of("Select Health", "First Choice", "Some Payer", "Platform Health Insurance", "United",
                "Health", "Blue", "Medicare Advantage HMO", "Facey Medical Group - RMG")) {
            PayerMatch m = match(name);
            assertThat(m.matchedBy()).as(name).isEqualTo(MatchedBy.UNMATCHED);
            assertThat(m.canonicalId()).as(name).isNull();
            assertThat(m.payerType()).as(name).isNull();
        }
        assertThat(match(null)).isEqualTo(new PayerMatch("", "", null, null, null, MatchedBy.UNMATCHED));
        assertThat(match("  ").normalizedName()).isEmpty();
        assertThat(match("SelectHealth").canonicalId()).as("the brand spelling is Intermountain's plan").isEqualTo("selecthealth");
    }

    @Test
    void registryIsWellFormed() {
        Set<String> ids = new HashSet<>();
        for (Payer p : REGISTRY.payers()) {
            assertThat(ids.add(p.id())).as("unique id %s", p.id()).isTrue();
            assertThat(REGISTRY.match(p.name()).canonicalId()).as("the display name of %s matches itself", p.id()).isEqualTo(p.id());
            for (String alias : p.aliases()) {
                assertThat(REGISTRY.match(alias).canonicalId()).as("alias '%s' of %s", alias, p.id()).isEqualTo(p.id());
            }
        }
        assertThat(REGISTRY.payers()).hasSizeGreaterThan(150);
        assertThat(REGISTRY.payers()).extracting(Payer::type).contains(PayerType.values());
    }

    @Test
    void twoPayersClaimingOneNameIsRefusedAtLoad() {
        String csv = "id,name,type,parent,aliases,patterns\n"
                + "acme,Acme Health,commercial,,Acme,\n"
                + "other,Other Health,commercial,,\"ACME, Inc.\",\n";
        assertThatThrownBy(() -> PayerRegistry.read(new StringReader(csv), "test.csv"))
                .isInstanceOf(GlimmrException.class)
                .hasMessageContaining("test.csv line 3").hasMessageContaining("already a name or alias of acme");
    }

    @Test
    void badRegistryLinesNameTheLineAndTheFix() {
        String header = "id,name,type,parent,aliases,patterns\n";
        assertThatThrownBy(() -> PayerRegistry.read(new StringReader(header + "acme,Acme,insurer,,,\n"), "t.csv"))
                .hasMessageContaining("t.csv line 2").hasMessageContaining("unknown payer type 'insurer'");
        assertThatThrownBy(() -> PayerRegistry.read(new StringReader(header + "Acme Co,Acme,commercial,,,\n"), "t.csv"))
                .hasMessageContaining("not lower_snake_case");
        assertThatThrownBy(() -> PayerRegistry.read(new StringReader(header + "acme,Acme,commercial,,,(\n"), "t.csv"))
                .hasMessageContaining("not a valid regular expression");
        assertThatThrownBy(() -> PayerRegistry.read(new StringReader(header + "acme,Acme,commercial\n"), "t.csv"))
                .hasMessageContaining("expected 6 fields");
        assertThatThrownBy(() -> PayerRegistry.read(new StringReader("name,id\n"), "t.csv"))
                .hasMessageContaining("t.csv line 1").hasMessageContaining("the header must be");
    }

    @Test
    void twoPatternsOfDifferentPayersLeaveTheNameUnmatched() throws IOException {
        String csv = "id,name,type,parent,aliases,patterns\n"
                + "acme,Acme Health,commercial,,,acme .*\n"
                + "zenith,Zenith Health,commercial,,,.* zenith\n";
        PayerRegistry r = PayerRegistry.read(new StringReader(csv), "t.csv");
        assertThat(r.match("Acme of Zenith").matchedBy()).isEqualTo(MatchedBy.UNMATCHED);
        assertThat(r.match("Acme West").canonicalId()).isEqualTo("acme");
    }

    @Test
    void serializableAndSafeToShareBetweenThreads() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(REGISTRY);
        }
        PayerRegistry copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (PayerRegistry) in.readObject();
        }
        assertThat(copy.match("BCBS of Texas")).isEqualTo(REGISTRY.match("BCBS of Texas"));

        List<String> names = List.of("Aetna [1]", "UHC PPO", "Blue Cross and Blue Shield of Alabama", "Unknown Payer", "Medicaid");
        List<PayerMatch> expected = names.stream().map(REGISTRY::match).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<PayerMatch>>> runs = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                runs.add(pool.submit(() -> {
                    List<PayerMatch> last = null;
                    for (int i = 0; i < 500; i++) {
                        last = names.stream().map(REGISTRY::match).toList();
                    }
                    return last;
                }));
            }
            for (Future<List<PayerMatch>> run : runs) {
                assertThat(run.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
