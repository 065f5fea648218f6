package dev.bedrockgateway.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.bedrockgateway.access.AccessAdmin;
import dev.bedrockgateway.access.AccessKey;
import dev.bedrockgateway.access.AuditRecord;
import dev.bedrockgateway.access.Limits;
import dev.bedrockgateway.access.ModelLimits;
import dev.bedrockgateway.access.NewKey;
import dev.bedrockgateway.access.Team;
import dev.bedrockgateway.core.GatewayException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The admin API for teams and keys under {@code /admin/v1} ({@link AdminGate} lets only the admin key in). Input is
 * strict: an unknown field, a wrong type or a bad value is a 400 naming the field, and nothing is written. A key's
 * secret appears only in the answer that created or rotated it.
 */
@RestController
public class AccessAdminController {

    private static final JsonMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // A field named twice is a mistake to point out, not one to settle by keeping the last value.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // A limit is a whole number: 1.5 or "10" is a wrong value, not 1 or 10.
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    /** RFC 7396's media type for a merge patch, taken by a PATCH as well as application/json. */
    private static final String MERGE_PATCH = "application/merge-patch+json";

    private final AccessAdmin admin;

    public AccessAdminController(AccessAdmin admin) {
        this.admin = admin;
    }

    /** {@code POST /admin/v1/teams}, and what a {@code PATCH} of a team merges into; an absent limit is none. */
    record TeamBody(String name, Integer requestsPerMinute, Integer tokensPerMinute, Integer streamsAtOnce,
                    BigDecimal dailyBudgetUsd, BigDecimal monthlyBudgetUsd) {

        static TeamBody of(String name, Limits limits) {
            return new TeamBody(name, limits.requestsPerMinute(), limits.tokensPerMinute(),
                    limits.streamsAtOnce(), limits.dailyBudgetUsd(), limits.monthlyBudgetUsd());
        }

        Limits limits() {
            return new Limits(requestsPerMinute, tokensPerMinute, streamsAtOnce, dailyBudgetUsd, monthlyBudgetUsd);
        }
    }

    /**
     * {@code POST /admin/v1/keys}, and what a {@code PATCH} of a key merges into; models absent means every model,
     * an absent limit is none.
     */
    record KeyBody(String name, String team, List<String> models, Instant expiresAt, Integer requestsPerMinute,
                   Integer tokensPerMinute, Integer streamsAtOnce, BigDecimal dailyBudgetUsd,
                   BigDecimal monthlyBudgetUsd, Map<String, ModelLimits> modelLimits) {

        static KeyBody of(NewKey key) {
            Limits limits = key.limits();
            return new KeyBody(key.name(), key.team(), key.models(), key.expiresAt(), limits.requestsPerMinute(),
                    limits.tokensPerMinute(), limits.streamsAtOnce(), limits.dailyBudgetUsd(),
                    limits.monthlyBudgetUsd(), key.modelLimits());
        }

        NewKey key() {
            return new NewKey(name, team, models, expiresAt, new Limits(requestsPerMinute, tokensPerMinute,
                    streamsAtOnce, dailyBudgetUsd, monthlyBudgetUsd), modelLimits);
        }
    }

    /** {@code POST /admin/v1/keys/{id}/rotate}; how long the old secret keeps working (0 if absent). */
    record RotateBody(Long graceSeconds) {
    }

