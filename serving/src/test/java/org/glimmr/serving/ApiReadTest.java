package org.glimmr.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.glimmr.serving.TestingApi.bearer;
import static org.glimmr.serving.TestingApi.rates;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The read routes over the fixture data: exact prices, filters, sort, cursor paging, request ids. */
class ApiReadTest {
    static TestingApi api;

    @BeforeAll
    static void start() throws Exception {
        api = TestingApi.start();
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
    }

    private static TestingApi.Response get(String path) {
        return api.get(path, "Authorization", bearer(api.viewerKey));
    }

    @Test
    void pricesAreExactSortedAndPublishedAndDerivedStayApart() {
        TestingApi.Response r = get("/api/v1/prices?code_type=CPT&code=99213&limit=200");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode data = r.json().get("data");
        // published dollars ascending (ties by hospital, then rate id), then rates without a published dollar by hospital
        // and rate id
        assertThat(rates(r.json())).containsExactly("h-ny-1/1", "h-or-1/3", "h-or-1/1", "h-or-2/1", "h-or-2/2", "h-ny-1/2", "h-or-1/2");
        JsonNode big = data.get(4);
        assertThat(big.get("negotiated_dollar").decimalValue()).isEqualByComparingTo(new BigDecimal("1234567.891234"));
        assertThat(r.body()).contains("\"negotiated_dollar\":1234567.891234").contains("\"negotiated_dollar\":0.01");
        JsonNode derived = data.get(6);
        assertThat(derived.get("price_basis").asText()).isEqualTo("derived");
        assertThat(derived.get("negotiated_dollar").isNull()).isTrue();
        assertThat(derived.get("derived_dollar").decimalValue()).isEqualByComparingTo("150");
        assertThat(derived.get("negotiated_percentage").decimalValue()).isEqualByComparingTo("60");
        assertThat(data.get(0).get("price_basis").asText()).isEqualTo("published");
        assertThat(data.get(5).get("price_basis").isNull()).isTrue();
        assertThat(data.get(5).get("negotiated_algorithm").asText()).isEqualTo("See contract section 4");
        assertThat(data.get(0).get("hospital_name").asText()).isEqualTo("Hudson 100% Care_Hospital");
        assertThat(r.json().get("next_cursor").isNull()).isTrue();
    }

    @Test
    void cursorPagingVisitsEveryRateOnceInBothDirectionsAndWithFilters() {
        for (String query : List.of("code_type=CPT&code=99213", "code_type=CPT&code=99213&sort=-price",
                "code_type=CPT&code=99213&state=OR", "code_type=CPT&code=99213&payer=aetna", "code_type=CPT&code=99213&setting=outpatient",
                "code_type=CPT&code=99213&billing_class=professional&modifiers=none&sort=-price")) {
            List<String> all = rates(get("/api/v1/prices?" + query + "&limit=200").json());
            for (int limit = 1; limit <= 3; limit++) {
                assertThat(allPages("/api/v1/prices?" + query + "&limit=" + limit)).as(query + " limit " + limit).isEqualTo(all);
            }
        }
        assertThat(rates(get("/api/v1/prices?code_type=CPT&code=99213&sort=-price&limit=200").json()))
                .containsExactly("h-or-2/2", "h-or-2/1", "h-or-1/1", "h-or-1/3", "h-ny-1/1", "h-or-1/2", "h-ny-1/2");
        assertThat(rates(get("/api/v1/prices?code_type=CPT&code=99213&state=NY").json())).containsExactly("h-ny-1/1", "h-ny-1/2");
        assertThat(rates(get("/api/v1/prices?code_type=CPT&code=99213&plan=aetna%20ppo").json())).containsExactly("h-or-1/1", "h-or-2/1");
    }

    @Test
    void ratesOfTwoHospitalsWithTheSamePriceAndRateIdArePagedOnceEach() {
        // the fixture's ties: a rate id numbers one hospital's rates, so two hospitals' rates share ids and prices
        JsonNode all = get("/api/v1/prices?code_type=CPT&code=99213&limit=200").json().get("data");
        assertThat(all.get(2).get("rate_id").asLong()).isEqualTo(all.get(3).get("rate_id").asLong());
        assertThat(all.get(2).get("negotiated_dollar").decimalValue()).isEqualByComparingTo(all.get(3).get("negotiated_dollar").decimalValue());
        assertThat(all.get(5).get("rate_id").asLong()).isEqualTo(all.get(6).get("rate_id").asLong());
        assertThat(all.get(5).get("negotiated_dollar").isNull() && all.get(6).get("negotiated_dollar").isNull()).isTrue();

        // one rate a page: each boundary of the tie is a cursor position
        assertThat(allPages("/api/v1/prices?code_type=CPT&code=99213&limit=1"))
                .containsExactly("h-ny-1/1", "h-or-1/3", "h-or-1/1", "h-or-2/1", "h-or-2/2", "h-ny-1/2", "h-or-1/2");
        assertThat(allPages("/api/v1/prices?code_type=CPT&code=99213&sort=-price&limit=1"))
                .containsExactly("h-or-2/2", "h-or-2/1", "h-or-1/1", "h-or-1/3", "h-ny-1/1", "h-or-1/2", "h-ny-1/2");
        assertThat(allPages("/api/v1/prices?code_type=CPT&code=99213&payer=aetna&limit=1"))
                .containsExactly("h-or-1/1", "h-or-2/1", "h-ny-1/2");
    }

