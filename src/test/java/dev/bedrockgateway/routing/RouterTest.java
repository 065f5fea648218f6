package dev.bedrockgateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bedrockgateway.catalog.ModelCatalog;
import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.config.GatewayProperties;
import dev.bedrockgateway.config.GatewayProperties.ModelEntry;
import dev.bedrockgateway.config.GatewayProperties.RouteEntry;
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
            new ModelEntry("sonnet", "anthropic.claude-3-sonnet-20240229-v1:0", null, Task.CHAT, true, 200000, 4096, null),
            new ModelEntry("llama", "meta.llama3-8b-instruct-v1:0", null, Task.CHAT, false, 8192, 2048, null),
            new ModelEntry("sdxl", "stability.stable-diffusion-xl-v1", null, Task.IMAGE, false, 8192, 4096, null));

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

    private static Router router(Map<String, RouteEntry> routes, Map<Task, String> defaults) {
        GatewayProperties properties = new GatewayProperties(GatewayProperties.Backend.EMULATOR, null, null, MODELS,
                routes, defaults, null);
        return new Router(ModelCatalog.from(properties), properties);
    }

    private static GenerationRequest request(Task task, String model, String route) {
        return new GenerationRequest(task, null, List.of(Message.user("hi")), null, null, null, model, route);
    }
}
