package dev.bedrockgateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Base of end-to-end tests that run whole once per protocol the gateway serves (HTTP/1.1, then h2c), in the shared
 * gateway of {@link GatewayHttpTest}: every request to the gateway goes over {@link #protocol}, and its answer must
 * have come back over it. Requests to the emulator's admin API stay on HTTP/1.1.
 */
@ParameterizedClass(name = "over {0}")
@EnumSource(WireProtocol.class)
public abstract class EachProtocolHttpTest extends GatewayHttpTest {

    private static final Duration ANSWER_TIME_LIMIT = Duration.ofSeconds(20);

    @Parameter
    protected WireProtocol protocol;

    @Override
    protected Answer send(HttpRequest request) throws Exception {
        if (request.uri().getPort() != port) {
            return super.send(request);
        }
        HttpRequest bounded = HttpRequest.newBuilder(request, (name, value) -> true).timeout(ANSWER_TIME_LIMIT).build();
        HttpResponse<String> response = protocol.jdkClient().send(bounded, HttpResponse.BodyHandlers.ofString());
        assertThat(response.version()).as("the protocol of the answer").isEqualTo(protocol.jdkVersion());
        return new Answer(response.statusCode(), response.headers(), response.body());
    }
}
