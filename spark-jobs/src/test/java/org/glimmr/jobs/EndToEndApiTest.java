package org.glimmr.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.common.db.GlimmrDatabase;
import org.glimmr.common.testing.TestingCli;
import org.glimmr.common.testing.TestingPorts;
import org.glimmr.lakehouse.testing.SharedSpark;
import org.glimmr.serving.ApiServer;
import org.glimmr.serving.GlimmrServing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole way: the sample MRFs through ingest, aggregate and export (the CLI entry) into PostgreSQL, then the
 * REST API, whose price must be the one written in the input file (read here with a plain CSV split, not our parser).
 */
@ExtendWith(SharedSpark.class)
class EndToEndApiTest {
    private static final Path SAMPLES = Path.of(System.getProperty("glimmr.project.dir"), "samples", "mrf");

    @Test
    void aPriceInTheInputFileIsThePriceTheApiReturns(SharedSpark.Context ctx) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("GLIMMR_DATA_DIR", ctx.dataDir().toString(), "GLIMMR_SPARK_MASTER", "local[2]",
                "GLIMMR_DB_EMBEDDED_PORT", String.valueOf(TestingPorts.free())));
        GlimmrConfig config = GlimmrConfig.load(env, ctx.dataDir());
        Glimmr glimmr = new Glimmr(config, ctx.spark());
        for (String[] args : List.of(new String[] {"ingest", "--input", SAMPLES.toString()},
                new String[] {"aggregate", "--as-of", "2026-11-25"}, new String[] {"export"})) {
            TestingCli.Result run = TestingCli.run(Glimmr.commandLine(glimmr), args);
            assertThat(run.exit()).as("glimmr %s: %s", args[0], run.err()).isZero();
        }

        // what the file says: Cedar Valley, CPT 99213, Aetna PPO
        String expected = priceInFile(SAMPLES.resolve("cedar-valley_v3_tall.csv"), "99213", "Aetna", "PPO");

        try (GlimmrDatabase db = GlimmrDatabase.open(config); ApiServer api = ApiServer.start(config, db, 0)) {
            TestingCli.Result apikey = TestingCli.run(GlimmrServing.commandLine(config), "apikey", "create", "--name", "e2e",
                    "--role", "viewer");
            assertThat(apikey.exit()).as(apikey.err()).isZero();
            String key = apikey.out().strip();

            JsonNode page = get(api, key, "/api/v1/prices?code_type=CPT&code=99213&limit=200");
            List<JsonNode> matches = new ArrayList<>();
            page.get("data").forEach(rate -> {
                if (rate.get("hospital_name").asText().equals("Cedar Valley Medical Center")
                        && rate.get("payer_name").asText().equals("Aetna") && rate.get("plan_name").asText().equals("PPO")) {
                    matches.add(rate);
                }
            });
            assertThat(matches).as("the Aetna PPO office visit at Cedar Valley in %s", page).hasSize(1);
            assertThat(matches.get(0).get("negotiated_dollar").decimalValue()).isEqualByComparingTo(expected);
            assertThat(matches.get(0).get("price_basis").asText()).isEqualTo("published");
            assertThat(matches.get(0).get("payer").asText()).as("normalised by the registry").isEqualTo("aetna");

            // the statistics answer agrees with the rates the API lists (national, all payers, published dollars)
            List<Double> published = new ArrayList<>();
            page.get("data").forEach(r -> {
                if (r.get("price_basis").asText().equals("published") && r.get("setting").asText().equals("outpatient")) {
                    published.add(r.get("negotiated_dollar").asDouble());
                }
            });
            JsonNode stats = get(api, key, "/api/v1/codes/CPT/99213/stats?geography=US&payer=*&measure=negotiated_dollar&setting=outpatient");
            JsonNode row = stats.get("data").get(0);
            assertThat(row.get("rates").asLong()).isEqualTo(published.size());
            assertThat(row.get("min").asDouble()).isEqualTo(published.stream().mapToDouble(Double::doubleValue).min().orElseThrow());
            assertThat(row.get("max").asDouble()).isEqualTo(published.stream().mapToDouble(Double::doubleValue).max().orElseThrow());

            // Prairie Heights publishes the office visit as HCPCS 99213 (CPT is HCPCS Level I): it is compared as CPT
            assertThat(publishedTypes(SAMPLES.resolve("prairie-heights_v3.json"), "99213")).containsExactly("HCPCS");
            List<String> hospitals = new ArrayList<>();
            page.get("data").forEach(r -> hospitals.add(r.get("hospital_name").asText()));
            assertThat(hospitals).as("hospitals priced under CPT 99213").contains("Prairie Heights Hospital",
                    "Cedar Valley Medical Center");
            JsonNode national = get(api, key, "/api/v1/codes/CPT/99213/stats?geography=US&payer=*&measure=negotiated_dollar");
            List<Long> counted = new ArrayList<>();
            national.get("data").forEach(r -> counted.add(r.get("hospitals").asLong()));
            assertThat(counted).as("hospitals in the national statistics of CPT 99213: %s", national).contains(3L);
        }
    }

    /** The code types a JSON MRF gives {@code code}, read with a plain tree parse, not our parser. */
    private static List<String> publishedTypes(Path file, String code) throws IOException {
        List<String> types = new ArrayList<>();
        new ObjectMapper().readTree(file.toFile()).get("standard_charge_information").forEach(item ->
                item.get("code_information").forEach(c -> {
                    if (c.get("code").asText().equals(code)) {
                        types.add(c.get("type").asText());
                    }
                }));
        return types;
    }

    private static JsonNode get(ApiServer api, String key, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.baseUri() + path))
                .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s: %s", path, r.body()).isEqualTo(200);
        return new ObjectMapper().readTree(r.body());
    }

    /** The negotiated dollar of one code x payer x plan, by header name, from a tall CSV read line by line. */
    static String priceInFile(Path file, String code, String payer, String plan) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> header = cells(lines.get(2)).stream().map(h -> h.replace(" ", "").toLowerCase(Locale.ROOT)).toList();
        int codeAt = header.indexOf("code|1");
        int payerAt = header.indexOf("payer_name");
        int planAt = header.indexOf("plan_name");
        int dollarAt = header.indexOf("standard_charge|negotiated_dollar");
        for (String line : lines.subList(3, lines.size())) {
            List<String> c = cells(line);
            if (c.get(codeAt).equals(code) && c.get(payerAt).equals(payer) && c.get(planAt).equals(plan)) {
                return c.get(dollarAt);
            }
        }
        throw new AssertionError(code + " " + payer + " " + plan + " not in " + file);
    }

    private static List<String> cells(String line) {
        List<String> out = new ArrayList<>();
        for (String cell : line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1)) {
            out.add(cell.startsWith("\"") ? cell.substring(1, cell.length() - 1).replace("\"\"", "\"") : cell);
        }
        return out;
    }
}
