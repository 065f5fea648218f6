package dev.bedrockgateway.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockgateway.GatewayHttpTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** No Grafana panel queries a metric the gateway does not export. */
class DashboardMetricsTest extends GatewayHttpTest {

    static final Path DASHBOARD = Path.of("config/grafana/dashboards/bedrock-gateway.json");

    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "and", "or", "unless", "bool", "offset");
    private static final String[] HISTOGRAM_SUFFIXES = {"_bucket", "_count", "_sum"};

    @Test
    void everyMetricThePanelsQueryIsInAScrape() throws Exception {
        // Traffic that makes every gateway meter exist, fallbacks included.
        fault("anthropic.claude-3-sonnet-20240229-v1:0", "unavailable", 1.0);
        assertThat(post("/v1/generate", "{\"route\":\"chat\",\"prompt\":\"Hi\"}").status()).isEqualTo(200);
        assertThat(post("/v1/generate", "{\"model\":\"llama3-8b\",\"prompt\":\"Hi\",\"stream\":true}").body())
                .contains("event:end");
        Set<String> scraped = Arrays.stream(get("/actuator/prometheus").body().split("\n"))
                .filter(line -> !line.startsWith("#") && !line.isBlank())
                .map(line -> line.split("[{ ]", 2)[0]).collect(Collectors.toSet());

        Set<String> queried = queriedMetrics(JSON.readTree(Files.readString(DASHBOARD)));

        assertThat(queried).contains("gateway_requests_total", "gateway_request_duration_seconds_bucket",
                "gateway_fallbacks_total", "resilience4j_circuitbreaker_state");
        assertThat(queried).allSatisfy(metric -> assertThat(exported(metric, scraped))
                .as("%s is queried by the dashboard but not exported", metric).isTrue());
    }

    private static boolean exported(String metric, Set<String> scraped) {
        if (scraped.contains(metric)) {
            return true;
        }
        for (String suffix : HISTOGRAM_SUFFIXES) {
            if (metric.endsWith(suffix)) {
                String base = metric.substring(0, metric.length() - suffix.length());
                return scraped.contains(base + "_count");
            }
        }
        return false;
    }

    /** Metric names in every panel's PromQL: identifiers that are not functions, keywords, labels or durations. */
    static Set<String> queriedMetrics(JsonNode dashboard) {
        Set<String> metrics = new TreeSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.path("targets")) {
                metrics.addAll(metricNames(target.get("expr").asString()));
            }
        }
        return metrics;
    }

    static Set<String> metricNames(String expr) {
        String bare = expr.replaceAll("\\{[^}]*}", " ")       // label matchers
                .replaceAll("\\[[^]]*]", " ")                     // range selectors
                .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", " "); // grouping labels
        Set<String> names = new HashSet<>();
        Matcher identifier = IDENTIFIER.matcher(bare);
        while (identifier.find()) {
            String word = identifier.group();
            boolean function = bare.substring(identifier.end()).stripLeading().startsWith("(");
            if (!function && !PROMQL_WORDS.contains(word)) {
                names.add(word);
            }
        }
        return names;
    }
}
