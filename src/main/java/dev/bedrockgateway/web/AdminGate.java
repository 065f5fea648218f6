package dev.bedrockgateway.web;

import dev.bedrockgateway.access.AccessAdmin;
import dev.bedrockgateway.access.AdminSettings;
import dev.bedrockgateway.access.AccessSettings;
import dev.bedrockgateway.access.KeyAuthenticator;
import dev.bedrockgateway.access.KeySecrets;
import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Lets only the admin key ({@code gateway.admin.key}, sent as {@code Authorization: Bearer} or {@code x-api-key})
 * through to {@code /admin/}, compared in constant time; 401 without it or with a wrong one. In mode jwt with
 * {@code gateway.auth.jwt.admin-role} set, a bearer JWT carrying that role is let through too (401 when the token is
 * bad, 403 when it lacks the role), and the audit names it {@code jwt:<sub>}. With no admin key
 * configured the admin API is off (403), except the route-table reload in mode none, which stays open as it was
 * before keys existed (README, "Access control").
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1) // after GatewayHeadersFilter, so a refusal carries its request id
public class AdminGate implements WebFilter {

    static final String ADMIN_PATHS = "/admin/";
    static final String RELOAD_PATH = "/admin/v1/reload";

    private final AdminSettings admin;
    private final boolean keysOff;
    private final KeyAuthenticator keys;

    public AdminGate(AdminSettings admin, AccessSettings access, KeyAuthenticator keys) {
        this.admin = admin;
        this.keysOff = access.open();
        this.keys = keys;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!path.startsWith(ADMIN_PATHS)) {
            return chain.filter(exchange);
        }
        String bearer = KeySecrets.bearer(exchange.getRequest());
        if (keys.adminByToken(bearer)) {
            return keys.admin(bearer).flatMap(actor -> chain.filter(exchange)
                    .contextWrite(context -> AccessAdmin.actingAs(context, actor)));
        }
        if (!admin.configured()) {
            if (keysOff && path.equals(RELOAD_PATH) && exchange.getRequest().getMethod() == HttpMethod.POST) {
                return chain.filter(exchange);
            }
            return Mono.error(new GatewayException(ErrorKind.FORBIDDEN, "The admin API is off: no admin key is "
                    + "configured. Set gateway.admin.key (environment variable GATEWAY_ADMIN_KEY) and send it as "
                    + "'Authorization: Bearer <admin key>'"));
        }
        String presented = KeySecrets.presented(exchange.getRequest());
        if (presented == null || !KeySecrets.sameSecret(presented, admin.key())) {
            return Mono.error(new GatewayException(ErrorKind.UNAUTHORIZED, presented == null
                    ? "The admin API needs the admin key: 'Authorization: Bearer <admin key>'"
                    : "Wrong admin key"));
        }
        return chain.filter(exchange);
    }
}
