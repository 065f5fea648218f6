package dev.bedrockgateway.bedrock;

import dev.bedrockgateway.config.GatewayProperties;
import dev.bedrockgateway.config.GatewayProperties.Backend;
import dev.bedrockgateway.config.GatewayProperties.Protocol;
import dev.bedrockgateway.config.InvalidConfigurationException;
import dev.bedrockgateway.emulator.BedrockEmulator;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.ProtocolNegotiation;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;

/** Builds the one Bedrock Runtime client: region and credentials from AWS's default chains, or the emulator. */
@Configuration(proxyBeanMethods = false)
public class BedrockClientConfiguration {

    private static final Logger log = LoggerFactory.getLogger(BedrockClientConfiguration.class);

    /** The emulator checks nothing of the signature, but the SDK still signs, so it needs some credentials. */
    private static final AwsCredentialsProvider EMULATOR_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("emulator", "emulator"));

    /** Region used with the emulator when none is configured: any valid region signs the same way. */
    private static final Region EMULATOR_REGION = Region.US_EAST_1;

    @Bean(destroyMethod = "close")
    BedrockRuntimeAsyncClient bedrockRuntimeAsyncClient(GatewayProperties properties,
                                                        ObjectProvider<BedrockEmulator> emulator) {
        GatewayProperties.Bedrock settings = properties.bedrock();
        boolean emulated = properties.backend() == Backend.EMULATOR;
        URI endpoint = emulated ? emulator.getObject().endpoint() : settings.endpoint();
        // The SDK's completion pool stays: completing futures on the SDK's own Netty thread (Runnable::run)
        // was faster, but a fallback then starts the next SDK call from that thread, and one such call in
        // a few hundred test runs never completed (ResilienceTest, 2026-11-29).
        var builder = BedrockRuntimeAsyncClient.builder()
                .region(region(settings, emulated))
                .credentialsProvider(emulated ? EMULATOR_CREDENTIALS : DefaultCredentialsProvider.builder().build())
                .httpClientBuilder(httpClient(settings, endpoint))
                .overrideConfiguration(override -> {
                    override.retryStrategy(retryStrategy(settings.maxAttempts()));
                    // With one attempt (the default) the Netty read time-out below already bounds the call (no
                    // byte of a non-streaming answer arrives before the model has finished) and the gateway's
                    // time limit bounds the attempt; the SDK's whole-call timer would only add two wake-ups of
                    // its timer thread to every call (bench/). With SDK retries it bounds them all together.
                    if (settings.maxAttempts() > 1) {
                        override.apiCallTimeout(settings.callTimeout());
                    }
                });
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        log.info("Bedrock client: endpoint {}, protocol {}, up to {} attempts, read time-out {}",
                endpoint == null ? "AWS default for the region" : endpoint, protocol(settings, endpoint),
                settings.maxAttempts(), settings.callTimeout());
        return builder.build();
    }

    private static NettyNioAsyncHttpClient.Builder httpClient(GatewayProperties.Bedrock settings, URI endpoint) {
        software.amazon.awssdk.http.Protocol protocol = protocol(settings, endpoint);
        NettyNioAsyncHttpClient.Builder http = NettyNioAsyncHttpClient.builder()
                .protocol(protocol)
                .maxConcurrency(settings.maxConnections())
                // A non-streaming answer arrives only when the model has finished: no read gap shorter
                // than the whole call's time limit is an error.
                .readTimeout(settings.callTimeout());
        if (protocol == software.amazon.awssdk.http.Protocol.HTTP2 && isTls(endpoint)) {
            http.protocolNegotiation(ProtocolNegotiation.ALPN);
        }
        return http;
    }

    /** HTTP/2 towards Bedrock (multiplexed, fewer connections); HTTP/1.1 towards a plain-http endpoint. */
    static software.amazon.awssdk.http.Protocol protocol(GatewayProperties.Bedrock settings, URI endpoint) {
        Protocol chosen = settings.protocol();
        if (chosen == Protocol.AUTO) {
            chosen = isTls(endpoint) ? Protocol.HTTP2 : Protocol.HTTP1_1;
        }
        return chosen == Protocol.HTTP2 ? software.amazon.awssdk.http.Protocol.HTTP2
                : software.amazon.awssdk.http.Protocol.HTTP1_1;
    }

    private static boolean isTls(URI endpoint) {
        return endpoint == null || "https".equalsIgnoreCase(endpoint.getScheme());
    }

    private static software.amazon.awssdk.retries.api.RetryStrategy retryStrategy(int maxAttempts) {
        if (maxAttempts < 1) {
            throw new InvalidConfigurationException("gateway.bedrock.max-attempts", maxAttempts, "must be 1 or more");
        }
        return maxAttempts == 1 ? AwsRetryStrategy.doNotRetry()
                : AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(maxAttempts).build();
    }

    private static Region region(GatewayProperties.Bedrock settings, boolean emulated) {
        if (settings.region() != null && !settings.region().isBlank()) {
            return Region.of(settings.region().strip());
        }
        if (emulated) {
            return EMULATOR_REGION;
        }
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (SdkClientException e) {
            throw new InvalidConfigurationException("gateway.bedrock.region", null,
                    "no AWS region found: set gateway.bedrock.region, AWS_REGION, or a region in the AWS profile");
        }
    }
}
