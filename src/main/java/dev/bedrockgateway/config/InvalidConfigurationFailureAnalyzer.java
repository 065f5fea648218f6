package dev.bedrockgateway.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a wrong setting into a short start-up report instead of a page of bean-creation stack trace. */
public class InvalidConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigurationException cause) {
        return new FailureAnalysis("Invalid gateway setting: " + cause.getMessage(),
                "Fix that key in config/gateway.yml (or the environment variable or argument that sets it);"
                        + " the README's \"Settings\" section lists every key.", cause);
    }
}
