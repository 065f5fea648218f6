package dev.bedrockgateway.emulator;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The emulator's own HTTP API under {@code /emulator}: health, fault plans and call counts.
 * <pre>
 * GET    /emulator/health            {"status":"up"}
 * GET    /emulator/faults            {"faults":{"&lt;modelId&gt;":{"error":"throttling","rate":1.0,"latency_ms":0}}}
 * PUT    /emulator/faults/{modelId}  body {"error":"throttling","rate":0.5,"latency_ms":200}; "*" means every model
 * DELETE /emulator/faults/{modelId}, DELETE /emulator/faults
 * GET    /emulator/calls             {"calls":{"&lt;modelId&gt;":3}};  GET /emulator/calls/{modelId}  {"modelId":..,"calls":3}
 * DELETE /emulator/calls
 * </pre>
 */
final class EmulatorAdminApi {

    private static final Map<String, String> NO_HEADERS = Map.of();

    private final FaultInjector faults;
    private final CallCounts calls;

    EmulatorAdminApi(FaultInjector faults, CallCounts calls) {
        this.faults = faults;
        this.calls = calls;
    }

    /** Serves {@code /emulator/<segments...>} (segments already percent-decoded). */
    Mono<Void> handle(HttpServerRequest request, HttpServerResponse response, List<String> segments) {
        String method = request.method().name();
        String resource = segments.isEmpty() ? "" : segments.get(0);
        String id = segments.size() == 2 ? segments.get(1) : null;
        if (segments.size() > 2) {
            return notFound(response, request);
        }
        return switch (method + " " + resource + (id == null ? "" : " {id}")) {
            case "GET health" -> ok(response, EmulatorJson.object().put("status", "up"));
            case "GET faults" -> ok(response, faultsJson());
            case "DELETE faults" -> run(response, faults::clearAll);
            case "PUT faults {id}" -> putFault(request, response, id);
            case "DELETE faults {id}" -> run(response, () -> faults.clear(id));
            case "GET calls" -> ok(response, callsJson());
            case "GET calls {id}" -> ok(response, EmulatorJson.object().put("modelId", id).put("calls", calls.count(id)));
            case "DELETE calls" -> run(response, calls::clear);
            default -> notFound(response, request);
        };
    }

    private Mono<Void> putFault(HttpServerRequest request, HttpServerResponse response, String modelId) {
        return request.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0])
                .flatMap(body -> {
                    FaultPlan plan;
                    try {
                        plan = parsePlan(EmulatorJson.parseBody(body));
                    } catch (IllegalArgumentException | BedrockError e) {
                        return BedrockResponses.error(response, BedrockError.validation("Invalid fault plan: " + e.getMessage()), NO_HEADERS);
                    }
                    faults.set(modelId, plan);
                    ObjectNode answer = EmulatorJson.object();
                    answer.set(modelId, planJson(plan));
                    return ok(response, answer);
                });
    }

    /** Reads {"error":"throttling","rate":1.0,"latency_ms":0}; every field is optional. */
    static FaultPlan parsePlan(JsonNode body) {
        if (!body.isObject()) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        for (String key : body.propertyNames()) {
            if (!List.of("error", "rate", "latency_ms").contains(key)) {
                throw new IllegalArgumentException("unknown field '" + key + "'; use error, rate, latency_ms");
            }
        }
        FaultKind kind = FaultKind.parse(body.path("error").asString(FaultKind.NONE.wireName()));
        JsonNode rate = body.path("rate");
        JsonNode latency = body.path("latency_ms");
        if (!rate.isMissingNode() && !rate.isNumber()) {
            throw new IllegalArgumentException("rate must be a number between 0 and 1");
        }
        if (!latency.isMissingNode() && !latency.canConvertToExactIntegral()) {
            throw new IllegalArgumentException("latency_ms must be a whole number of milliseconds");
        }
        return new FaultPlan(kind, rate.asDouble(FaultPlan.DEFAULT_RATE), Duration.ofMillis(latency.asLong(0)));
    }

    static ObjectNode planJson(FaultPlan plan) {
        return EmulatorJson.object()
                .put("error", plan.kind().wireName())
                .put("rate", plan.rate())
                .put("latency_ms", plan.latency().toMillis());
    }

    private ObjectNode faultsJson() {
        ObjectNode answer = EmulatorJson.object();
        ObjectNode byModel = answer.putObject("faults");
        faults.plans().forEach((id, plan) -> byModel.set(id, planJson(plan)));
        return answer;
    }

    private ObjectNode callsJson() {
        ObjectNode answer = EmulatorJson.object();
        ObjectNode byModel = answer.putObject("calls");
        calls.snapshot().forEach(byModel::put);
        return answer;
    }

    private static Mono<Void> ok(HttpServerResponse response, JsonNode body) {
        return BedrockResponses.json(response, 200, body, NO_HEADERS);
    }

    private static Mono<Void> run(HttpServerResponse response, Runnable action) {
        action.run();
        return BedrockResponses.noContent(response);
    }

    private static Mono<Void> notFound(HttpServerResponse response, HttpServerRequest request) {
        return BedrockResponses.error(response, new BedrockError(BedrockErrorType.UNKNOWN_OPERATION,
                "No emulator admin operation for " + request.method().name() + " " + request.path()), NO_HEADERS);
    }
}
