package dev.bedrockgateway.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;

/** Which client and credentials a deployment's place gets; nothing here calls AWS. */
class DeploymentClientsTest {

    private static final AwsCredentialsProvider GATEWAY = AnonymousCredentialsProvider.create();

    @Test
    void servesTheGatewaysOwnPlaceWithTheGatewaysTransportAndEachOtherPlaceWithOneOfItsOwn() {
        BedrockTransport gateway = new NoTransport();
        List<ClientPlace> built = new ArrayList<>();
        BedrockTransports transports = new BedrockTransports(gateway, place -> {
            built.add(place);
            return new NoTransport();
        });
        ClientPlace west = new ClientPlace("us-west-2", null, null, null);
        ClientPlace vpc = new ClientPlace("us-west-2", URI.create("https://vpce.example"), null, null);

        assertThat(transports.at(ClientPlace.GATEWAY)).isSameAs(gateway);
        assertThat(transports.at(west)).isSameAs(transports.at(new ClientPlace("us-west-2", null, null, null)))
                .isNotSameAs(gateway);
        assertThat(transports.at(vpc)).isNotSameAs(transports.at(west));
        assertThat(built).containsExactly(west, vpc);
    }

    @Test
    void signsWithTheGatewaysCredentialsOrTheDeploymentsProfile() {
        assertThat(BedrockClientConfiguration.credentials(new ClientPlace("us-west-2", null, null, null),
                Region.US_WEST_2, GATEWAY)).isSameAs(GATEWAY);
        assertThat(BedrockClientConfiguration.credentials(new ClientPlace("us-west-2", null, "west-account", null),
                Region.US_WEST_2, GATEWAY)).isInstanceOf(ProfileCredentialsProvider.class);
    }

    @Test
    void logsAPlaceWithoutAnyCredentialOfTheEndpoint() {
        ClientPlace place = new ClientPlace("eu-west-1", URI.create("https://user:secret@proxy.example:8443/x?sig=1"),
                "p", "arn:aws:iam::123456789012:role/r");
        assertThat(place.toString()).contains("eu-west-1", "proxy.example:8443", "profile p", "role/r")
                .doesNotContain("secret").doesNotContain("sig=1");
    }

    private static final class NoTransport implements BedrockTransport {
        @Override
        public Mono<InvokeResult> invoke(String modelId, byte[] body) {
            return Mono.empty();
        }

        @Override
        public Mono<ConverseResponse> converse(ConverseRequest request) {
            return Mono.empty();
        }

        @Override
        public Flux<byte[]> invokeStream(String modelId, byte[] body) {
            return Flux.empty();
        }

        @Override
        public Flux<ConverseStreamOutput> converseStream(ConverseStreamRequest request) {
            return Flux.empty();
        }
    }
}
