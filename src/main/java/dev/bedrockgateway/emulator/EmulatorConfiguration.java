package dev.bedrockgateway.emulator;

import dev.bedrockgateway.catalog.ModelFamily;
import dev.bedrockgateway.config.GatewayProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Runs the Bedrock emulator inside the gateway when {@code gateway.backend=emulator}. The emulator starts as
 * soon as its bean exists, because the Bedrock client bean asks it for {@link BedrockEmulator#endpoint()}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "gateway.backend", havingValue = "emulator")
@EnableConfigurationProperties(EmulatorProperties.class)
public class EmulatorConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmulatorConfiguration.class);

    @Bean(destroyMethod = "stop")
    public BedrockEmulator bedrockEmulator(EmulatorProperties properties, ObjectProvider<GatewayProperties> gateway) {
        BedrockEmulator emulator = new BedrockEmulator(properties.toSettings(explicitFamilies(gateway.getIfAvailable())));
        emulator.start();
        log.warn("Bedrock EMULATOR in use at {}: answers are synthetic; set gateway.backend=bedrock for real Bedrock",
                emulator.endpoint());
        return emulator;
    }

    /** Catalog models that name their family; the emulator needs them for ARNs that hide the model. */
    static Map<String, ModelFamily> explicitFamilies(GatewayProperties gateway) {
        Map<String, ModelFamily> families = new LinkedHashMap<>();
        if (gateway != null) {
            for (GatewayProperties.ModelEntry model : gateway.models()) {
                ModelFamily family = ModelFamily.named(model.family());
                if (model.id() != null && family != null) {
                    families.put(model.id(), family);
                }
            }
        }
        return families;
    }
}
