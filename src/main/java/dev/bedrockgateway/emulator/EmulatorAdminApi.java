package dev.bedrockgateway.emulator;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The emulator's own HTTP API under {@code /emulator}: health, fault plans and call counts.
 * <pre>
 * GET    /emulator/health            {"status":"up"}
 * GET    /emulator/faults            {"faults":{"&lt;modelId&gt;":{"error":"throttling","rate":1.0,"latency_ms":0,...}}}
 * PUT    /emulator/faults/{modelId}  body {"error":"throttling","rate":0.5,"latency_ms":200}; "*" means every model
 * DELETE /emulator/faults/{modelId}, DELETE /emulator/faults (this one clears every region's plans too)
 * GET    /emulator/regions/{region}/faults            {"region":"us-west-2","faults":{"&lt;modelId&gt;":{...}}}
 * PUT    /emulator/regions/{region}/faults/{modelId}  the same body; applies only to calls signed for that region
 * DELETE /emulator/regions/{region}/faults/{modelId}, DELETE /emulator/regions/{region}/faults
 * GET    /emulator/calls             {"calls":{"&lt;modelId&gt;":3},"cancelled_streams":{"&lt;modelId&gt;":1},"open_calls":0}
 * GET    /emulator/calls/{modelId}   {"modelId":..,"calls":3,"cancelled_streams":1}
 * DELETE /emulator/calls             resets both counts
 * </pre>
 * A fault plan also paces streams and can break them off: {@code "time_to_first_token_ms":300} waits before the first
 * event, {@code "tokens_per_second":20} spaces the text events after it (0 or absent: as fast as possible), and
 * {@code "fail_after_chunks":5} makes a sampled streaming call send 5 events and then its error as an exception frame,
 * instead of an HTTP error before the stream. A stream the client abandons counts in {@code cancelled_streams}.
 * <p>The emulator plays every region at once: a call is in the region of its SigV4 credential scope
 * ({@link SignedRegion}), and a region's own plan for a model comes before the plan of no region.
 */
final class EmulatorAdminApi {

    private static final Map<String, String> NO_HEADERS = Map.of();
    private static final String CANCELLED_STREAMS = "cancelled_streams";
    private static final List<String> PLAN_FIELDS =
            List.of("error", "rate", "latency_ms", "time_to_first_token_ms", "tokens_per_second", "fail_after_chunks");

    private final FaultInjector faults;
    private final CallCounts calls;
    private final CallCounts cancelledStreams;
    private final IntSupplier openCalls;

    EmulatorAdminApi(FaultInjector faults, CallCounts calls, CallCounts cancelledStreams, IntSupplier openCalls) {
        this.openCalls = openCalls;
        this.faults = faults;
        this.calls = calls;
        this.cancelledStreams = cancelledStreams;
    }

    /** Serves {@code /emulator/<segments...>} (segments already percent-decoded). */
    Mono<Void> handle(HttpServerRequest request, HttpServerResponse response, List<String> segments) {
        String method = request.method().name();
        if (segments.size() >= 3 && "regions".equals(segments.get(0)) && "faults".equals(segments.get(2))) {
            return regionFaults(request, response, segments.get(1), segments.subList(3, segments.size()));
        }
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
            case "GET calls {id}" -> ok(response, EmulatorJson.object().put("modelId", id).put("calls", calls.count(id))
                    .put(CANCELLED_STREAMS, cancelledStreams.count(id)));
            case "DELETE calls" -> run(response, () -> {
                calls.clear();
                cancelledStreams.clear();
            });
            default -> notFound(response, request);
        };
    }

    /** {@code /emulator/regions/{region}/faults[/{modelId}]}. */
    private Mono<Void> regionFaults(HttpServerRequest request, HttpServerResponse response, String region,
                                    List<String> rest) {
        if (rest.size() > 1) {
            return notFound(response, request);
        }
        String id = rest.isEmpty() ? null : rest.get(0);
        return switch (request.method().name() + (id == null ? "" : " {id}")) {
            case "GET" -> {
                ObjectNode answer = EmulatorJson.object().put("region", region);
                ObjectNode byModel = answer.putObject("faults");
                faults.plans(region).forEach((modelId, plan) -> byModel.set(modelId, planJson(plan)));
                yield ok(response, answer);
            }
            case "DELETE" -> run(response, () -> faults.clearRegion(region));
            case "PUT {id}" -> putFault(request, response, id, plan -> faults.set(region, id, plan));
            case "DELETE {id}" -> run(response, () -> faults.clear(region, id));
            default -> notFound(response, request);
        };
    }

    private Mono<Void> putFault(HttpServerRequest request, HttpServerResponse response, String modelId) {
        return putFault(request, response, modelId, plan -> faults.set(modelId, plan));
    }

    private Mono<Void> putFault(HttpServerRequest request, HttpServerResponse response, String modelId,
                                java.util.function.Consumer<FaultPlan> set) {
        return request.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0])
                .flatMap(body -> {
                    FaultPlan plan;
                    try {
                        plan = parsePlan(EmulatorJson.parseBody(body));
                    } catch (IllegalArgumentException | BedrockError e) {
                        return BedrockResponses.error(response, BedrockError.validation("Invalid fault plan: " + e.getMessage()), NO_HEADERS);
                    }
                    set.accept(plan);
                    ObjectNode answer = EmulatorJson.object();
                    answer.set(modelId, planJson(plan));
                    return ok(response, answer);
                });
    }

    /** Reads {"error":"throttling","rate":1.0,"latency_ms":0,"time_to_first_token_ms":0,"tokens_per_second":0,"fail_after_chunks":5}; every field is optional. */
    static FaultPlan parsePlan(JsonNode body) {
        if (!body.isObject()) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        for (String key : body.propertyNames()) {
            if (!PLAN_FIELDS.contains(key)) {
                throw new IllegalArgumentException("unknown field '" + key + "'; use " + String.join(", ", PLAN_FIELDS));
            }
        }
        FaultKind kind = FaultKind.parse(body.path("error").asString(FaultKind.NONE.wireName()));
        JsonNode failAfter = body.path("fail_after_chunks");
        return new FaultPlan(kind, number(body, "rate", FaultPlan.DEFAULT_RATE),
                Duration.ofMillis(wholeNumber(body, "latency_ms", 0)),
                Duration.ofMillis(wholeNumber(body, "time_to_first_token_ms", 0)),
                number(body, "tokens_per_second", 0),
                failAfter.isMissingNode() || failAfter.isNull() ? null : (int) Math.min(Integer.MAX_VALUE, wholeNumber(body, "fail_after_chunks", 0)));
    }

    private static double number(JsonNode body, String field, double absent) {
        JsonNode value = body.path(field);
        if (!value.isMissingNode() && !value.isNumber()) {
            throw new IllegalArgumentException(field + " must be a number");
        }
        return value.asDouble(absent);
    }

    private static long wholeNumber(JsonNode body, String field, long absent) {
        JsonNode value = body.path(field);
        if (!value.isMissingNode() && !value.canConvertToExactIntegral()) {
            throw new IllegalArgumentException(field + " must be a whole number");
        }
        return value.asLong(absent);
    }

    static ObjectNode planJson(FaultPlan plan) {
        return EmulatorJson.object()
                .put("error", plan.kind().wireName())
                .put("rate", plan.rate())
                .put("latency_ms", plan.latency().toMillis())
                .put("time_to_first_token_ms", plan.timeToFirstToken().toMillis())
                .put("tokens_per_second", plan.tokensPerSecond())
                .put("fail_after_chunks", plan.failAfterChunks());
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
        ObjectNode cancelled = answer.putObject(CANCELLED_STREAMS);
        cancelledStreams.snapshot().forEach(cancelled::put);
        answer.put("open_calls", openCalls.getAsInt());
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
