package dev.bedrockgateway.config;

/** A setting in {@code config/gateway.yml} is wrong; the message names the key and the value. */
public class InvalidConfigurationException extends RuntimeException {

    public InvalidConfigurationException(String key, Object value, String problem) {
        super(key + " = " + value + ": " + problem);
    }
}
