package org.glimmr.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.glimmr.serving.TestingApi.bearer;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalInt;
import org.glimmr.common.testing.TestingCli;
import org.glimmr.serving.auth.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A token lives only as long as its key and shares its key's rate limit; unknown keys are limited per client address
 * before they reach the database; the public routes keep no bucket per address unless anonymous access is on. Each
 * loopback address (127.x.y.z) is a client of its own.
 */
class ApiKeysAndLimitsTest {
    private static final int KEY_CACHE_SECONDS = 1;

    static TestingApi api;

    @BeforeAll
    static void start() throws Exception {
        api = TestingApi.start(Map.of("GLIMMR_API_RATE_LIMIT", "5", "GLIMMR_API_KEY_CACHE_SECONDS", String.valueOf(KEY_CACHE_SECONDS)));
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
    }

    private static String token(String key) {
        TestingApi.Response r = api.send("POST", "/api/v1/auth/token", null, "Authorization", bearer(key));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("access_token").asText();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String keyId(String key) {
        return key.substring(5, 17);
    }

    @Test
    void aKeyRevokedElsewhereRefusesItsTokensWithinTheKeyCacheTime() {
        String key = api.createKey("leaked", Role.ANALYST, OptionalInt.empty());
        String jwt = token(key);
        assertThat(api.get("/api/v1/payers", "Authorization", bearer(jwt)).status()).isEqualTo(200);

        // revoked by another process (the command line): this server learns it when its cached key expires
        TestingCli.Result revoke = TestingCli.run(GlimmrServing.commandLine(api.config), "apikey", "revoke", keyId(key));
        assertThat(revoke.exit()).as(revoke.err()).isZero();
        long revokedAt = System.nanoTime();
        TestingApi.Response refused;
        do {
            sleep(250); // below the rate limit of 5/s
            refused = api.get("/api/v1/payers", "Authorization", bearer(jwt));
        } while (refused.status() == 200 && System.nanoTime() - revokedAt < 10_000_000_000L);

        assertThat(refused.status()).as(refused.body()).isEqualTo(401);
        assertThat(Duration.ofNanos(System.nanoTime() - revokedAt)).as("time until the token was refused")
                .isLessThan(Duration.ofSeconds(KEY_CACHE_SECONDS + 3));
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("detail").asText()).contains("issued for the API key " + keyId(key)).contains("revoked");
        assertThat(api.get("/api/v1/exports/rates.csv?hospital_id=h-or-1", "Authorization", bearer(jwt)).status()).isEqualTo(401);
    }

    @Test
    void aKeyRevokedThroughThisServerRefusesItsTokensAtOnce() {
        String key = api.createKey("revoked here", Role.VIEWER, OptionalInt.empty());
        String jwt = token(key);
        assertThat(api.get("/api/v1/hospitals", "Authorization", bearer(jwt)).status()).isEqualTo(200);

        assertThat(api.send("DELETE", "/api/v1/admin/keys/" + keyId(key), null, "X-API-Key", api.adminKey).status()).isEqualTo(200);

        TestingApi.Response refused = api.get("/api/v1/hospitals", "Authorization", bearer(jwt));
        assertThat(refused.status()).as(refused.body()).isEqualTo(401);
        assertThat(refused.json().get("detail").asText()).contains("revoked");
    }

    @Test
    void aTokenForAKeyThisServerDoesNotKnowIsRefused() {
        Instant now = Instant.now();
        String forKeyNeverMade = JWT.create().withIssuer("glimmr").withAudience("glimmr-api").withSubject("key:0123456789ab")
                .withClaim("role", "admin").withIssuedAt(now).withExpiresAt(now.plus(Duration.ofHours(1)))
                .sign(Algorithm.HMAC256(TestingApi.JWT_SECRET));
        String notAKeyId = JWT.create().withIssuer("glimmr").withAudience("glimmr-api").withSubject("key:../../admin")
                .withClaim("role", "admin").withIssuedAt(now).withExpiresAt(now.plus(Duration.ofHours(1)))
                .sign(Algorithm.HMAC256(TestingApi.JWT_SECRET));

        TestingApi.Response unknown = api.get("/api/v1/admin/keys", "Authorization", bearer(forKeyNeverMade));
        TestingApi.Response malformed = api.get("/api/v1/admin/keys", "Authorization", bearer(notAKeyId));

        assertThat(unknown.status()).as(unknown.body()).isEqualTo(401);
        assertThat(unknown.json().get("detail").asText()).contains("0123456789ab").contains("does not know");
        assertThat(malformed.status()).as(malformed.body()).isEqualTo(401);
        assertThat(malformed.json().get("detail").asText()).contains("subject");
    }

