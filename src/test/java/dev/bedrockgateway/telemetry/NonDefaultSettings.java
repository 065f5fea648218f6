package dev.bedrockgateway.telemetry;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.TestPropertySource;

/**
 * The settings an operator may turn away from their defaults, on together, so that every test of a non-default
 * setting shares one more application context instead of one each (each costs seconds to start).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@TestPropertySource(properties = {
        "gateway.openai.unknown-fields=ignore",
        "management.endpoint.health.show-details=always"
})
public @interface NonDefaultSettings {
}
