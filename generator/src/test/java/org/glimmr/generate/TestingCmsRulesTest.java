package org.glimmr.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The independent rule check catches what it claims to, so a clean result in the other tests means something. */
class TestingCmsRulesTest {
    @TempDir
    Path dir;

    private static final String V3_TALL_HEAD = "hospital_name,last_updated_on,version,location_name,hospital_address,"
            + "license_number|CA,type_2_npi,\"" + Catalog.ATTESTATION_V3 + "\",attester_name\n"
            + "H,2026-01-02,3.0.0,H,\"1 Main St, X, CA 90000\",123,1234567893,true,A B\n"
            + "description,code|1,code|1|type,modifiers,setting,drug_unit_of_measurement,drug_type_of_measurement,"
            + "standard_charge|gross,standard_charge|discounted_cash,payer_name,plan_name,"
            + "standard_charge|negotiated_dollar,standard_charge|negotiated_percentage,"
            + "standard_charge|negotiated_algorithm,median_amount,10th_percentile,90th_percentile,count,"
            + "standard_charge|methodology,standard_charge|min,standard_charge|max,additional_generic_notes\n";

    private TestingMrfReader.Csv csv(String data) throws IOException {
        Path file = dir.resolve("f.csv");
        Files.writeString(file, V3_TALL_HEAD + data, StandardCharsets.UTF_8);
        return TestingMrfReader.readCsv(file);
    }

    @Test
    void aValidRowPasses() throws IOException {
        assertThat(TestingCmsRules.checkCsv(csv("Visit,99213,CPT,,outpatient,,,300,200,Aetna,PPO,150,,,,,,,"
                + "fee schedule,150,150,\n"), "3.0.0")).isEmpty();
    }

    @Test
    void catchesBrokenCsvRules() throws IOException {
        assertThat(TestingCmsRules.checkCsv(csv("Visit,99213,CPT,,outpatient,,,300,200,Aetna,PPO,150,,,,,,,"
                + "fee schedule,,,\n"), "3.0.0")).anyMatch(s -> s.contains("without min and max"));
        assertThat(TestingCmsRules.checkCsv(csv("Visit,99213,CPT,,outpatient,,,300,200,Aetna,PPO,,60,,,,,,"
                + "percent of total billed charges,,,\n"), "3.0.0")).anyMatch(s -> s.contains("without count"));
        assertThat(TestingCmsRules.checkCsv(csv("Visit,99213,CPT,,outpatient,,,\"$1,300.00\",200,,,,,,,,,,,,,\n"),
                "3.0.0")).anyMatch(s -> s.contains("gross"));
        assertThat(TestingCmsRules.checkCsv(csv("Drug,00409-4888-20,NDC,,both,,,30,20,,,,,,,,,,,,,\n"), "3.0.0"))
                .anyMatch(s -> s.contains("NDC"));
        assertThat(TestingCmsRules.checkCsv(csv("Visit,99213,CPT,,outpatient,,,300,200,Aetna,PPO,150,,,,,,,"
                + "other,150,150,\n"), "3.0.0")).anyMatch(s -> s.contains("other without notes"));
        assertThat(TestingCmsRules.checkCsv(csv("Visit,99213,CPT,,outpatient,,,300,200,,,,,,,,,,,,,\n"), "2.0.0"))
                .anyMatch(s -> s.contains("missing header")).anyMatch(s -> s.contains("version cell"));
    }

    @Test
    void catchesBrokenJsonRules() throws IOException {
        GenerationReport[] unused = new GenerationReport[1];
        Path file = dir.resolve("f.json");
        unused[0] = MrfGenerator.writeTo(GeneratorOptions.defaults(org.glimmr.mrf.Layout.JSON, "3.0.0")
                .withTargetBytes(20_000), file);
        JsonNode root = TestingMrfReader.readJson(file);
        assertThat(TestingCmsRules.checkJson(root, "3.0.0")).isEmpty();
        ObjectNode charge = null;
        for (JsonNode item : root.get("standard_charge_information")) {
            for (JsonNode c : item.get("standard_charges")) {
                if (c.has("minimum")) {
                    charge = (ObjectNode) c;
                }
            }
        }
        assertThat(charge).isNotNull();
        charge.remove("minimum");
        ((ObjectNode) root.get("attestation")).put("attestation", "I attest.");
        assertThat(TestingCmsRules.checkJson(root, "3.0.0"))
                .anyMatch(s -> s.contains("without minimum and maximum"))
                .anyMatch(s -> s.contains("statement text"));
        assertThat(TestingCmsRules.checkJson(root, "2.0.0")).anyMatch(s -> s.contains("missing key hospital_location"));
    }
}
