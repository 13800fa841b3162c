package org.glimmr.common.payers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.glimmr.mrf.CmsHptFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The registry against payer names as hospitals publish them: every name in the real hospital files of
 * {@code ../shared/cms-hpt} (header fragments of 29 hospitals: wide CSV headers, JSON modifier payer lists), and the
 * fictitious names of the CMS examples and validator fixtures. Skips loudly when the folder is absent. Prints the
 * match rate and every unmatched name, the list a person reviews.
 */
class RealPayerNamesTest {
    private static final PayerRegistry REGISTRY = PayerRegistry.load();

    /** real payer name → hospitals (folder names) publishing it */
    private static final Map<String, Set<String>> REAL = new TreeMap<>();
    /** names in the CMS examples, templates and validator fixtures */
    private static final Set<String> EXAMPLES = new TreeSet<>();

    @BeforeAll
    static void readNames() throws IOException {
        for (CmsHptFiles.Entry e : CmsHptFiles.manifest()) {
            if (!Files.isRegularFile(e.file())) {
                continue;
            }
            boolean real = e.localPath().startsWith("real/");
            String hospital = e.file().getParent().getFileName().toString();
            PublishedPayerNames.read(e.file(), e.format(), name -> {
                if (real) {
                    REAL.computeIfAbsent(name, n -> new TreeSet<>()).add(hospital);
                } else {
                    EXAMPLES.add(name);
                }
            });
        }
    }

    @Test
    void mostRealNamesMatchAndEveryUnmatchedOneIsListed() {
        assertThat(REAL).as("payer names found in the real files").hasSizeGreaterThan(300);
        List<String> unmatched = new ArrayList<>();
        int occurrences = 0;
        int matchedOccurrences = 0;
        int recurring = 0;
        int matchedRecurring = 0;
        for (var e : REAL.entrySet()) {
            boolean matched = REGISTRY.match(e.getKey()).matched();
            int hospitals = e.getValue().size();
            occurrences += hospitals;
            if (hospitals > 1) {
                recurring++;
            }
            if (matched) {
                matchedOccurrences += hospitals;
                matchedRecurring += hospitals > 1 ? 1 : 0;
            } else {
                unmatched.add(e.getKey() + "  " + e.getValue());
            }
        }
        double distinctRate = 1.0 - (double) unmatched.size() / REAL.size();
        double occurrenceRate = (double) matchedOccurrences / occurrences;
        System.out.printf("payer registry over real hospital files: %d of %d distinct names matched (%.1f%%); "
                        + "%d of %d name x hospital occurrences (%.1f%%); %d of %d names published by 2+ hospitals%n",
                REAL.size() - unmatched.size(), REAL.size(), 100 * distinctRate, matchedOccurrences, occurrences,
                100 * occurrenceRate, matchedRecurring, recurring);
        System.out.println("unmatched (" + unmatched.size() + "), for review:");
        unmatched.forEach(u -> System.out.println("  " + u));

        // most unmatched names are one hospital's own contracts: capitated medical groups ("... - RMG" at UCLA),
        // employers, local networks; the recurring names are the insurers, and nearly all of them match
        assertThat(distinctRate).as("share of distinct real names matched").isGreaterThanOrEqualTo(0.50);
        assertThat(occurrenceRate).as("share of name x hospital occurrences matched").isGreaterThanOrEqualTo(0.58);
        assertThat((double) matchedRecurring / recurring).as("share of names published by 2+ hospitals matched")
                .isGreaterThanOrEqualTo(0.90);
    }

