package dev.bedrockgateway.pipeline;

import dev.bedrockgateway.access.AccessKey;
import dev.bedrockgateway.access.KeyAuthenticator;
import dev.bedrockgateway.access.Team;
import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.routing.ActiveRouteTable;
import java.util.function.Consumer;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The chain's first step in mode keys or jwt: who is calling (401 {@code invalid_api_key} when nobody known), and whether
 * their key may call what they asked for (403 {@code model_not_allowed}). The key and its team are left on the
 * exchange for the steps after it ({@link #caller}, {@link #team}). A key that allows {@code *} never reads the body here.
 */
public final class IdentityPolicy implements RequestPolicy {

    private static final String CALLER = IdentityPolicy.class.getName() + ".caller";
    private static final String TEAM = IdentityPolicy.class.getName() + ".team";

    private final KeyAuthenticator authenticator;
    private final ActiveRouteTable tables;
    private final Consumer<PolicyCall<?>> identified;

    /**
     * @param identified told of each request whose caller and team are known, before the next step runs: for a later
     *                   step to start a read of its own alongside the steps before it
     */
    public IdentityPolicy(KeyAuthenticator authenticator, ActiveRouteTable tables,
                          Consumer<PolicyCall<?>> identified) {
        this.authenticator = authenticator;
        this.tables = tables;
        this.identified = identified;
    }

    /** The key the request was made with, or null when keys are off. */
    public static AccessKey caller(ServerWebExchange exchange) {
        return exchange.getAttribute(CALLER);
    }

    /** The team of the key the request was made with, with the limits its keys share; or null when keys are off. */
    public static Team team(ServerWebExchange exchange) {
        return exchange.getAttribute(TEAM);
    }

    @Override
    public Mono<Served> apply(PolicyCall<?> call, PolicyChain chain) {
        return authenticator.authenticate(call.exchange().getRequest())
                .flatMap(key -> {
                    // Known from here on, even when refused below: the access log names the key of a 403.
                    call.exchange().getAttributes().put(CALLER, key);
                    if (!key.allowsEverything()) {
                        checkAllowed(key, call);
                    }
                    return authenticator.team(key).flatMap(team -> {
                        identify(call, key, team);
                        identified.accept(call);
                        return chain.next(call);
                    });
                });
    }

    /** Leaves the caller and its team on the request's exchange, for the steps after this one. */
    static void identify(PolicyCall<?> call, AccessKey key, Team team) {
        call.exchange().getAttributes().put(CALLER, key);
        call.exchange().getAttributes().put(TEAM, team);
    }

    /**
     * The key must allow what the request is routed to: the model it names (by its alias, or the name it used), or
     * else the route it names or the rules pick. Fallbacks the operator configured are followed either way.
     */
    private void checkAllowed(AccessKey key, PolicyCall<?> call) {
        AskedFor asked = AskedFor.of(call, tables);
        String named;
        boolean allowed;
        if (asked.model()) {
            named = "model '" + asked.modelAsNamed() + "'";
            allowed = key.allows(asked.firstModel().alias()) || key.allows(asked.modelAsNamed());
        } else {
            named = "route '" + asked.route() + "'";
            allowed = key.allows(asked.route());
        }
        if (!allowed) {
            throw new GatewayException(ErrorKind.MODEL_NOT_ALLOWED, "API key " + key.prefix() + "… may not call "
                    + named + "; it may call " + String.join(", ", key.models()));
        }
    }
}
