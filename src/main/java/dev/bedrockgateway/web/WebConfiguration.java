package dev.bedrockgateway.web;

import dev.bedrockgateway.config.GatewayProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.reactive.config.WebFluxConfigurer;

/** Makes the body limit hold for bodies sent without a length too (chunked uploads). */
@Configuration(proxyBeanMethods = false)
public class WebConfiguration implements WebFluxConfigurer {

    private final int maxBodyBytes;

    public WebConfiguration(GatewayProperties properties) {
        this.maxBodyBytes = (int) Math.min(Integer.MAX_VALUE, properties.limits().maxBodySize().toBytes());
    }

    @Override
    public void configureHttpMessageCodecs(ServerCodecConfigurer configurer) {
        configurer.defaultCodecs().maxInMemorySize(maxBodyBytes);
    }
}