    @Test
    void namesCheckedByHandMapAsExpected() {
        // each published name (hospital folder in the comment) and the payer it is, checked by hand
        Map<String, String> expected = new TreeMap<>(Map.ofEntries(
                Map.entry("AETNA [1003]", "aetna"),                                // michigan-medicine
                Map.entry("Aetna Health Management LLC", "aetna"),                 // michigan-medicine
                Map.entry("Aetna Better Health of Michigan Inc", "aetna_better_health"),
                Map.entry("Coventry Health Care", "aetna"),                        // uchicago; Aetna since 2013
                Map.entry("Meritain", "aetna"),                                    // uchicago; Aetna's administrator
                Map.entry("UNITEDHEALTHCARE [1042]", "unitedhealthcare"),          // michigan-medicine
                Map.entry("UNITEDHEALTHCARE COMMUNITY PLAN INC", "unitedhealthcare"),
                Map.entry("UHC Select/SelectPlus", "unitedhealthcare"),            // ucla-ronald-reagan
                Map.entry("Oxford Health Plans", "unitedhealthcare"),              // nyp-columbia
                Map.entry("Optum", "unitedhealthcare"),
                Map.entry("Cigna Healthcare", "cigna"),
                Map.entry("Humana Health Plan Inc", "humana"),
                Map.entry("Anthem Blue Cross and Blue Shield Healthplus", "anthem"), // nyp-columbia
                Map.entry("Anthem Vivity, Anthem HMO", "anthem"),                  // ucla-ronald-reagan
                Map.entry("Anthem BCBS", "anthem"),                                // grady
                Map.entry("Unicare", "anthem"),                                    // uchicago
                Map.entry("Regence BCBS", "regence"),                              // intermountain
                Map.entry("Blue Care Network of Michigan", "blue_care_network"),
                Map.entry("BCBS [100001]", "bcbs"),                                // michigan-medicine: plan not named
                Map.entry("BCBS Complete", "blue_cross_complete"),
                Map.entry("Ambetter Health", "centene"),
                Map.entry("Meridian Health Plan of Michigan Inc/Ambetter", "meridian"),
                Map.entry("Peach State", "peach_state"),                           // grady
                Map.entry("Sunshine State Health Plan", "sunshine_health"),
                Map.entry("Wellcare Choice", "wellcare"),
                Map.entry("Health Net Non B&G", "health_net"),
                Map.entry("Molina Healthcare of Michigan Inc", "molina"),
                Map.entry("Molina Healthcare HMO", "molina"),
                Map.entry("Kaiser", "kaiser_permanente"),
                Map.entry("MEDICAID [3001]", "medicaid"),
                Map.entry("Colorado State Medicaid", "medicaid"),
                Map.entry("IL Health Connect", "medicaid"),
                Map.entry("Medicare", "medicare"),
                Map.entry("TriWest Healthcare Alliance", "triwest"),
                Map.entry("VACCN", "va_community_care"),                           // grady
                Map.entry("Veteran Affairs Community Care Program", "va_community_care"),
                Map.entry("HAP [1023]", "health_alliance_plan"),
                Map.entry("PRIORITY HEALTH [1038]", "priority_health"),
                Map.entry("Private Healthcare Systems PPO", "multiplan"),          // PHCS is MultiPlan's network
                Map.entry("CorVel Corporation", "corvel"),
                Map.entry("LA care Medi-Cal HMO", "la_care"),
                Map.entry("CenCal Transplant Medi-Cal HMO", "cencal_health"),
                Map.entry("Kern Family", "kern_health_systems"),
                Map.entry("Deseret Mutual", "dmba"),
                Map.entry("Healthy U", "university_of_utah_health_plans"),
                Map.entry("SelectHealth", "selecthealth")));
        for (var e : expected.entrySet()) {
            assertThat(REAL).as("'%s' is in the real files", e.getKey()).containsKey(e.getKey());
            assertThat(REGISTRY.match(e.getKey()).canonicalId()).as(e.getKey()).isEqualTo(e.getValue());
        }
        // names that stay unmatched on purpose: ambiguous, or not a payer of the registry's kind
        for (String name : List.of("Select Health", "First Choice", "Community Health", "Central Health", "Facey Medical Group - RMG",
                "Walt Disney World", "Confinity Advantage", "Prime Health - Medicare")) {
            assertThat(REAL).containsKey(name);
            assertThat(REGISTRY.match(name).matched()).as(name).isFalse();
        }
    }

    @Test
    void theLineOfBusinessOfRealNames() {
        assertThat(REGISTRY.match("Aetna Medicare").payerType()).isEqualTo(PayerType.MEDICARE_ADVANTAGE);
        assertThat(REGISTRY.match("Anthem Workers Comp").payerType()).isEqualTo(PayerType.WORKERS_COMP);
        assertThat(REGISTRY.match("LA Care DSNP").payerType()).isEqualTo(PayerType.MEDICARE_ADVANTAGE);
        assertThat(REGISTRY.match("LA Care Covered CA").payerType()).isEqualTo(PayerType.COMMERCIAL);
        assertThat(REGISTRY.match("United Healthcare Community Plan").payerType()).isEqualTo(PayerType.MEDICAID_MANAGED_CARE);
        assertThat(REGISTRY.match("Health Plan of Nevada Medicare").payerType()).isEqualTo(PayerType.MEDICARE_ADVANTAGE);
        assertThat(REAL).containsKeys("Aetna Medicare", "Anthem Workers Comp", "LA Care DSNP", "LA Care Covered CA",
                "United Healthcare Community Plan", "Health Plan of Nevada Medicare");
    }

    @Test
    void spellingsOfOneNameNeverMapToTwoPayers() {
        // names that differ only by case, punctuation, suffixes or plan-type words share a key; a key has one payer
        Map<String, Set<String>> payersByKey = new TreeMap<>();
        for (String name : REAL.keySet()) {
            PayerMatch m = REGISTRY.match(name);
            payersByKey.computeIfAbsent(PayerNames.key(name), k -> new TreeSet<>()).add(m.matched() ? m.canonicalId() : "(unmatched)");
        }
        payersByKey.forEach((key, payers) -> assertThat(payers).as("payers of key '%s'", key).hasSize(1));
        assertThat(REGISTRY.match("Multiplan")).usingRecursiveComparison().ignoringFields("payerName")
                .isEqualTo(REGISTRY.match("MultiPlan"));
        assertThat(REGISTRY.match("Wellcare").canonicalId()).isEqualTo(REGISTRY.match("WellCare").canonicalId());
    }

    @Test
    void fictitiousExampleNamesStayUnmatched() {
        assertThat(EXAMPLES).contains("Platform Health Insurance", "Region Health Insurance");
        for (String name : EXAMPLES) {
            assertThat(REGISTRY.match(name).matched()).as("CMS example name '%s' is no real payer", name).isFalse();
        }
    }
}
