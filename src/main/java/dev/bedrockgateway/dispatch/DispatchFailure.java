package dev.bedrockgateway.dispatch;

import dev.bedrockgateway.core.GatewayException;
import java.util.List;

/** No candidate could answer; carries every attempt so the caller sees what was tried. */
public class DispatchFailure extends GatewayException {

    private final List<Attempt> attempts;
    private final String route;

    public DispatchFailure(GatewayException decisive, String detail, String route, List<Attempt> attempts) {
        super(decisive.kind(), detail, decisive.retryAfter(), decisive);
        this.route = route;
        this.attempts = List.copyOf(attempts);
    }

    public List<Attempt> attempts() {
        return attempts;
    }

    public String route() {
        return route;
    }
}
