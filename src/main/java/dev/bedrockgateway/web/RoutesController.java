package dev.bedrockgateway.web;

import dev.bedrockgateway.pipeline.ApiJson;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.config.GatewayProperties;
import dev.bedrockgateway.config.GatewayProperties.RuleEntry;
import dev.bedrockgateway.core.Task;
import dev.bedrockgateway.routing.Router;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/routes}: the named routes, the rules that pick them, and the default route per task. */
@RestController
public class RoutesController {

    private final byte[] body;

    public RoutesController(Router router, GatewayProperties properties) {
        List<RouteView> routes = router.routes().values().stream()
                .map(route -> new RouteView(route.name(), route.policy().name(),
                        route.targets().get(0).task().wireName(),
                        route.targets().stream().map(ModelSpec::alias).toList(),
                        route.settings().weights().isEmpty() ? null : route.settings().weights(),
                        route.settings().sticky() ? Boolean.TRUE : null))
                .sorted(java.util.Comparator.comparing(RouteView::name))
                .toList();
        Map<String, String> defaults = new TreeMap<>();
        router.defaultRoutes().forEach((Task task, String name) -> defaults.put(task.wireName(), name));
        // Routes are fixed at start-up, so the answer is too.
        this.body = ApiJson.write(new RoutesView(routes, properties.rules(), defaults));
    }

    @GetMapping(path = "/v1/routes", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<byte[]> routes() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }

    /** Everything that decides where a request goes. */
    record RoutesView(List<RouteView> routes, List<RuleEntry> rules,
                      @JsonProperty("default_routes") Map<String, String> defaultRoutes) {
    }

    /** One named route. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RouteView(String name, String strategy, String task, List<String> targets, Map<String, Integer> weights,
                     Boolean sticky) {
    }
}
