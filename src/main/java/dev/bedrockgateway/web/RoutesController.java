package dev.bedrockgateway.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.core.Task;
import dev.bedrockgateway.pipeline.ApiJson;
import dev.bedrockgateway.routing.ActiveRouteTable;
import dev.bedrockgateway.routing.RouteRule;
import dev.bedrockgateway.routing.RouteTable;
import java.util.Comparator;
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

    private final ActiveRouteTable tables;
    /** The answer for the table it was written from: written again only after a reload. */
    private volatile Rendered rendered;

    private record Rendered(RouteTable table, byte[] body) {
    }

    public RoutesController(ActiveRouteTable tables) {
        this.tables = tables;
    }

    @GetMapping(path = "/v1/routes", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<byte[]> routes() {
        RouteTable table = tables.current();
        Rendered last = rendered;
        if (last == null || last.table() != table) {
            last = new Rendered(table, ApiJson.write(view(table)));
            rendered = last;
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(last.body());
    }

    static RoutesView view(RouteTable table) {
        List<RouteView> routes = table.routes().values().stream()
                .map(route -> new RouteView(route.name(), route.policy().name(), route.task().wireName(),
                        route.targets().stream().map(ModelSpec::alias).toList(),
                        route.weights().isEmpty() ? null : route.weights(),
                        route.sticky() ? Boolean.TRUE : null))
                .sorted(Comparator.comparing(RouteView::name))
                .toList();
        Map<String, String> defaults = new TreeMap<>();
        table.defaultRoutes().forEach((Task task, String name) -> defaults.put(task.wireName(), name));
        return new RoutesView(routes, table.rules().stream().map(RuleView::of).toList(), defaults);
    }

    /** Everything that decides where a request goes. */
    record RoutesView(List<RouteView> routes, List<RuleView> rules,
                      @JsonProperty("default_routes") Map<String, String> defaultRoutes) {
    }

    /** One named route. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RouteView(String name, String strategy, String task, List<String> targets, Map<String, Integer> weights,
                     Boolean sticky) {
    }

    /** One rule, in the order rules are tried. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record RuleView(String route, String task, Map<String, String> headers, Map<String, String> tags,
                    @JsonProperty("min_input_tokens") Integer minInputTokens,
                    @JsonProperty("max_input_tokens") Integer maxInputTokens) {
        static RuleView of(RouteRule rule) {
            return new RuleView(rule.route(), rule.task().wireName(), rule.headers(), rule.tags(),
                    rule.minInputTokens(), rule.maxInputTokens());
        }
    }
}
