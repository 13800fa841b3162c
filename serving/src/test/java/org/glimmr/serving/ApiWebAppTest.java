package org.glimmr.serving;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web application's files at {@code /} beside the API, and the rate lineage route it links to. The page itself is
 * tested in a real browser by {@code python-tests/tests/test_web.py}.
 */
class ApiWebAppTest {
    static TestingApi api;

    @BeforeAll
    static void start() throws Exception {
        api = TestingApi.start();
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
    }

    @Test
    void thePageAndItsModulesAreServedWithoutCredentialsUnderAStrictPolicy() {
        TestingApi.Response page = api.get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("<script type=\"module\" src=\"/js/app.js\">");
        assertThat(page.header("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("default-src 'none'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'"));
        assertThat(page.header("X-Content-Type-Options")).contains("nosniff");
        assertThat(page.header("X-Request-Id")).as("the API's request ids cover the files too").isPresent();
        for (String module : new String[] {"app", "api", "dom", "ui", "chart", "explorer", "hospitals", "lineage", "admin",
                "pipelines"}) {
            TestingApi.Response js = api.get("/js/" + module + ".js");
            assertThat(js.status()).as(module).isEqualTo(200);
            assertThat(js.contentType()).as(module).startsWith("text/javascript");
        }
        assertThat(api.get("/app.css").contentType()).startsWith("text/css");
    }

    @Test
    void theApiRoutesAnswerAsBeforeBesideTheFiles() {
        TestingApi.Response unknown = api.get("/api/v1/nothing-here");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(api.get("/nothing-here.js").status()).isEqualTo(404);
        TestingApi.Response anonymous = api.get("/api/v1/prices?code_type=CPT&code=99213");
        assertThat(anonymous.status()).as("the files open no route to anonymous callers").isEqualTo(401);
        assertThat(anonymous.header("Content-Security-Policy")).as("the policy is the page's, not the API's").isEmpty();
        assertThat(api.get("/api/v1/prices?code_type=CPT&code=99213", "X-API-Key", api.viewerKey).status()).isEqualTo(200);
    }

    @Test
    void aRatesLineageIsItsFileAndItsPlaceInIt() {
        TestingApi.Response lineage = api.get("/api/v1/hospitals/h-or-1/prices/1/lineage", "X-API-Key", api.viewerKey);
        assertThat(lineage.status()).as(lineage.body()).isEqualTo(200);
        assertThat(lineage.json().get("source_location").asText()).isEqualTo("line 12");
        assertThat(lineage.json().get("file_sha256").asText()).endsWith("0001");
        assertThat(lineage.json().get("file").get("source_path").asText()).isEqualTo("raw/cascade.csv");
        assertThat(lineage.json().get("file").get("is_current").asBoolean()).isTrue();
        assertThat(api.get("/api/v1/hospitals/h-or-1/prices/99/lineage", "X-API-Key", api.viewerKey).status()).isEqualTo(404);
        TestingApi.Response bad = api.get("/api/v1/hospitals/h-or-1/prices/x/lineage", "X-API-Key", api.viewerKey);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("detail").asText()).contains("rateId");
        assertThat(api.get("/api/v1/hospitals/h-or-1/prices/1/lineage").status()).isEqualTo(401);
    }
}
