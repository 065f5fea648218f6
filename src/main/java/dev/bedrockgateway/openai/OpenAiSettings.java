package dev.bedrockgateway.openai;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the OpenAI-compatible API reads requests ({@code gateway.openai}).
 *
 * @param unknownFields what a request field the gateway does not know meets: refused by default, so a typo
 *                      ({@code max_token}) is a 400 rather than silently without effect; ignored (and listed in
 *                      {@value #IGNORED_FIELDS_HEADER}) for clients that send fields OpenAI added after this gateway
 */
@ConfigurationProperties("gateway.openai")
public record OpenAiSettings(@DefaultValue("refuse") UnknownFields unknownFields) {

    /** The answer header that lists the fields a request sent and the gateway ignored, comma-separated. */
    public static final String IGNORED_FIELDS_HEADER = "X-Gateway-Ignored-Fields";

    /** What an unknown request field meets. */
    public enum UnknownFields {
        REFUSE,
        IGNORE
    }
}
