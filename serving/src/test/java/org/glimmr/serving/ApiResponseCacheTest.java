package org.glimmr.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.glimmr.serving.http.ResponseCache;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The read routes answer from a cache that lasts until the next export: the same question is answered from it
 * (after the caller's key, rate limit and role were checked), and an export marked done empties it.
 */
class ApiResponseCacheTest {
    private static final String PRICES = "/api/v1/prices?code_type=CPT&code=99213&limit=200";

    static TestingApi api;

    @BeforeAll
    static void start() throws Exception {
        api = TestingApi.start(Map.of("GLIMMR_API_CACHE_CHECK_MS", "100"));
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
    }

    private TestingApi.Response get(String path) {
        return api.get(path, "X-API-Key", api.viewerKey);
    }

    @Test
    void theSameQuestionIsAnsweredFromTheCacheUntilTheNextExport() throws Exception {
        String prices = "/api/v1/prices?code_type=CPT&code=99213&limit=150";
        TestingApi.Response first = get(prices);
        TestingApi.Response second = get(prices);
        // the same parameters in another order are the same question
        TestingApi.Response reordered = get("/api/v1/prices?limit=150&code=99213&code_type=CPT");

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header(ResponseCache.HEADER)).contains("miss");
        assertThat(second.header(ResponseCache.HEADER)).contains("hit");
        assertThat(reordered.header(ResponseCache.HEADER)).contains("hit");
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.contentType()).startsWith("application/json");
        String firstDollar = first.json().get("data").get(0).get("negotiated_dollar").asText();

        // curated tables change only by an export; a write behind its back (the lowest price, 0.01, made 0.02) is not
        // seen until an export is done
        String rate = TestingApi.rates(first.json()).get(0);
        String hospitalId = first.json().get("data").get(0).get("hospital_id").asText();
        long rateId = first.json().get("data").get(0).get("rate_id").asLong();
        api.sql("update curated.negotiated_rates set negotiated_dollar = 0.02 where hospital_id = '" + hospitalId + "'"
                + " and rate_id = " + rateId);
        assertThat(get(prices).json().get("data").get(0).get("negotiated_dollar").asText()).isEqualTo(firstDollar);

        api.sql("insert into glimmr.export_runs (run_id, started_at, finished_at, status)"
                + " values ('run-cache-test', now(), now(), 'done')");
        long deadline = System.nanoTime() + 10_000_000_000L;
        TestingApi.Response after;
        do {
            Thread.sleep(50);
            after = get(prices);
        } while (after.header(ResponseCache.HEADER).orElse("").equals("hit") && System.nanoTime() < deadline);

        assertThat(after.header(ResponseCache.HEADER)).contains("miss");
        assertThat(TestingApi.rates(after.json()).get(0)).isEqualTo(rate);
        assertThat(after.json().get("data").get(0).get("negotiated_dollar").decimalValue()).isEqualByComparingTo("0.02");
        assertThat(get(prices).header(ResponseCache.HEADER)).contains("hit");
    }

    @Test
    void aCachedAnswerStillNeedsCredentialsAndErrorsAreNotKept() {
        assertThat(get("/api/v1/hospitals?limit=5").status()).isEqualTo(200);
        assertThat(get("/api/v1/hospitals?limit=5").header(ResponseCache.HEADER)).contains("hit");

        TestingApi.Response anonymous = api.get("/api/v1/hospitals?limit=5");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header(ResponseCache.HEADER)).isEmpty();

        assertThat(get("/api/v1/hospitals/no-such-hospital").status()).isEqualTo(404);
        TestingApi.Response again = get("/api/v1/hospitals/no-such-hospital");
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.header(ResponseCache.HEADER)).isEmpty();
        assertThat(again.contentType()).startsWith("application/problem+json");
    }

    @Test
    void routesOutsideTheCuratedReadsAreNeverCached() {
        assertThat(api.get("/health").header(ResponseCache.HEADER)).isEmpty();
        assertThat(api.get("/api/v1/admin/keys", "X-API-Key", api.adminKey).header(ResponseCache.HEADER)).isEmpty();
    }

    @Test
    void theCacheCanBeTurnedOffAndReportsItsWorkAsMetrics() throws Exception {
        get(PRICES);
        get(PRICES);
        String metrics = api.get("/metrics", "X-API-Key", api.adminKey).body();
        assertThat(metrics).containsPattern("glimmr_api_cache_hits_total [1-9]").contains("glimmr_api_cache_misses_total");

        try (TestingApi off = TestingApi.start(Map.of("GLIMMR_API_CACHE_MB", "0"))) {
            TestingApi.Response a = off.get(PRICES, "X-API-Key", off.viewerKey);
            TestingApi.Response b = off.get(PRICES, "X-API-Key", off.viewerKey);
            assertThat(a.status()).isEqualTo(200);
            assertThat(b.body()).isEqualTo(a.body());
            assertThat(b.header(ResponseCache.HEADER)).isEmpty();
        }
    }
}
