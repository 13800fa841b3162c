package org.glimmr.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.glimmr.serving.data.PriceQueries;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A cursor names the load it pages through (the export run that filled the curated tables). A new load, swapped in
 * as an export does (new tables and the run marked done, in one transaction), renumbers the rates: a cursor of the
 * old load is refused with 410 and the client starts again, instead of landing anywhere in the new one.
 */
class ApiCursorAcrossLoadsTest {
    private static final String PRICES = "/api/v1/prices?code_type=CPT&code=99213&limit=2";

    static TestingApi api;

    @BeforeAll
    static void start() throws Exception {
        api = TestingApi.start(Map.of("GLIMMR_API_CACHE_CHECK_MS", "100"));
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
    }

    private static JsonNode get(String path) {
        TestingApi.Response r = api.get(path, "X-API-Key", api.viewerKey);
        assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(200);
        return r.json();
    }

    private static String load(int n) {
        return "insert into glimmr.export_runs (run_id, started_at, finished_at, status) values ('export-" + n + "', now(), now(), 'done')";
    }

    /** Every rate of the query (as hospital/rate id), page by page from the first. */
    private static List<String> allPages(String query) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 50; pages++) {
            JsonNode page = get(query + (cursor == null ? "" : "&cursor=" + cursor));
            ids.addAll(TestingApi.rates(page));
            if (page.get("next_cursor").isNull()) {
                return ids;
            }
            cursor = page.get("next_cursor").asText();
        }
        throw new AssertionError("more than 50 pages");
    }

    @Test
    void aCursorOfAnEarlierLoadIsRefusedAndTheClientStartsAgain() throws Exception {
        api.sql(load(1));
        List<String> before = allPages(PRICES);
        assertThat(before).containsExactly("h-ny-1/1", "h-or-1/3", "h-or-1/1", "h-or-2/1", "h-or-2/2", "h-ny-1/2", "h-or-1/2");
        JsonNode first = get(PRICES);
        List<String> fields = new ArrayList<>();
        first.get("data").get(0).fieldNames().forEachRemaining(fields::add);
        assertThat(fields).as("a rate's fields: the load goes into the cursor only").isEqualTo(PriceQueries.RATE_COLUMNS);
        String cursor = first.get("next_cursor").asText();
        assertThat(TestingApi.rates(get(PRICES + "&cursor=" + cursor))).startsWith("h-or-1/1");
        String payersCursor = get("/api/v1/payers?limit=2").get("next_cursor").asText();

        // a new load: the same rates under new ids, one payer fewer (its page would now be empty)
        api.sql("update curated.negotiated_rates set rate_id = 100 - rate_id", "delete from curated.payers where payer = 'regence'",
                load(2));

        TestingApi.Response stale = awaitNot200(PRICES + "&cursor=" + cursor);
        assertThat(stale.status()).as(stale.body()).isEqualTo(410);
        assertThat(stale.contentType()).startsWith("application/problem+json");
        assertThat(stale.json().get("type").asText()).endsWith("/cursor-expired");
        assertThat(stale.json().get("detail").asText()).contains("'export-1'").contains("'export-2'").contains("start again");
        TestingApi.Response emptyPage = awaitNot200("/api/v1/payers?limit=2&cursor=" + payersCursor);
        assertThat(emptyPage.status()).as("a page the new load leaves empty: " + emptyPage.body()).isEqualTo(410);

        // started again, every rate once, under the new load's ids
        assertThat(allPages(PRICES)).containsExactly("h-ny-1/99", "h-or-1/97", "h-or-1/99", "h-or-2/99", "h-or-2/98", "h-ny-1/98",
                "h-or-1/98");
        String fresh = get(PRICES).get("next_cursor").asText();
        assertThat(TestingApi.rates(get(PRICES + "&cursor=" + fresh))).startsWith("h-or-1/99");
    }

    @Test
    void cursorsOfEarlierVersionsOfTheApiAreRefusedToo() {
        String cursor = get("/api/v1/hospitals?limit=1").get("next_cursor").asText();
        String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\u001f", -1);
        assertThat(parts).hasSize(5);
        // before cursors named their load
        TestingApi.Response withoutLoad = api.get("/api/v1/hospitals?limit=1&cursor=" + encode("c1", parts[1], parts[3], parts[4]),
                "X-API-Key", api.viewerKey);
        assertThat(withoutLoad.status()).as(withoutLoad.body()).isEqualTo(410);
        assertThat(withoutLoad.json().get("detail").asText()).contains("start again");

        // before rate ids were numbered per hospital: the rates across hospitals were paged on (dollar, rate id)
        // (not the other test's query: its first page, kept in the answer cache, would name the load of this one)
        String prices = "/api/v1/prices?code_type=CPT&code=99213&limit=1";
        String[] p = new String(Base64.getUrlDecoder().decode(get(prices).get("next_cursor").asText()), StandardCharsets.UTF_8)
                .split("\u001f", -1);
        assertThat(p).as("version, filters, load, dollar, hospital, rate id").hasSize(6);
        TestingApi.Response byDollarAndRate = api.get(prices + "&cursor=" + encode("c2", p[1], p[2], p[3], p[5]), "X-API-Key",
                api.viewerKey);
        assertThat(byDollarAndRate.status()).as(byDollarAndRate.body()).isEqualTo(410);
        assertThat(byDollarAndRate.json().get("detail").asText()).contains("earlier version").contains("start again");
    }

    private static String encode(String... parts) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(String.join("\u001f", parts).getBytes(StandardCharsets.UTF_8));
    }

    /** The answer once the answer cache has seen the new export (an old page may be served for one check interval). */
    private static TestingApi.Response awaitNot200(String path) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        TestingApi.Response r;
        do {
            r = api.get(path, "X-API-Key", api.viewerKey);
            if (r.status() == 200) {
                Thread.sleep(50);
            }
        } while (r.status() == 200 && System.nanoTime() < deadline);
        return r;
    }
}