    @PostMapping(path = "/admin/v1/teams", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<byte[]>> createTeam(@RequestBody(required = false) byte[] body) {
        return Mono.fromSupplier(() -> parse(body, TeamBody.class))
                .flatMap(team -> admin.createTeam(team.name(), team.limits()))
                .map(team -> created("/admin/v1/teams/" + team.name(), TeamView.of(team)));
    }

    @GetMapping("/admin/v1/teams")
    public Mono<ResponseEntity<byte[]>> teams() {
        return admin.teams().map(teams -> ok(new Listed<>(teams.stream().map(TeamView::of).toList())));
    }

    @GetMapping("/admin/v1/teams/{name}")
    public Mono<ResponseEntity<byte[]>> team(@PathVariable String name) {
        return admin.team(name).map(team -> ok(TeamView.of(team)));
    }

    /**
     * Changes a team's limits by a JSON merge patch (RFC 7396): a field sent is set, a field sent as null is removed
     * (no limit), a field left out stays. A team cannot be renamed.
     */
    @PatchMapping(path = "/admin/v1/teams/{name}", consumes = {MediaType.APPLICATION_JSON_VALUE, MERGE_PATCH})
    public Mono<ResponseEntity<byte[]>> updateTeam(@PathVariable String name,
                                                   @RequestBody(required = false) byte[] body) {
        return Mono.fromSupplier(() -> patch(body))
                .flatMap(patch -> admin.updateTeam(name, current -> {
                    TeamBody changed = merged(TeamBody.of(name, current), patch, TeamBody.class);
                    if (!name.equals(changed.name())) {
                        throw GatewayException.invalid("name", "A team cannot be renamed (its keys and spend name "
                                + "it); create a new team instead");
                    }
                    return changed.limits();
                }))
                .map(team -> ok(TeamView.of(team)));
    }

    /** Deletes a team whose keys are all revoked or expired (with them); 409 while one still works. */
    @DeleteMapping("/admin/v1/teams/{name}")
    public Mono<ResponseEntity<byte[]>> deleteTeam(@PathVariable String name) {
        return admin.deleteTeam(name).map(team -> ok(TeamView.of(team)));
    }

    @PostMapping(path = "/admin/v1/keys", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<byte[]>> createKey(@RequestBody(required = false) byte[] body) {
        return Mono.fromSupplier(() -> parse(body, KeyBody.class))
                .flatMap(key -> admin.createKey(key.key()))
                .map(issued -> created("/admin/v1/keys/" + issued.key().id(), KeyView.issued(issued)));
    }

    @GetMapping("/admin/v1/keys")
    public Mono<ResponseEntity<byte[]>> keys() {
        return admin.keys().map(keys -> ok(new Listed<>(keys.stream().map(KeyView::of).toList())));
    }

    @GetMapping("/admin/v1/keys/{id}")
    public Mono<ResponseEntity<byte[]>> key(@PathVariable String id) {
        return admin.key(id).map(key -> ok(KeyView.of(key)));
    }

    /**
     * Changes a key by a JSON merge patch (RFC 7396) of the fields {@code POST} takes: a field sent is set, a field
     * sent as null is removed (no limit, no expiry), a field left out stays. Its team and secret cannot change here.
     */
    @PatchMapping(path = "/admin/v1/keys/{id}", consumes = {MediaType.APPLICATION_JSON_VALUE, MERGE_PATCH})
    public Mono<ResponseEntity<byte[]>> updateKey(@PathVariable String id, @RequestBody(required = false) byte[] body) {
        return Mono.fromSupplier(() -> patch(body))
                .flatMap(patch -> admin.updateKey(id, current -> merged(KeyBody.of(current), patch, KeyBody.class)
                        .key()))
                .map(key -> ok(KeyView.of(key)));
    }

    /** Revokes the key: every replica refuses it within a second. */
    @DeleteMapping("/admin/v1/keys/{id}")
    public Mono<ResponseEntity<byte[]>> revoke(@PathVariable String id) {
        return admin.revoke(id).map(key -> ok(KeyView.of(key)));
    }

    @PostMapping(path = "/admin/v1/keys/{id}/rotate", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<byte[]>> rotate(@PathVariable String id, @RequestBody(required = false) byte[] body) {
        return Mono.fromSupplier(() -> body == null || body.length == 0 ? new RotateBody(null)
                        : parse(body, RotateBody.class))
                .flatMap(rotate -> admin.rotate(id, Duration.ofSeconds(
                        rotate.graceSeconds() == null ? 0 : rotate.graceSeconds())))
                .map(issued -> ok(KeyView.issued(issued)));
    }

    @GetMapping("/admin/v1/audit")
    public Mono<ResponseEntity<byte[]>> audit() {
        return admin.audit().map(records -> ok(new Listed<>(records.stream().map(AuditView::of).toList())));
    }

    private static <T> T parse(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            throw GatewayException.invalid("The request needs a JSON object body");
        }
        T parsed = strictly(() -> JSON.readValue(body, type));
        if (parsed == null) {
            throw GatewayException.invalid("The request needs a JSON object body");
        }
        return parsed;
    }

    /** A PATCH body: a JSON object of the fields to change. */
    private static ObjectNode patch(byte[] body) {
        if (body == null || body.length == 0) {
            throw GatewayException.invalid("A PATCH needs a JSON object of the fields to change");
        }
        JsonNode patch = strictly(() -> JSON.readTree(body));
        if (!(patch instanceof ObjectNode object)) {
            throw GatewayException.invalid("A PATCH needs a JSON object of the fields to change");
        }
        return object;
    }

    /** {@code current} with {@code patch} merged in by RFC 7396, read back as strictly as a POST body. */
    private static <T> T merged(T current, ObjectNode patch, Class<T> type) {
        JsonNode merged = mergePatch(JSON.valueToTree(current), patch);
        return strictly(() -> JSON.treeToValue(merged, type));
    }

    private static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode result = target.isObject() ? ((ObjectNode) target).deepCopy() : JSON.createObjectNode();
        for (Map.Entry<String, JsonNode> field : patch.properties()) {
            if (field.getValue().isNull()) {
                result.remove(field.getKey());
            } else {
                result.set(field.getKey(), mergePatch(result.path(field.getKey()), field.getValue()));
            }
        }
        return result;
    }

    /** Reads JSON, refusing an unknown field or a wrong value with a 400 that names the field. */
    private static <T> T strictly(Supplier<T> read) {
        try {
            return read.get();
        } catch (UnrecognizedPropertyException unknown) {
            throw GatewayException.invalid(field(unknown), "Unknown field '" + field(unknown) + "'; known fields: "
                    + unknown.getKnownPropertyIds());
        } catch (JacksonException bad) {
            String field = field(bad);
            throw field == null ? GatewayException.invalid("The body is not a valid JSON object: " + bad.getOriginalMessage())
                    : GatewayException.invalid(field, "Field '" + field + "' has a wrong value: "
                            + bad.getOriginalMessage());
        }
    }

    /** The field at fault as the caller wrote it ({@code model_limits.chat.requests_per_minute}), or null. */
    private static String field(JacksonException failure) {
        String path = failure.getPath().stream()
                .map(step -> step.getPropertyName() != null ? step.getPropertyName() : "[" + step.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        return path.isEmpty() ? null : path;
    }

    private static ResponseEntity<byte[]> ok(Object body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(JSON.writeValueAsBytes(body));
    }

    private static ResponseEntity<byte[]> created(String location, Object body) {
        return ResponseEntity.status(HttpStatus.CREATED).location(URI.create(location))
                .contentType(MediaType.APPLICATION_JSON).body(JSON.writeValueAsBytes(body));
    }

    record Listed<T>(List<T> data) {
    }

    /** A team as the admin API shows it; a limit left out is none. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TeamView(String name, String createdAt, Integer requestsPerMinute, Integer tokensPerMinute,
                    Integer streamsAtOnce, BigDecimal dailyBudgetUsd, BigDecimal monthlyBudgetUsd) {
        static TeamView of(Team team) {
            Limits limits = team.limits();
            return new TeamView(team.name(), team.createdAt().toString(), limits.requestsPerMinute(),
                    limits.tokensPerMinute(), limits.streamsAtOnce(), limits.dailyBudgetUsd(),
                    limits.monthlyBudgetUsd());
        }
    }

    /**
     * A key as the admin API shows it; {@code key} (the secret) only when just created or rotated; a limit left out
     * is none.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record KeyView(String id, String key, String prefix, String name, String team, List<String> models,
                   String status, String expiresAt, String revokedAt, String createdAt,
                   String previousValidUntil, Integer requestsPerMinute, Integer tokensPerMinute,
                   Integer streamsAtOnce, BigDecimal dailyBudgetUsd, BigDecimal monthlyBudgetUsd,
                   Map<String, ModelLimits> modelLimits) {

        static KeyView of(AccessKey key) {
            return of(key, null);
        }

        static KeyView issued(AccessAdmin.IssuedKey issued) {
            return of(issued.key(), issued.secret());
        }

        private static KeyView of(AccessKey key, String secret) {
            String status = key.revokedAt() != null ? "revoked" : key.usableAt(Instant.now()) ? "active" : "expired";
            Limits limits = key.limits();
            return new KeyView(key.id(), secret, key.prefix(), key.name(), key.team(), key.models(), status,
                    text(key.expiresAt()), text(key.revokedAt()), text(key.createdAt()),
                    text(key.previousValidUntil()), limits.requestsPerMinute(), limits.tokensPerMinute(),
                    limits.streamsAtOnce(), limits.dailyBudgetUsd(), limits.monthlyBudgetUsd(),
                    key.modelLimits().isEmpty() ? null : key.modelLimits());
        }
    }

    record AuditView(long id, String at, String actor, String action, String target, JsonNode before,
                     JsonNode after) {
        static AuditView of(AuditRecord record) {
            return new AuditView(record.id(), record.at().toString(), record.actor(), record.action(),
                    record.target(), record.before() == null ? null : JSON.readTree(record.before()),
                    record.after() == null ? null : JSON.readTree(record.after()));
        }
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