    @Test
    void aCursorDoesNotCarryOverToOtherFilters() {
        String cursor = get("/api/v1/prices?code_type=CPT&code=99213&limit=1").json().get("next_cursor").asText();
        for (String other : List.of("state=OR", "modifiers=none", "billing_class=professional")) {
            TestingApi.Response r = get("/api/v1/prices?code_type=CPT&code=99213&" + other + "&limit=1&cursor=" + cursor);
            assertThat(r.status()).as(other).isEqualTo(400);
            assertThat(r.json().get("detail").asText()).contains("cursor").contains("other filters");
        }
        // the same group written otherwise is the same query
        String grouped = get("/api/v1/prices?code_type=CPT&code=99213&modifiers=none&limit=1").json().get("next_cursor").asText();
        assertThat(get("/api/v1/prices?code_type=CPT&code=99213&modifiers=NONE&limit=1&cursor=" + grouped).status()).isEqualTo(200);
    }

    @Test
    void ratesCarryTheirModifiersAndAreFilteredByExactGroup() {
        JsonNode all = get("/api/v1/prices?code_type=CPT&code=99213&limit=200").json();
        assertThat(all.get("data")).extracting(n -> n.get("hospital_id").asText() + "/" + n.get("rate_id").asLong() + " "
                + n.get("billing_class").asText() + " '" + n.get("modifiers").asText() + "'").containsExactly(
                "h-ny-1/1 professional '25,GT'", "h-or-1/3 professional ''", "h-or-1/1 professional ''", "h-or-2/1 professional ''",
                "h-or-2/2 facility ''", "h-ny-1/2 professional ''", "h-or-1/2 professional ''");
        String prices = "/api/v1/prices?code_type=CPT&code=99213&limit=200&";
        assertThat(rates(get(prices + "modifiers=none").json()))
                .containsExactly("h-or-1/3", "h-or-1/1", "h-or-2/1", "h-or-2/2", "h-ny-1/2", "h-or-1/2");
        // modifiers in any order and case name one group, and only that group: 25 is not 25,GT
        for (String group : List.of("25,GT", "gt,25", "GT,%2025", "25,GT,25")) {
            assertThat(rates(get(prices + "modifiers=" + group).json())).as(group).containsExactly("h-ny-1/1");
        }
        assertThat(rates(get(prices + "modifiers=25").json())).isEmpty();
        assertThat(rates(get(prices + "billing_class=facility").json())).containsExactly("h-or-2/2");
        assertThat(rates(get(prices + "billing_class=professional&modifiers=none").json()))
                .containsExactly("h-or-1/3", "h-or-1/1", "h-or-2/1", "h-ny-1/2", "h-or-1/2");
        assertThat(rates(get(prices + "billing_class=both").json())).isEmpty();

        assertThat(rates(get("/api/v1/hospitals/h-ny-1/prices?modifiers=none").json())).containsExactly("h-ny-1/2");
        assertThat(rates(get("/api/v1/hospitals/h-ny-1/prices?modifiers=25,GT").json())).containsExactly("h-ny-1/1");
        assertThat(rates(get("/api/v1/hospitals/h-or-1/prices?billing_class=facility").json())).containsExactly("h-or-1/4");
    }

