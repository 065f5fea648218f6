package dev.bedrockgateway;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.function.Consumer;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.HttpProtocol;

/**
 * The protocols the gateway serves in clear text on its one port, each with the clients a test talks it with: the
 * JDK's (for HTTP/2 it asks for an h2c Upgrade on a new connection, then sends streams) and Reactor Netty's (for HTTP/2
 * it sends the HTTP/2 preface at once: prior knowledge, as service meshes and gRPC-style callers do).
 */
public enum WireProtocol {

    HTTP_1_1(HttpClient.Version.HTTP_1_1, HttpProtocol.HTTP11, "HTTP/1.1"),
    H2C(HttpClient.Version.HTTP_2, HttpProtocol.H2C, "HTTP/2.0");

    private final HttpClient.Version version;
    private final HttpProtocol reactorProtocol;
    private final String netty;
    private final HttpClient jdk;

    WireProtocol(HttpClient.Version version, HttpProtocol reactorProtocol, String netty) {
        this.version = version;
        this.reactorProtocol = reactorProtocol;
        this.netty = netty;
        this.jdk = HttpClient.newBuilder().version(version).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** The JDK client, one per protocol for the whole run, so that its connections are reused as a caller's are. */
    public HttpClient jdkClient() {
        return jdk;
    }

    /** The version the JDK client reports for an answer that came over this protocol. */
    public HttpClient.Version jdkVersion() {
        return version;
    }

    /** A WebClient over Reactor Netty with this protocol, telling {@code answeredOver} the version of each answer. */
    public WebClient webClient(String baseUrl, Consumer<String> answeredOver) {
        reactor.netty.http.client.HttpClient client = reactor.netty.http.client.HttpClient.create()
                .protocol(reactorProtocol)
                .doOnResponse((response, connection) -> answeredOver.accept(response.version().text()));
        return WebClient.builder().baseUrl(baseUrl).clientConnector(new ReactorClientHttpConnector(client)).build();
    }

    /** How Reactor Netty's client names this protocol's version. */
    public String nettyVersion() {
        return netty;
    }
}
