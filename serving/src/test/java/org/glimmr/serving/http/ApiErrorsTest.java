package org.glimmr.serving.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.Map;
import org.glimmr.serving.error.ServingException;
import org.glimmr.serving.error.ServingException.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each failure reported below HTTP answers with its own status, problem type, title and headers, its message as detail. */
class ApiErrorsTest {
    private record Expected(int status, String type, String title, Map<String, String> headers) {}

    private static final Map<ErrorCode, Expected> EXPECTED = Map.of(
            ErrorCode.UNAUTHENTICATED,
            new Expected(401, "unauthorized", "Unauthorized", Map.of("WWW-Authenticate", "Bearer realm=\"glimmr\"")),
            ErrorCode.UNAVAILABLE,
            new Expected(503, "unavailable", "Service unavailable", Map.of("Retry-After", "5")),
            ErrorCode.RATE_LIMITED,
            new Expected(429, "rate-limited", "Too many requests", Map.of("Retry-After", "3")));

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void eachCodeAnswersItsProblem(ErrorCode code) {
        Expected expected = EXPECTED.get(code);
        assertThat(expected).as("the problem expected for %s (add it here)", code).isNotNull();

        Problem problem = ApiErrors.problem(code == ErrorCode.RATE_LIMITED
                ? ServingException.rateLimited(3, "what went wrong. Fix: this.")
                : new ServingException(code, "what went wrong. Fix: this."));

        assertThat(problem.status()).as("status").isEqualTo(expected.status());
        assertThat(problem.type()).as("type").isEqualTo(Problem.TYPE_BASE + expected.type());
        assertThat(problem.title()).as("title").isEqualTo(expected.title());
        assertThat(problem.headers()).as("headers").isEqualTo(expected.headers());
        assertThat(problem.detail()).as("detail").isEqualTo("what went wrong. Fix: this.");
    }

    @Test
    void theCauseNeverReachesTheClient() {
        SQLException cause = new SQLException("password authentication failed for user \"glimmr\"", "28P01");

        Problem problem = ApiErrors.problem(new ServingException(ErrorCode.UNAVAILABLE, "the database did not answer.", cause));

        assertThat(problem.detail()).as("detail").isEqualTo("the database did not answer.");
    }
}
