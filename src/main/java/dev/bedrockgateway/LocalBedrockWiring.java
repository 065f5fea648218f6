package dev.bedrockgateway;

import dev.bedrockgateway.bedrock.LocalBedrock;
import dev.bedrockgateway.emulator.BedrockEmulator;
import java.net.URI;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Serves {@code gateway.backend=emulator} with the embedded emulator: the one place outside {@code emulator} that
 * knows it, so the Bedrock clients see only a {@link LocalBedrock}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "gateway.backend", havingValue = "emulator")
class LocalBedrockWiring {

    @Bean
    LocalBedrock localBedrock(BedrockEmulator emulator) {
        return new LocalBedrock() {
            @Override
            public URI endpoint() {
                return emulator.endpoint();
            }

            @Override
            public boolean isRunning() {
                return emulator.isRunning();
            }
        };
    }
}
