package dev.bedrockgateway.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.bedrockgateway.pipeline.ApiJson;
import dev.bedrockgateway.routing.RouteTableReload;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code POST /admin/v1/reload}: reads the configuration file now and swaps in its route table, or refuses it with
 * 422 naming the key (the table in force stays). Behind the admin key like the rest of /admin ({@link AdminGate});
 * open only in mode none with no admin key configured, as it was before keys existed.
 */
@RestController
public class AdminController {

    private final RouteTableReload reload;

    public AdminController(RouteTableReload reload) {
        this.reload = reload;
    }

    @PostMapping(path = "/admin/v1/reload")
    public Mono<ResponseEntity<byte[]>> reload() {
        // Reading the file blocks: off the event loop.
        return Mono.fromSupplier(reload::reload).subscribeOn(Schedulers.boundedElastic()).map(this::answer);
    }

    private ResponseEntity<byte[]> answer(RouteTableReload.Outcome outcome) {
        if (!outcome.applied()) {
            return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(ApiJson.write(new ReloadRefused(Problem.TYPE_PREFIX + "config_invalid",
                            "Configuration refused", 422, outcome.problem(), "config_invalid", outcome.key(),
                            outcome.file())));
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(ApiJson.write(new ReloadApplied(
                "applied", outcome.file(), outcome.models(), outcome.routes(),
                outcome.kept().stream().sorted().toList())));
    }

    /** A reload that took effect; {@code unchanged} are the models whose guards and latency averages carried over. */
    record ReloadApplied(String outcome, String file, int models, int routes, List<String> unchanged) {
    }

    /** A refused reload, as problem+json with the key at fault. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ReloadRefused(String type, String title, int status, String detail, String code, String key, String file) {
    }
}
