package dev.bedrockgateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockgateway.GatewayHttpTest;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** Routing strategies and rules over real HTTP, against the emulator. */
@TestPropertySource(properties = {
        "gateway.routes.thrifty.strategy=cheapest",
        "gateway.routes.thrifty.targets=command-r,llama3-8b",
        "gateway.routes.quick.strategy=fastest",
        "gateway.routes.quick.targets=mistral-large,command-r-plus",
        "gateway.routes.ab.strategy=weighted",
        "gateway.routes.ab.targets=llama3-70b,claude-3-sonnet",
        "gateway.routes.ab.weights.llama3-70b=3",
        "gateway.routes.ab.weights.claude-3-sonnet=1",
        "gateway.routes.ab.sticky=true",
        "gateway.routes.search.targets=command-r-plus",
        "gateway.rules[0].route=search",
        "gateway.rules[0].headers.X-Team=search",
        "gateway.rules[1].route=search",
        "gateway.rules[1].tags.team=search"
})
class RoutingTest extends GatewayHttpTest {

    @Test
    void cheapestPicksTheCheapestModelThatFits() throws Exception {
        Answer short_ = post("/v1/generate", "{\"route\":\"thrifty\",\"prompt\":\"Hi\"}");
        assertThat(short_.json().get("alias").asString()).isEqualTo("llama3-8b");

        // About 9,000 tokens: too long for Llama 3's 8K window, so the next cheapest takes it.
        Answer long_ = post("/v1/generate", "{\"route\":\"thrifty\",\"prompt\":\"" + "word ".repeat(7_200) + "\"}");
        assertThat(long_.status()).as(long_.body()).isEqualTo(200);
        assertThat(long_.json().get("alias").asString()).isEqualTo("command-r");
        JsonNode skipped = long_.json().at("/route/attempts/0");
        assertThat(skipped.get("model").asString()).isEqualTo("llama3-8b");
        assertThat(skipped.get("outcome").asString()).isEqualTo("skipped");
        assertThat(skipped.get("detail").asString()).contains("context window");
    }

    @Test
    void fastestMovesTrafficAwayFromAModelTheEmulatorSlowsDown() throws Exception {
        fault("mistral.mistral-large-2402-v1:0", "none", 1.0, 250);
        List<String> answeredBy = new ArrayList<>();

        for (int i = 0; i < 6; i++) {
            answeredBy.add(post("/v1/generate", "{\"route\":\"quick\",\"prompt\":\"Hi\"}").json().get("alias").asString());
        }

        // Each unmeasured target is tried once, in configured order; then the faster one takes every request.
        assertThat(answeredBy).containsExactly("mistral-large", "command-r-plus",
                "command-r-plus", "command-r-plus", "command-r-plus", "command-r-plus");
        assertThat(latencies.averageMillis("mistral-large").orElseThrow()).isGreaterThanOrEqualTo(250);
    }

    @Test
    void weightedKeepsAStickyUserOnOneModel() throws Exception {
        Set<String> models = new HashSet<>();
        for (int i = 0; i < 8; i++) {
            models.add(post("/v1/generate", "{\"route\":\"ab\",\"prompt\":\"Hi\",\"metadata\":{\"user\":\"ana\"}}")
                    .json().get("alias").asString());
        }
        assertThat(models).hasSize(1);
        assertThat(post("/v1/generate", "{\"route\":\"ab\",\"prompt\":\"Hi\"}").json().at("/route/strategy").asString())
                .isEqualTo("weighted");
    }

    @Test
    void rulesPickARouteByHeaderOrTag() throws Exception {
        Answer byHeader = send(HttpRequest.newBuilder(gateway("/v1/generate"))
                .header("Content-Type", "application/json").header("X-Team", "search")
                .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"Hi\"}")).build());
        Answer byTag = post("/v1/generate", "{\"prompt\":\"Hi\",\"metadata\":{\"tags\":{\"team\":\"search\"}}}");
        Answer neither = post("/v1/generate", "{\"prompt\":\"Hi\"}");

        assertThat(byHeader.header("X-Gateway-Route")).isEqualTo("search");
        assertThat(byTag.header("X-Gateway-Route")).isEqualTo("search");
        assertThat(neither.header("X-Gateway-Route")).isEqualTo("chat");
    }

    @Test
    void listsTheRoutes() throws Exception {
        JsonNode routes = get("/v1/routes").json();

        assertThat(routes.get("routes").findValuesAsString("name")).contains("ab", "chat", "quick", "thrifty");
        assertThat(routes.toString()).contains("\"strategy\":\"weighted\"", "\"weights\":{", "\"sticky\":true",
                "\"default_routes\":{\"chat\":\"chat\",\"image\":\"image\"}", "\"X-Team\":\"search\"");
    }
}