    @Test
    void aKeyAndItsTokensShareOneBucketAtTheKeysOwnLimit() {
        String key = api.createKey("one per second", Role.VIEWER, OptionalInt.of(1));
        // the token request itself is one of the key's requests; then the key's bucket (burst 2) is empty
        String jwt = token(key);
        long started = System.nanoTime();
        int served = 1;
        int tokenRefused = 0;
        for (int i = 0; i < 12; i++) {
            boolean asToken = i % 2 == 1;
            TestingApi.Response r = api.get("/api/v1/payers", asToken ? new String[] {"Authorization", bearer(jwt)}
                    : new String[] {"X-API-Key", key});
            if (r.status() == 200) {
                served++;
            } else {
                assertThat(r.status()).as(r.body()).isEqualTo(429);
                assertThat(r.header("Retry-After")).isPresent();
                if (asToken) {
                    tokenRefused++;
                    assertThat(r.json().get("detail").asText()).contains("more than 1 requests per second");
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        // one bucket of 2 that refills 1 per second: a token of its own (at the default 5/s, burst 10) would add 6
        assertThat(served).as("requests served in %.1f s", seconds).isLessThanOrEqualTo(2 + (int) Math.ceil(seconds) + 1);
        assertThat(tokenRefused).as("the token hit its key's limit").isPositive();
        assertThat(api.get("/api/v1/payers", "X-API-Key", api.viewerKey).status()).as("another key").isEqualTo(200);
    }

    @Test
    void unknownKeysAreLimitedPerAddressBeforeTheDatabaseIsAsked() throws Exception {
        try (TestingApi slow = TestingApi.start(Map.of("GLIMMR_API_RATE_LIMIT", "1"))) {
            String from = "127.0.9.1";
            int unknown = 0;
            int refused = 0;
            for (int i = 0; i < 10; i++) {
                TestingApi.Raw r = slow.raw(from, "GET", "/api/v1/payers", null, "X-API-Key", unknownKey(i));
                assertThat(r.contentType()).startsWith("application/problem+json");
                if (r.status() == 401) {
                    unknown++;
                } else {
                    assertThat(r.status()).as(r.body()).isEqualTo(429);
                    assertThat(r.headers()).containsKey("retry-after");
                    assertThat(r.json().get("detail").asText()).contains("unknown API keys");
                    refused++;
                }
            }
            assertThat(unknown).as("an address's burst: twice the rate of 1 (and what refilled meanwhile)").isBetween(2, 4);
            assertThat(refused).isPositive();

            // an unknown key let through just after a refusal leaves the bucket empty for about a second: then, with the
            // key table locked, a lookup would wait (and time out), but the limited address is answered without one
            TestingApi.Raw previous = null;
            boolean emptied = false;
            // by time, not by count: refused answers come back in well under a millisecond, and a token takes a second
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            for (int i = 0; !emptied && System.nanoTime() < deadline; i++) {
                TestingApi.Raw r = slow.raw(from, "GET", "/api/v1/payers", null, "X-API-Key", unknownKey(1000 + i));
                emptied = r.status() == 401 && previous != null && previous.status() == 429;
                previous = r;
                Thread.sleep(5);
            }
            assertThat(emptied).as("a refusal, then the next token used").isTrue();
            try (Connection c = slow.database.connect(); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                st.execute("lock table api.api_keys in access exclusive mode");
                for (int i = 0; i < 3; i++) {
                    long t = System.nanoTime();
                    TestingApi.Raw r = slow.raw(from, "GET", "/api/v1/payers", null, "X-API-Key", unknownKey(100 + i));
                    assertThat(r.status()).as(r.body()).isEqualTo(429);
                    assertThat(Duration.ofNanos(System.nanoTime() - t)).isLessThan(Duration.ofSeconds(2));
                }
                c.rollback();
            }

            // another address is not limited by it
            TestingApi.Raw elsewhere = slow.raw("127.0.9.2", "GET", "/api/v1/payers", null, "X-API-Key", unknownKey(200));
            assertThat(elsewhere.status()).as(elsewhere.body()).isEqualTo(401);
            assertThat(slow.raw("127.0.9.2", "GET", "/api/v1/payers", null, "X-API-Key", slow.viewerKey).status()).isEqualTo(200);
        }
    }

    private static String unknownKey(int n) {
        return String.format("glmr_%012x_%s", n, "A".repeat(43));
    }

    @Test
    void publicRoutesKeepNoBucketPerAddressUnlessAnonymousAccessIsOn() throws Exception {
        for (int i = 0; i < 40; i++) {
            TestingApi.Raw r = api.raw("127.0.8.1", "GET", "/health", null);
            assertThat(r.status()).as("request %d: %s", i, r.body()).isEqualTo(200);
        }
        try (TestingApi open = TestingApi.start(Map.of("GLIMMR_API_RATE_LIMIT", "5", "GLIMMR_API_ANONYMOUS", "true"))) {
            int limited = 0;
            for (int i = 0; i < 40 && limited == 0; i++) {
                TestingApi.Raw r = open.raw("127.0.8.1", "GET", "/health", null);
                if (r.status() == 429) {
                    limited++;
                    assertThat(r.contentType()).startsWith("application/problem+json");
                } else {
                    assertThat(r.status()).isEqualTo(200);
                }
            }
            assertThat(limited).as("an anonymous address is limited where anonymous callers may read").isEqualTo(1);
            assertThat(open.raw("127.0.8.2", "GET", "/health", null).status()).as("another address").isEqualTo(200);
        }
    }
}
