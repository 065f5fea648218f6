package dev.bedrockgateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bedrockgateway.catalog.ModelCatalog;
import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.config.GatewayProperties;
import dev.bedrockgateway.config.GatewayProperties.ModelEntry;
import dev.bedrockgateway.config.GatewayProperties.RouteEntry;
import dev.bedrockgateway.config.GatewayProperties.RuleEntry;
import dev.bedrockgateway.core.RequestMetadata;
import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.core.Message;
import dev.bedrockgateway.core.Task;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {

    private static final List<ModelEntry> MODELS = List.of(
            new ModelEntry("sonnet", "anthropic.claude-3-sonnet-20240229-v1:0", null, "chat", true, 200000, 4096, null),
            new ModelEntry("llama", "meta.llama3-8b-instruct-v1:0", null, "chat", false, 8192, 2048, null),
            new ModelEntry("sdxl", "stability.stable-diffusion-xl-v1", null, "image", false, 8192, 4096, null));

    private final Router router = router(Map.of("chat", new RouteEntry(List.of("sonnet", "llama")),
            "image", new RouteEntry(List.of("sdxl"))), Map.of(Task.CHAT, "chat", Task.IMAGE, "image"));

    @Test
    void followsTheNamedModelAlone() {
        RouteDecision decision = router.route(request(Task.CHAT, "llama", null));

        assertThat(decision.route()).isEqualTo("direct");
        assertThat(decision.candidates()).extracting(ModelSpec::alias).containsExactly("llama");
        assertThat(decision.explicit()).isTrue();
    }

    @Test
    void followsANamedRouteInOrder() {
        RouteDecision decision = router.route(request(Task.CHAT, null, "chat"));

        assertThat(decision.candidates()).extracting(ModelSpec::alias).containsExactly("sonnet", "llama");
        assertThat(decision.strategy()).isEqualTo("priority");
    }

    @Test
    void takesTheTasksDefaultRoute() {
        assertThat(router.route(request(Task.IMAGE, null, null)).route()).isEqualTo("image");
        assertThat(router.route(request(Task.CHAT, null, null)).route()).isEqualTo("chat");
    }

    @Test
    void refusesAModelOfAnotherTaskAndBothModelAndRoute() {
        assertThatThrownBy(() -> router.route(request(Task.IMAGE, "llama", null))).hasMessageContaining("serves chat");
        assertThatThrownBy(() -> router.route(request(Task.CHAT, "llama", "chat"))).hasMessageContaining("not both");
        assertThatThrownBy(() -> router.route(request(Task.CHAT, null, "nope")))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.ROUTE_NOT_FOUND));
    }

    @Test
    void stopsStartUpOnAWrongRouteNamingTheKey() {
        assertThatThrownBy(() -> router(Map.of("r", new RouteEntry(List.of("sonnet", "gpt-4"))), Map.of()))
                .hasMessageContaining("gateway.routes.r.targets[1] = gpt-4");
        assertThatThrownBy(() -> router(Map.of("r", new RouteEntry(List.of())), Map.of()))
                .hasMessageContaining("gateway.routes.r.targets");
        assertThatThrownBy(() -> router(Map.of("r", new RouteEntry(List.of("sonnet", "sdxl"))), Map.of()))
                .hasMessageContaining("gateway.routes.r.targets[1] = sdxl");
        assertThatThrownBy(() -> router(Map.of("r", new RouteEntry(List.of("sonnet"))), Map.of(Task.IMAGE, "r")))
                .hasMessageContaining("gateway.default-routes.image = r");
        assertThatThrownBy(() -> router(Map.of(), Map.of(Task.CHAT, "missing")))
                .hasMessageContaining("gateway.default-routes.chat = missing");
    }

    @Test
    void stopsStartUpOnAWrongStrategyOrWeight() {
        assertThatThrownBy(() -> router(Map.of("r", new RouteEntry("random", List.of("sonnet"), Map.of(), false)),
                Map.of())).hasMessageContaining("gateway.routes.r.strategy = random");
        assertThatThrownBy(() -> router(Map.of("r", new RouteEntry("weighted", List.of("sonnet", "llama"),
                Map.of("llama", 0), false)), Map.of())).hasMessageContaining("gateway.routes.r.weights.llama = 0");
        assertThatThrownBy(() -> router(Map.of("r", new RouteEntry("weighted", List.of("sonnet"),
                Map.of("llama", 2), false)), Map.of())).hasMessageContaining("gateway.routes.r.weights.llama = 2");
        assertThatThrownBy(() -> router(Map.of("r", new RouteEntry("priority", List.of("sonnet", "llama"),
                Map.of("llama", 2), false)), Map.of())).hasMessageContaining("gateway.routes.r.strategy = priority");
    }

    @Test
    void picksTheRouteOfTheFirstMatchingRule() {
        Map<String, RouteEntry> routes = Map.of("chat", new RouteEntry(List.of("sonnet")),
                "search", new RouteEntry(List.of("llama")), "long", new RouteEntry(List.of("sonnet", "llama")));
        List<RuleEntry> rules = List.of(
                new RuleEntry("search", null, Map.of("X-Team", "search"), Map.of(), null, null),
                new RuleEntry("search", "chat", Map.of(), Map.of("team", "search"), null, null),
                new RuleEntry("long", null, Map.of(), Map.of(), 1000, null));
        Router router = router(routes, rules, Map.of(Task.CHAT, "chat"), List.of());

        assertThat(router.route(request(Task.CHAT, null, null), header("X-Team", "search")).route()).isEqualTo("search");
        assertThat(router.route(request(Task.CHAT, null, null), header("X-Team", "ads")).route()).isEqualTo("chat");
        GenerationRequest tagged = new GenerationRequest(Task.CHAT, null, List.of(Message.user("hi")), null, null,
                null, null, null, new RequestMetadata("u", Map.of("team", "search")));
        assertThat(router.route(tagged, name -> null).route()).isEqualTo("search");
        GenerationRequest longPrompt = new GenerationRequest(Task.CHAT, null,
                List.of(Message.user("x".repeat(8000))), null, null, null, null, null);
        assertThat(router.route(longPrompt, name -> null).route()).isEqualTo("long");
    }

    @Test
    void triesANamedModelsFallbacksAfterIt() {
        List<ModelEntry> models = List.of(
                new ModelEntry("sonnet", "anthropic.claude-3-sonnet-20240229-v1:0", null, "chat", true, 200000,
                        4096, null, List.of("llama")),
                MODELS.get(1), MODELS.get(2));
        Router router = router(Map.of(), List.of(), Map.of(), models);

        assertThat(router.route(request(Task.CHAT, "sonnet", null)).candidates()).extracting(ModelSpec::alias)
                .containsExactly("sonnet", "llama");
        assertThatThrownBy(() -> router(Map.of(), List.of(), Map.of(), List.of(new ModelEntry("sonnet",
                "anthropic.claude-3-sonnet-20240229-v1:0", null, "chat", true, 200000, 4096, null,
                List.of("sdxl")), MODELS.get(2)))).hasMessageContaining("gateway.models[0].fallbacks[1] = sdxl");
    }

    @Test
    void stopsStartUpOnARuleForAnUnknownRoute() {
        assertThatThrownBy(() -> router(Map.of(), List.of(new RuleEntry("nowhere", null, null, null, null, null)),
                Map.of(), MODELS)).hasMessageContaining("gateway.rules[0].route = nowhere");
    }

    private static java.util.function.UnaryOperator<String> header(String name, String value) {
        return asked -> asked.equalsIgnoreCase(name) ? value : null;
    }

    private static Router router(Map<String, RouteEntry> routes, List<RuleEntry> rules, Map<Task, String> defaults,
                                 List<ModelEntry> models) {
        GatewayProperties properties = new GatewayProperties(GatewayProperties.Backend.EMULATOR, null, null,
                models.isEmpty() ? MODELS : models, routes, rules, byWireName(defaults), null);
        return compiled(properties);
    }

    private static Router router(Map<String, RouteEntry> routes, Map<Task, String> defaults) {
        GatewayProperties properties = new GatewayProperties(GatewayProperties.Backend.EMULATOR, null, null, MODELS,
                routes, List.of(), byWireName(defaults), null);
        return compiled(properties);
    }

    private static Router compiled(GatewayProperties properties) {
        return new Router(new ActiveRouteTable(new RouteTableCompiler(new LatencyTracker(), () -> 0.5)
                .compile(properties)));
    }

    private static Map<String, String> byWireName(Map<Task, String> defaults) {
        Map<String, String> named = new java.util.HashMap<>();
        defaults.forEach((task, route) -> named.put(task.wireName(), route));
        return named;
    }

    private static GenerationRequest request(Task task, String model, String route) {
        return new GenerationRequest(task, null, List.of(Message.user("hi")), null, null, null, model, route);
    }
}
