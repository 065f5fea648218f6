package dev.bedrockgateway.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockgateway.EachProtocolHttpTest;
import dev.bedrockgateway.telemetry.AccessLogCapture;
import io.netty.util.concurrent.EventExecutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.client.ReactorResourceFactory;
import reactor.netty.resources.LoopResources;

/**
 * Through the running gateway: the HTTP server runs on the gateway's event loops, each with a client of its own, and
 * a call answered whole is answered on the loop that read its request. The access log is written when the answer is
 * ready, on the thread that completed the call: a server loop, not one of the SDK's threads. Over HTTP/2 a request
 * runs on a stream channel of its own, which Netty runs on the loop of its connection: the same holds.
 */
class PinnedClientsHttpTest extends EachProtocolHttpTest {

    @RegisterExtension
    final AccessLogCapture accessLog = new AccessLogCapture();

    @Autowired
    BedrockClients clients;

    @Autowired
    LoopResources gatewayEventLoops;

    @Autowired
    ReactorResourceFactory reactorResources;

    @Test
    void theServerRunsOnTheGatewayLoopsEachWithItsOwnClient() {
        assertThat(reactorResources.getLoopResources()).isSameAs(gatewayEventLoops);
        int loops = 0;
        for (EventExecutor ignored : gatewayEventLoops.onServer(true)) {
            loops++;
        }
        assertThat(clients.pinnedLoops()).isEqualTo(loops).isPositive();
    }

    @Test
    void answersEveryCallOnAServerLoop() throws Exception {
        for (int i = 0; i < 6; i++) {
            assertThat(post("/v1/generate", "{\"model\":\"llama3-8b\",\"prompt\":\"pinned " + i + "\"}").status())
                    .isEqualTo(200);
            assertThat(post("/v1/chat/completions", "{\"model\":\"claude-3-haiku\",\"messages\":[{\"role\":\"user\","
                    + "\"content\":\"pinned " + i + "\"}]}").status()).isEqualTo(200);
        }

        assertThat(accessLog.lines()).hasSize(12)
                .allSatisfy(line -> assertThat(line.getThreadName()).startsWith("gateway-io-"));
    }
}
