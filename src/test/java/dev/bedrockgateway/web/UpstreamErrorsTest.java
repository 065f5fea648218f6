package dev.bedrockgateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockgateway.GatewayHttpTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** Bedrock's errors, injected by the emulator and raised by the real AWS SDK, reach callers as DESIGN §3 says. */
class UpstreamErrorsTest extends GatewayHttpTest {

    private static final String LLAMA = "meta.llama3-8b-instruct-v1:0";

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "throttling,  429, throttled,      throttled",
            "unavailable, 502, upstream_error, upstream_error",
            "internal,    502, upstream_error, upstream_error",
            "timeout,     504, upstream_timeout, timeout",
    })
    void mapsEachInjectedErrorToItsStatus(String error, int status, String code, String outcome) throws Exception {
        fault(LLAMA, error, 1.0);

        Answer answer = post("/v1/generate", "{\"model\":\"llama3-8b\",\"prompt\":\"Hi\"}");

        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = answer.json();
        assertThat(problem.get("code").asString()).isEqualTo(code);
        assertThat(problem.get("detail").asString()).contains(LLAMA);
        assertThat(problem.at("/attempts/0/model").asString()).isEqualTo("llama3-8b");
        assertThat(problem.at("/attempts/0/outcome").asString()).isEqualTo(outcome);
        if (status == 429) {
            assertThat(answer.header("Retry-After")).isNotBlank();
        }
    }

    @Test
    void fallsBackToTheNextModelOfTheRoute() throws Exception {
        fault("anthropic.claude-3-sonnet-20240229-v1:0", "unavailable", 1.0);

        Answer answer = post("/v1/generate", "{\"route\":\"chat\",\"prompt\":\"Hi\"}");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode attempts = answer.json().at("/route/attempts");
        assertThat(attempts.get(0).get("model").asString()).isEqualTo("claude-3-sonnet");
        assertThat(attempts.get(0).get("outcome").asString()).isEqualTo("upstream_error");
        assertThat(attempts.get(1).get("model").asString()).isEqualTo("llama3-70b");
        assertThat(attempts.get(1).get("outcome").asString()).isEqualTo("ok");
        assertThat(answer.header("X-Gateway-Model")).isEqualTo("llama3-70b");
    }

    @Test
    void answers429WhenEveryCandidateIsThrottled() throws Exception {
        fault("*", "throttling", 1.0);

        Answer answer = post("/v1/generate", "{\"route\":\"chat\",\"prompt\":\"Hi\"}");

        assertThat(answer.status()).isEqualTo(429);
        assertThat(answer.json().get("attempts")).hasSize(3);
        assertThat(answer.json().get("detail").asString()).contains("Every candidate of route chat failed");
    }

    @Test
    void doesNotFallBackWhenTheModelRejectsTheRequest() throws Exception {
        Answer answer = post("/v1/generate",
                "{\"route\":\"chat\",\"prompt\":\"Hi\",\"provider_options\":{\"bogus_field\":true}}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("code").asString()).isEqualTo("upstream_validation");
    }
}
