package dev.bedrockgateway.config;

/** A setting in {@code config/gateway.yml} is wrong; the message names the key and the value. */
public class InvalidConfigurationException extends RuntimeException {

    private final String key;

    public InvalidConfigurationException(String key, Object value, String problem) {
        super(key + " = " + value + ": " + problem);
        this.key = key;
    }

    /** The setting that is wrong, as written in the file ({@code gateway.routes.chat.targets[1]}). */
    public String key() {
        return key;
    }
}
