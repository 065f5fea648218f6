package dev.bedrockgateway.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.bedrockgateway.GatewayHttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * After a known set of requests, the Prometheus scrape holds exactly their counts, tokens and costs. A context of its
 * own (the route below is unique to it), so every meter starts from zero.
 */
@TestPropertySource(properties = "gateway.routes.metered.targets=claude-3-haiku,llama3-70b")
class GatewayMetricsScrapeTest extends GatewayHttpTest {

    @Test
    void scrapeCountsRequestsTokensCostsAndFallbacks() throws Exception {
        // A caller may name a model by an inference-profile id: the tag is still the catalog alias.
        Answer byProfile = post("/v1/generate", "{\"model\":\"us.meta.llama3-8b-instruct-v1:0\",\"prompt\":\"Hi\"}");
        Answer openAi = post("/v1/chat/completions",
                "{\"model\":\"command-r\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello there\"}]}");
        fault("anthropic.claude-3-haiku-20240307-v1:0", "unavailable", 1.0);
        Answer fellBack = post("/v1/generate", "{\"route\":\"metered\",\"prompt\":\"Tell me more\"}");
        fault("mistral.mistral-large-2402-v1:0", "throttling", 1.0);
        Answer throttled = post("/v1/generate", "{\"model\":\"mistral-large\",\"prompt\":\"Hi\"}");
        Answer badBody = post("/v1/generate", "{\"prompt\":");

        assertThat(byProfile.status()).as(byProfile.body()).isEqualTo(200);
        assertThat(openAi.status()).as(openAi.body()).isEqualTo(200);
        assertThat(fellBack.status()).as(fellBack.body()).isEqualTo(200);
        assertThat(fellBack.header("X-Gateway-Model")).isEqualTo("llama3-70b");
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(badBody.status()).isEqualTo(400);

        PrometheusScrape scrape = scrape();

        String requests = "gateway_requests_total";
        assertThat(scrape.sum(requests)).isEqualTo(5);
        assertThat(scrape.sum(requests, "api", "native", "model", "llama3-8b", "provider", "meta", "route", "direct",
                "outcome", "ok")).isEqualTo(1);
        assertThat(scrape.sum(requests, "api", "openai", "model", "command-r", "provider", "cohere", "outcome", "ok"))
                .isEqualTo(1);
        assertThat(scrape.sum(requests, "model", "llama3-70b", "route", "metered", "outcome", "ok")).isEqualTo(1);
        assertThat(scrape.sum(requests, "model", "mistral-large", "provider", "mistral", "route", "direct",
                "outcome", "throttled")).isEqualTo(1);
        assertThat(scrape.sum(requests, "model", "none", "route", "none", "outcome", "invalid_request")).isEqualTo(1);
        assertThat(scrape.samples().get(requests).keySet()).allSatisfy(labels -> assertThat(labels.get("model"))
                .doesNotContain(":").doesNotContain("arn"));

        assertThat(scrape.sum("gateway_fallbacks_total", "from", "claude-3-haiku", "to", "llama3-70b",
                "reason", "upstream_error")).isEqualTo(1);
        assertThat(scrape.sum("gateway_fallbacks_total")).isEqualTo(1);
        // every try, named by its deployment: the gateway's own client is "default"
        assertThat(scrape.sum("gateway_attempts_total", "model", "claude-3-haiku", "deployment", "default",
                "outcome", "upstream_error")).isEqualTo(1);
        assertThat(scrape.sum("gateway_attempts_total", "model", "llama3-70b", "deployment", "default",
                "outcome", "ok")).isEqualTo(1);
        // a request that failed counts its tries too: they are what an operator looks for
        assertThat(scrape.sum("gateway_attempts_total", "model", "mistral-large", "deployment", "default",
                "outcome", "throttled")).isEqualTo(1);

        assertThat(scrape.sum("gateway_request_duration_seconds_count")).isEqualTo(5);
        assertThat(scrape.sum("gateway_request_duration_seconds_count", "outcome", "ok")).isEqualTo(3);
        assertThat(scrape.sum("gateway_upstream_duration_seconds_count")).isEqualTo(3);
        assertThat(scrape.sum("gateway_overhead_seconds_count")).isEqualTo(3);
        assertThat(scrape.names()).contains("gateway_request_duration_seconds_bucket");

        long input = usage(byProfile, "input_tokens") + usage(openAi, "prompt_tokens") + usage(fellBack, "input_tokens");
        long output = usage(byProfile, "output_tokens") + usage(openAi, "completion_tokens")
                + usage(fellBack, "output_tokens");
        assertThat(scrape.sum("gateway_tokens_total", "direction", "input")).isEqualTo(input);
        assertThat(scrape.sum("gateway_tokens_total", "direction", "output")).isEqualTo(output);
        assertThat(scrape.sum("gateway_tokens_total", "model", "llama3-8b", "direction", "input"))
                .isEqualTo(usage(byProfile, "input_tokens"));

        double cost = price("llama3-8b", byProfile, "input_tokens", "output_tokens")
                + price("command-r", openAi, "prompt_tokens", "completion_tokens")
                + price("llama3-70b", fellBack, "input_tokens", "output_tokens");
        assertThat(scrape.sum("gateway_cost_usd_total")).isCloseTo(cost, within(1e-12));
        assertThat(scrape.sum("gateway_cost_usd_total", "model", "command-r"))
                .isCloseTo(price("command-r", openAi, "prompt_tokens", "completion_tokens"), within(1e-12));

        // Resilience4j's own meters, per model alias.
        assertThat(scrape.sum("resilience4j_circuitbreaker_state", "name", "claude-3-haiku", "state", "closed"))
                .isEqualTo(1);
        assertThat(scrape.names()).contains("resilience4j_retry_calls_total", "resilience4j_bulkhead_available_concurrent_calls");
    }

    private PrometheusScrape scrape() throws Exception {
        Answer answer = get("/actuator/prometheus");
        assertThat(answer.status()).isEqualTo(200);
        return PrometheusScrape.parse(answer.body());
    }

    private static long usage(Answer answer, String field) {
        JsonNode usage = answer.json().get("usage");
        assertThat(usage.get(field).asLong()).as(field).isPositive();
        return usage.get(field).asLong();
    }

    private double price(String alias, Answer answer, String input, String output) {
        return catalog().byAlias(alias).price().tokens((int) usage(answer, input), (int) usage(answer, output));
    }
}
