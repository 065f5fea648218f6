package dev.bedrockgateway.bedrock;

import dev.bedrockgateway.BedrockGatewayApplication;
import dev.bedrockgateway.config.GatewayProperties;
import dev.bedrockgateway.config.GatewayProperties.Protocol;
import java.net.URI;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.LoopResources;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;

/**
 * The benchmark's reference: the least a gateway built on this stack can add to a call. A bare Reactor Netty server
 * that forwards {@code POST /model/{id}/invoke} as it came to the gateway's own Bedrock clients (built by
 * {@link BedrockClientConfiguration#client}, pinned to the server's event loops by {@link BedrockClients}, exactly
 * as the gateway runs them) and answers Bedrock's body: no Spring, no routing, no guards, no metrics, no log.
 * Compiled and run by {@code bench/run.sh} against the packaged jar, so it always measures the current client set-up.
 *
 * <p>Usage: {@code ReferenceServer EMULATOR_URL PORT}.
 */
public final class ReferenceServer {

    private static final String PREFIX = "/model/";
    private static final String SUFFIX = "/invoke";

    private ReferenceServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        URI emulator = URI.create(args[0]);
        int port = Integer.parseInt(args[1]);
        BedrockGatewayApplication.oneEventLoopPerCore(); // as the gateway runs its loops
        // the gateway's defaults (GatewayProperties.Bedrock): protocol chosen from the scheme, 60 s, 500, 1 attempt
        GatewayProperties.Bedrock settings = new GatewayProperties.Bedrock(
                "us-east-1", emulator, Protocol.AUTO, Duration.ofSeconds(60), 500, 1);
        LoopResources loops = LoopResources.create("reference-io", LoopResources.DEFAULT_IO_WORKER_COUNT, true);
        BedrockClients clients = new BedrockClients(loops.onServer(LoopResources.DEFAULT_NATIVE),
                (loop, shares) -> BedrockClientConfiguration.client(settings, emulator, Region.US_EAST_1,
                        BedrockClientConfiguration.EMULATOR_CREDENTIALS, loop, shares));
        DisposableServer server = HttpServer.create().host("127.0.0.1").port(port).runOn(loops)
                .handle((request, response) -> forward(clients, request, response))
                .bindNow();
        System.out.printf("reference server on %d, %d pinned clients, protocol %s%n", server.port(),
                clients.pinnedLoops(), BedrockClientConfiguration.protocol(settings, emulator));
        server.onDispose().block();
    }

    private static Mono<Void> forward(BedrockClients clients, HttpServerRequest request, HttpServerResponse response) {
        String path = request.path().startsWith("/") ? request.path() : "/" + request.path();
        if (!path.startsWith(PREFIX) || !path.endsWith(SUFFIX)) {
            return response.status(404).sendString(Mono.just("POST /model/{id}/invoke only\n")).then();
        }
        String model = path.substring(PREFIX.length(), path.length() - SUFFIX.length());
        return request.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0])
                .flatMap(body -> Mono.fromFuture(() -> clients.current().invokeModel(call -> call.modelId(model)
                        .contentType("application/json").accept("application/json")
                        .body(SdkBytes.fromByteArrayUnsafe(body)))))
                .flatMap(answer -> response.header("content-type", "application/json")
                        .sendByteArray(Mono.just(answer.body().asByteArrayUnsafe())).then())
                .onErrorResume(failure -> response.status(502)
                        .sendString(Mono.just(String.valueOf(failure.getMessage()) + "\n")).then());
    }
}
