package dev.bedrockgateway.telemetry;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the access log writes a request ({@code gateway.logging}).
 *
 * @param includeContent also write the prompt and the answer text; off by default because prompts hold user data
 */
@ConfigurationProperties("gateway.logging")
public record AccessLogSettings(@DefaultValue("false") boolean includeContent) {
}
