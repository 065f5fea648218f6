package dev.bedrockgateway.web;

import dev.bedrockgateway.pipeline.ApiJson;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.bedrockgateway.access.AccessKey;
import dev.bedrockgateway.catalog.Deployment;
import dev.bedrockgateway.catalog.EmbeddingLimits;
import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.catalog.Price;
import dev.bedrockgateway.config.GatewayProperties;
import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.Task;
import dev.bedrockgateway.resilience.ModelGuards;
import dev.bedrockgateway.routing.ActiveRouteTable;
import java.time.Instant;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code GET /v1/models}: the catalog in OpenAI's list shape, with what the gateway knows about each model
 * and which backend answers (real Bedrock or the emulator); {@code GET /v1/models/{alias}} adds where the model is
 * deployed, with each deployment's circuit. With keys on, a key sees the models it may call by name (its alias or its
 * Bedrock id), as OpenAI lists the models a key can use; asked for another, it gets 403 {@code model_not_allowed}, as
 * a request to that model would.
 */
@RestController
public class ModelsController {

    private final ActiveRouteTable tables;
    private final ModelGuards guards;
    private final String backend;
    /** The region of the gateway's own client, when configured (else AWS's chain finds it). */
    private final String gatewayRegion;
    /** When the catalog was loaded: OpenAI's "created" for every model. */
    private final long created = Instant.now().getEpochSecond();

    public ModelsController(ActiveRouteTable tables, ModelGuards guards, GatewayProperties properties) {
        this.tables = tables;
        this.guards = guards;
        this.backend = properties.backend().name().toLowerCase(java.util.Locale.ROOT);
        this.gatewayRegion = properties.bedrock().region();
    }

    @GetMapping(path = "/v1/models", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<byte[]> list(ServerWebExchange exchange) {
        AccessKey caller = CatalogGate.caller(exchange);
        List<ModelEntry> entries = tables.current().catalog().models().stream()
                .filter(model -> mayCall(caller, model, null))
                .map(model -> entry(model, null))
                .toList();
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .body(ApiJson.write(new ModelList("list", backend, entries)));
    }

    @RendersErrorsAs(ErrorDialect.OPENAI) // OpenAI's SDKs read an unknown model's 404 from "error"
    @GetMapping(path = "/v1/models/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<byte[]> one(@PathVariable String name, ServerWebExchange exchange) {
        var catalog = tables.current().catalog();
        ModelSpec model = catalog.byAlias(catalog.resolve(name).alias());
        AccessKey caller = CatalogGate.caller(exchange);
        if (!mayCall(caller, model, name)) {
            throw new GatewayException(ErrorKind.MODEL_NOT_ALLOWED, "API key " + caller.prefix() + "… may not call "
                    + "model '" + name + "'; it may call " + String.join(", ", caller.models()));
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .body(ApiJson.write(entry(model, deployments(model))));
    }

    /** Whether the caller (null: keys are off) may call the model by its alias, its Bedrock id or the name it used. */
    private static boolean mayCall(AccessKey caller, ModelSpec model, String named) {
        return caller == null || caller.allowsEverything() || caller.allows(model.alias()) || caller.allows(model.id())
                || caller.allows(named);
    }

    private List<DeploymentEntry> deployments(ModelSpec model) {
        return model.deployments().stream().map(deployment -> deployment(model, deployment)).toList();
    }

    private DeploymentEntry deployment(ModelSpec model, Deployment deployment) {
        var guard = guards.forDeployment(model, deployment);
        return new DeploymentEntry(deployment.name(),
                deployment.region() != null ? deployment.region() : gatewayRegion,
                deployment.callId(model.id()), deployment.weight(), guard.circuitState(), guard.callsInFlight());
    }

    private ModelEntry entry(ModelSpec model, List<DeploymentEntry> deployments) {
        List<String> input = model.vision() ? List.of("text", "image") : List.of("text");
        List<String> output = List.of(switch (model.task()) {
            case IMAGE -> "image";
            case EMBED -> "embedding";
            case CHAT -> "text";
        });
        EmbeddingLimits embedding = model.family().embedding();
        Price price = model.price();
        return new ModelEntry(model.alias(), "model", created, model.provider(), model.id(), model.family().wireName(),
                model.provider(), model.task().wireName(), new Modalities(input, output),
                model.task() != Task.IMAGE ? model.contextWindow() : null,
                model.task() == Task.CHAT ? model.maxOutputTokens() : null,
                new Pricing(price.inputPer1k(), price.outputPer1k(), price.perImage(), price.perImageHighSteps()),
                embedding == null ? null : embedding.dimensions().stream().sorted().toList(),
                embedding == null ? null : embedding.defaultDimensions(),
                guards.circuitState(model), backend, deployments);
    }

    /** OpenAI's list shape, plus which backend answers. */
    record ModelList(String object, String backend, List<ModelEntry> data) {
    }

    /** One model: OpenAI's fields first, then the gateway's own. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ModelEntry(String id, String object, long created, @JsonProperty("owned_by") String ownedBy,
                      @JsonProperty("bedrock_id") String bedrockId, String family, String provider, String task,
                      Modalities modalities, @JsonProperty("context_window") Integer contextWindow,
                      @JsonProperty("max_output_tokens") Integer maxOutputTokens, Pricing pricing,
                      List<Integer> dimensions, @JsonProperty("default_dimensions") Integer defaultDimensions,
                      String circuit, String backend, List<DeploymentEntry> deployments) {
    }

    /** Where a model is served from, as {@code /v1/models/{alias}} lists it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DeploymentEntry(String name, String region, @JsonProperty("bedrock_id") String bedrockId, int weight,
                           String circuit, @JsonProperty("calls_in_flight") int callsInFlight) {
    }

    /** What a model takes and gives. */
    record Modalities(List<String> input, List<String> output) {
    }

    /** USD prices. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Pricing(@JsonProperty("input_per_1k_tokens") double inputPer1k,
                   @JsonProperty("output_per_1k_tokens") double outputPer1k,
                   @JsonProperty("per_image") double perImage,
                   @JsonProperty("per_image_high_steps") Double perImageHighSteps) {
    }
}
