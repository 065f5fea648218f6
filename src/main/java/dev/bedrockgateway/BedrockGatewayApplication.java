package dev.bedrockgateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Starts the gateway. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class BedrockGatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(BedrockGatewayApplication.class, args);
    }
}
