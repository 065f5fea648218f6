package dev.bedrockgateway.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.bedrockgateway.access.AccessAdmin;
import dev.bedrockgateway.access.AccessKey;
import dev.bedrockgateway.access.AuditRecord;
import dev.bedrockgateway.access.Team;
import dev.bedrockgateway.core.GatewayException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

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
            .build();

    private final AccessAdmin admin;

    public AccessAdminController(AccessAdmin admin) {
        this.admin = admin;
    }

    /** {@code POST /admin/v1/teams}. */
    record TeamBody(String name) {
    }

    /** {@code POST /admin/v1/keys}; models absent means every model. */
    record KeyBody(String name, String team, List<String> models, Instant expiresAt) {
    }

    /** {@code POST /admin/v1/keys/{id}/rotate}; how long the old secret keeps working (0 if absent). */
    record RotateBody(Long graceSeconds) {
    }

    @PostMapping("/admin/v1/teams")
    public Mono<ResponseEntity<byte[]>> createTeam(@RequestBody(required = false) byte[] body) {
        return Mono.fromSupplier(() -> parse(body, TeamBody.class))
                .flatMap(team -> admin.createTeam(team.name()))
                .map(team -> created("/admin/v1/teams/" + team.name(), TeamView.of(team)));
    }

    @GetMapping("/admin/v1/teams")
    public Mono<ResponseEntity<byte[]>> teams() {
        return admin.teams().map(teams -> ok(new Listed<>(teams.stream().map(TeamView::of).toList())));
    }

    @PostMapping("/admin/v1/keys")
    public Mono<ResponseEntity<byte[]>> createKey(@RequestBody(required = false) byte[] body) {
        return Mono.fromSupplier(() -> parse(body, KeyBody.class))
                .flatMap(key -> admin.createKey(key.name(), key.team(), key.models(), key.expiresAt()))
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

    /** Revokes the key: every replica refuses it within a second. */
    @DeleteMapping("/admin/v1/keys/{id}")
    public Mono<ResponseEntity<byte[]>> revoke(@PathVariable String id) {
        return admin.revoke(id).map(key -> ok(KeyView.of(key)));
    }

    @PostMapping("/admin/v1/keys/{id}/rotate")
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
        try {
            T parsed = JSON.readValue(body, type);
            if (parsed == null) {
                throw GatewayException.invalid("The request needs a JSON object body");
            }
            return parsed;
        } catch (UnrecognizedPropertyException unknown) {
            throw GatewayException.invalid(unknown.getPropertyName(), "Unknown field '" + unknown.getPropertyName()
                    + "'; known fields: " + unknown.getKnownPropertyIds());
        } catch (JacksonException bad) {
            String field = bad.getPath().isEmpty() ? null : bad.getPath().get(0).getPropertyName();
            throw field == null ? GatewayException.invalid("The body is not a valid JSON object: " + bad.getOriginalMessage())
                    : GatewayException.invalid(field, "Field '" + field + "' has a wrong value: "
                            + bad.getOriginalMessage());
        }
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

    record TeamView(String name, String createdAt) {
        static TeamView of(Team team) {
            return new TeamView(team.name(), team.createdAt().toString());
        }
    }

    /** A key as the admin API shows it; {@code key} (the secret) only when just created or rotated. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record KeyView(String id, String key, String prefix, String name, String team, List<String> models,
                   String status, String expiresAt, String revokedAt, String createdAt,
                   String previousValidUntil) {

        static KeyView of(AccessKey key) {
            return of(key, null);
        }

        static KeyView issued(AccessAdmin.IssuedKey issued) {
            return of(issued.key(), issued.secret());
        }

        private static KeyView of(AccessKey key, String secret) {
            String status = key.revokedAt() != null ? "revoked" : key.usableAt(Instant.now()) ? "active" : "expired";
            return new KeyView(key.id(), secret, key.prefix(), key.name(), key.team(), key.models(), status,
                    text(key.expiresAt()), text(key.revokedAt()), text(key.createdAt()),
                    text(key.previousValidUntil()));
        }
    }

    record AuditView(long id, String at, String actor, String action, String target, JsonNode before,
                     JsonNode after) {
        static AuditView of(AuditRecord record) {
            return new AuditView(record.id(), record.at().toString(), record.actor(), record.action(),
                    record.target(), record.before() == null ? null : JSON.readTree(record.before()),
                    JSON.readTree(record.after()));
        }
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
