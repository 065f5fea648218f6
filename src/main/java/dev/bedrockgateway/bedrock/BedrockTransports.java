package dev.bedrockgateway.bedrock;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A transport per {@link ClientPlace}: the gateway's own for {@link ClientPlace#GATEWAY}, and one for every other
 * place (a client of its own: region, endpoint, credentials), built on first use and kept.
 */
public class BedrockTransports implements AutoCloseable {

    private final BedrockTransport gateway;
    private final Function<ClientPlace, BedrockTransport> others;
    private final Runnable onClose;
    private final Map<ClientPlace, BedrockTransport> transports = new ConcurrentHashMap<>();

    /**
     * @param gateway the transport of the gateway's own client
     * @param others  makes the transport of any other place
     */
    public BedrockTransports(BedrockTransport gateway, Function<ClientPlace, BedrockTransport> others) {
        this(gateway, others, () -> { });
    }

    private BedrockTransports(BedrockTransport gateway, Function<ClientPlace, BedrockTransport> others,
                              Runnable onClose) {
        this.gateway = gateway;
        this.others = others;
        this.onClose = onClose;
    }

    /** Other places served through SDK clients that these transports build, own and close. */
    static BedrockTransports overClients(BedrockTransport gateway, Function<ClientPlace, BedrockClients> clients) {
        List<BedrockClients> built = new CopyOnWriteArrayList<>();
        return new BedrockTransports(gateway, place -> {
            BedrockClients own = clients.apply(place);
            built.add(own);
            return new SdkBedrockTransport(own);
        }, () -> built.forEach(BedrockClients::close));
    }

    /** The transport whose calls go to this place. */
    public BedrockTransport at(ClientPlace place) {
        if (place.isGateway()) {
            return gateway;
        }
        BedrockTransport known = transports.get(place);
        return known != null ? known : transports.computeIfAbsent(place, others);
    }

    @Override
    public void close() {
        onClose.run();
    }
}
