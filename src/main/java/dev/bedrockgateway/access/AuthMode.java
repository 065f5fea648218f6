package dev.bedrockgateway.access;

/** Who may call the model APIs: anyone ({@code none}) or only holders of an API key ({@code keys}). */
public enum AuthMode {
    NONE,
    KEYS
}
