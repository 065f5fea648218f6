package dev.bedrockgateway.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockgateway.config.GatewayProperties;
import dev.bedrockgateway.config.GatewayProperties.Protocol;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BedrockClientConfigurationTest {

    @Test
    void speaksHttp2ToBedrockAndHttp1ToAPlainHttpEndpoint() {
        assertThat(BedrockClientConfiguration.protocol(settings(Protocol.AUTO), null))
                .isEqualTo(software.amazon.awssdk.http.Protocol.HTTP2);
        assertThat(BedrockClientConfiguration.protocol(settings(Protocol.AUTO),
                URI.create("https://bedrock-runtime.eu-west-1.amazonaws.com")))
                .isEqualTo(software.amazon.awssdk.http.Protocol.HTTP2);
        assertThat(BedrockClientConfiguration.protocol(settings(Protocol.AUTO), URI.create("http://127.0.0.1:4010")))
                .isEqualTo(software.amazon.awssdk.http.Protocol.HTTP1_1);
    }

    @Test
    void followsAnExplicitProtocol() {
        assertThat(BedrockClientConfiguration.protocol(settings(Protocol.HTTP1_1), null))
                .isEqualTo(software.amazon.awssdk.http.Protocol.HTTP1_1);
        assertThat(BedrockClientConfiguration.protocol(settings(Protocol.HTTP2), URI.create("http://127.0.0.1:4010")))
                .isEqualTo(software.amazon.awssdk.http.Protocol.HTTP2);
    }

    private static GatewayProperties.Bedrock settings(Protocol protocol) {
        return new GatewayProperties.Bedrock(null, null, protocol, Duration.ofSeconds(60), 500, 2);
    }
}