    @Test
    void badGroupFiltersAreProblemsThatSayTheFix() {
        for (String route : List.of("/api/v1/prices?code_type=CPT&code=99213&", "/api/v1/hospitals/h-or-1/prices?",
                "/api/v1/hospitals/h-or-1/codes?", "/api/v1/codes/CPT/99213/stats?")) {
            for (Map.Entry<String, String> bad : Map.of(
                    "modifiers=26,,TC", "has an empty modifier code", "modifiers=26,", "has an empty modifier code",
                    "modifiers=none,26", "mixes none with modifier codes", "modifiers=2%206", "is not 1 to 10 letters or digits",
                    "modifiers=-26", "is not 1 to 10 letters or digits", "modifiers=%27%20or%201=1", "is not 1 to 10 letters or digits",
                    "billing_class=Professional", "is not allowed", "billing_class=none", "is not allowed").entrySet()) {
                TestingApi.Response r = get(route + bad.getKey());
                assertThat(r.status()).as(route + bad.getKey()).isEqualTo(400);
                assertThat(r.contentType()).startsWith("application/problem+json");
                String name = bad.getKey().substring(0, bad.getKey().indexOf('='));
                assertThat(r.json().get("detail").asText()).as(route + bad.getKey()).contains("parameter '" + name + "'")
                        .contains(bad.getValue()).contains("Fix: ");
            }
        }
        assertThat(get("/api/v1/prices?code_type=CPT&code=99213&modifiers=26,,TC").json().get("detail").asText())
                .contains("such as 26 or 26,TC, or none");
        assertThat(get("/api/v1/prices?code_type=CPT&code=99213&billing_class=x").json().get("detail").asText())
                .contains("use one of professional, facility, both, unknown");
    }

