package dev.bedrockgateway.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Health shows where the Bedrock client points, never a credential the endpoint's URL may carry. */
class BedrockHealthIndicatorTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            http://127.0.0.1:4566                                            | http://127.0.0.1:4566
            https://vpce-1.bedrock-runtime.us-east-1.vpce.amazonaws.com/      | https://vpce-1.bedrock-runtime.us-east-1.vpce.amazonaws.com/
            https://user:secret@proxy.example.com:8443/bedrock?X-Amz-Signature=abc | https://proxy.example.com:8443/bedrock
            """)
    void showsTheEndpointWithoutUserPasswordOrQuery(String endpoint, String shown) {
        assertThat(BedrockHealthIndicator.shown(URI.create(endpoint))).isEqualTo(shown);
    }
}