    /** The rates of every page of {@code query}, from the first, as hospital/rate id. */
    private static List<String> allPages(String query) {
        List<String> rates = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = get(query + (cursor == null ? "" : "&cursor=" + cursor)).json();
            rates.addAll(rates(page));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
            pages++;
        } while (cursor != null && pages < 50);
        return rates;
    }

    @Test
    void hospitalsListSearchPageAndDetail() {
        JsonNode all = get("/api/v1/hospitals").json();
        assertThat(all.get("data")).extracting(n -> n.get("hospital_id").asText()).containsExactly("h-or-1", "h-ny-1", "h-or-2");
        assertThat(get("/api/v1/hospitals?state=OR").json().get("data")).hasSize(2);
        // LIKE wildcards in the search are literal
        assertThat(get("/api/v1/hospitals?q=100%25").json().get("data")).extracting(n -> n.get("hospital_id").asText()).containsExactly("h-ny-1");
        assertThat(get("/api/v1/hospitals?q=e_h").json().get("data")).extracting(n -> n.get("hospital_id").asText()).containsExactly("h-ny-1");
        JsonNode first = get("/api/v1/hospitals?limit=2").json();
        JsonNode second = get("/api/v1/hospitals?limit=2&cursor=" + first.get("next_cursor").asText()).json();
        assertThat(second.get("data")).extracting(n -> n.get("hospital_id").asText()).containsExactly("h-or-2");
        assertThat(second.get("next_cursor").isNull()).isTrue();

        JsonNode h = get("/api/v1/hospitals/h-or-1").json();
        assertThat(h.get("hospital_name").asText()).isEqualTo("Cascade General Hospital");
        assertThat(h.get("location_names")).extracting(JsonNode::asText).containsExactly("Cascade General", "Cascade East Clinic");
        assertThat(h.get("quality_score").asDouble()).isEqualTo(0.91);
        assertThat(h.get("files").get(0).get("status").asText()).isEqualTo("partial");
        assertThat(h.get("current_file_findings")).extracting(n -> n.get("rule").asText() + "=" + n.get("count").asInt())
                .containsExactly("dollar_sign=2", "gross_charge_required=1");
        TestingApi.Response missing = get("/api/v1/hospitals/nope");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/problem+json");
    }

    @Test
    void hospitalPricesAndCodes() {
        JsonNode rates = get("/api/v1/hospitals/h-or-1/prices?code_type=CPT&code=99213").json();
        assertThat(rates.get("data")).extracting(n -> n.get("rate_id").asLong()).containsExactly(1L, 2L, 3L);
        assertThat(get("/api/v1/hospitals/h-or-1/prices?payer=aetna").json().get("data")).extracting(n -> n.get("rate_id").asLong())
                .containsExactly(1L, 4L, 5L);
        JsonNode page1 = get("/api/v1/hospitals/h-or-1/prices?limit=2").json();
        JsonNode page2 = get("/api/v1/hospitals/h-or-1/prices?limit=2&cursor=" + page1.get("next_cursor").asText()).json();
        assertThat(page2.get("data")).extracting(n -> n.get("rate_id").asLong()).containsExactly(3L, 4L);
        JsonNode codes = get("/api/v1/hospitals/h-or-1/codes").json();
        assertThat(codes.get("data")).extracting(n -> n.get("code").asText()).containsExactly("99213", "99214", "470");
        assertThat(codes.get("data").get(0).get("negotiated_median").decimalValue()).isEqualByComparingTo("105.22");
        assertThat(get("/api/v1/hospitals/nope/prices").status()).isEqualTo(404);
    }

    @Test
    void aHospitalsCodesAreOneRowPerComparableGroupAndPagedThroughEach() {
        JsonNode ny = get("/api/v1/hospitals/h-ny-1/codes").json();
        // one code and setting, two groups: the one without a modifier first
        assertThat(ny.get("data")).extracting(n -> n.get("code").asText() + " " + n.get("setting").asText() + " "
                + n.get("billing_class").asText() + " '" + n.get("modifiers").asText() + "'")
                .containsExactly("99213 outpatient professional ''", "99213 outpatient professional '25,GT'");
        assertThat(ny.get("data").get(0).get("negotiated_min").isNull()).isTrue();
        assertThat(ny.get("data").get(1).get("negotiated_min").decimalValue()).isEqualByComparingTo("0.01");
        JsonNode first = get("/api/v1/hospitals/h-ny-1/codes?limit=1").json();
        JsonNode second = get("/api/v1/hospitals/h-ny-1/codes?limit=1&cursor=" + first.get("next_cursor").asText()).json();
        assertThat(second.get("data")).extracting(n -> n.get("modifiers").asText()).containsExactly("25,GT");
        assertThat(second.get("next_cursor").isNull()).isTrue();

        assertThat(get("/api/v1/hospitals/h-ny-1/codes?modifiers=none").json().get("data")).hasSize(1);
        assertThat(get("/api/v1/hospitals/h-or-2/codes?billing_class=facility").json().get("data"))
                .extracting(n -> n.get("setting").asText()).containsExactly("inpatient");
    }

    @Test
    void aCodesPricesPerHospitalAreTheLowestMedianFirstAndPagedThroughEach() {
        JsonNode all = get("/api/v1/codes/CPT/99213/hospitals").json();
        // one row per hospital and comparable group; the hospital without a published dollar last
        assertThat(all.get("data")).extracting(n -> n.get("hospital_id").asText() + " " + n.get("setting").asText() + " "
                + n.get("billing_class").asText() + " '" + n.get("modifiers").asText() + "' " + n.get("negotiated_median").asText())
                .containsExactly("h-ny-1 outpatient professional '25,GT' 0.01", "h-or-1 outpatient professional '' 105.22",
                        "h-or-2 outpatient professional '' 112.34", "h-or-2 inpatient facility '' 1234567.891234",
                        "h-ny-1 outpatient professional '' null");
        JsonNode first = all.get("data").get(1);
        assertThat(first.get("hospital_name").asText()).isEqualTo("Cascade General Hospital");
        assertThat(first.get("state").asText()).isEqualTo("OR");
        assertThat(first.get("negotiated_min").decimalValue()).isEqualByComparingTo("98.1");
        assertThat(first.get("negotiated_max").decimalValue()).isEqualByComparingTo("112.34");
        assertThat(first.get("dollar_rates").asInt()).isEqualTo(2);

        // pages of one and of two visit the same rows once each, on into the rows without a median
        for (int limit : new int[] {1, 2}) {
            List<String> seen = new ArrayList<>();
            String cursor = null;
            do {
                JsonNode page = get("/api/v1/codes/CPT/99213/hospitals?limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor)).json();
                seen.addAll(idsOf(page));
                cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
            } while (cursor != null);
            assertThat(seen).as("limit %d", limit).containsExactlyElementsOf(idsOf(all));
        }

        assertThat(get("/api/v1/codes/CPT/99213/hospitals?state=NY").json().get("data")).extracting(n -> n.get("modifiers").asText())
                .containsExactly("25,GT", "");
        assertThat(get("/api/v1/codes/CPT/99213/hospitals?setting=outpatient&billing_class=professional&modifiers=none").json()
                .get("data")).extracting(n -> n.get("hospital_id").asText()).containsExactly("h-or-1", "h-or-2", "h-ny-1");
        assertThat(get("/api/v1/codes/CPT/00000/hospitals").json().get("data")).isEmpty();
        TestingApi.Response otherFilters = get("/api/v1/codes/CPT/99213/hospitals?state=OR&cursor="
                + get("/api/v1/codes/CPT/99213/hospitals?limit=1").json().get("next_cursor").asText());
        assertThat(otherFilters.status()).as("a cursor belongs to its filters").isEqualTo(400);
    }

    private static List<String> idsOf(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("data").forEach(n -> ids.add(n.get("hospital_id").asText() + "/" + n.get("setting").asText() + "/"
                + n.get("modifiers").asText()));
        return ids;
    }

    @Test
    void statisticsAreOneRowPerComparableGroupWithoutAModifierFirst() {
        JsonNode us = get("/api/v1/codes/CPT/99213/stats?geography=US&payer=*&measure=negotiated_dollar").json().get("data");
        assertThat(us).extracting(n -> n.get("setting").asText() + " " + n.get("billing_class").asText() + " '"
                + n.get("modifiers").asText() + "' " + n.get("hospitals").asInt()).containsExactly(
                "inpatient facility '' 1", "outpatient professional '' 2", "outpatient professional '25,GT' 1");
        JsonNode group = get("/api/v1/codes/CPT/99213/stats?geography=US&payer=*&measure=negotiated_dollar&setting=outpatient"
                + "&billing_class=professional&modifiers=none").json().get("data");
        assertThat(group).hasSize(1);
        assertThat(group.get(0).get("min").decimalValue()).as("the 0.01 of the 25,GT group is not pooled").isEqualByComparingTo("98.1");
        assertThat(get("/api/v1/codes/CPT/99213/stats?modifiers=gt,25").json().get("data"))
                .extracting(n -> n.get("geography").asText()).containsExactly("US", "NY");
        assertThat(get("/api/v1/codes/CPT/99213/stats?modifiers=25").json().get("data")).isEmpty();
        assertThat(get("/api/v1/codes/CPT/99213/stats?billing_class=facility").json().get("data"))
                .extracting(n -> n.get("geography").asText()).containsExactly("US", "OR");
    }

    @Test
    void statsSearchPayersFiles() {
        JsonNode stats = get("/api/v1/codes/CPT/99213/stats").json().get("data");
        assertThat(stats.get(0).get("geography").asText()).isEqualTo("US");
        assertThat(stats.get(0).get("payer").asText()).isEqualTo("*");
        assertThat(get("/api/v1/codes/CPT/99213/stats?geography=OR&setting=outpatient").json().get("data").get(0).get("median")
                .decimalValue()).isEqualByComparingTo("112.34");
        assertThat(get("/api/v1/codes/CPT/99213/stats?measure=derived_dollar").json().get("data")).hasSize(1);

        JsonNode search = get("/api/v1/codes/search?q=knee%20replacement").json().get("data");
        assertThat(search.get(0).get("code").asText()).isEqualTo("470");
        JsonNode visits = get("/api/v1/codes/search?q=office%20visit").json().get("data");
        assertThat(visits).extracting(n -> n.get("code").asText()).contains("99213", "99214");
        assertThat(visits.get(0).get("code").asText()).as("the code most hospitals price comes first among equal ranks").isEqualTo("99213");
        assertThat(get("/api/v1/codes/search?q=99214").json().get("data").get(0).get("code").asText()).isEqualTo("99214");

        assertThat(get("/api/v1/payers").json().get("data")).extracting(n -> n.get("payer").asText()).containsExactly("aetna", "cigna", "regence");
        assertThat(get("/api/v1/files?status=rejected").json().get("data").get(0).get("reason").asText()).contains("HTML");
        JsonNode file = get("/api/v1/files/aaaa000000000000000000000000000000000000000000000000000000000001").json();
        assertThat(file.get("findings")).hasSize(3);
        assertThat(file.get("findings").get(0).get("severity").asText()).isEqualTo("alert");
    }

    @Test
    void requestIdIsEchoedOrGenerated() {
        TestingApi.Response given = api.get("/api/v1/payers", "Authorization", bearer(api.viewerKey), "X-Request-Id", "trace-abc.123");
        assertThat(given.header("X-Request-Id")).contains("trace-abc.123");
        TestingApi.Response generated = api.get("/api/v1/payers", "Authorization", bearer(api.viewerKey));
        assertThat(generated.header("X-Request-Id")).hasValueSatisfying(id -> assertThat(id).matches("[0-9a-f-]{36}"));
        TestingApi.Response hostile = api.get("/api/v1/hospitals/nope", "Authorization", bearer(api.viewerKey), "X-Request-Id", "a b\"<x>");
        assertThat(hostile.header("X-Request-Id")).hasValueSatisfying(id -> assertThat(id).matches("[0-9a-f-]{36}"));
        assertThat(hostile.json().get("request_id").asText()).isEqualTo(hostile.header("X-Request-Id").orElseThrow());
    }

    @Test
    void healthChecksTheDatabase() {
        TestingApi.Response r = api.get("/health");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("database").asText()).isEqualTo("ok");
        assertThat(r.json().get("last_export").get("run_id").asText()).isEqualTo("run-1");
    }
}
