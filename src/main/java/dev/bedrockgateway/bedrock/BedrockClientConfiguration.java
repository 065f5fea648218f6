package dev.bedrockgateway.bedrock;

import dev.bedrockgateway.config.GatewayProperties;
import dev.bedrockgateway.config.GatewayProperties.Backend;
import dev.bedrockgateway.config.GatewayProperties.Protocol;
import dev.bedrockgateway.config.InvalidConfigurationException;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;
import reactor.netty.resources.LoopResources;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.client.config.SdkAdvancedAsyncClientOption;
import software.amazon.awssdk.http.ProtocolNegotiation;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Builds the Bedrock Runtime clients (one per server event loop, see {@link BedrockClients}): region and credentials
 * from AWS's default chains, or the emulator; and one client for each other place a model is deployed at
 * ({@link BedrockTransports}).
 */
@Configuration(proxyBeanMethods = false)
public class BedrockClientConfiguration {

    private static final Logger log = LoggerFactory.getLogger(BedrockClientConfiguration.class);

    /** The emulator checks nothing of the signature, but the SDK still signs, so it needs some credentials. */
    static final AwsCredentialsProvider EMULATOR_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("emulator", "emulator"));

    /** Region used with the emulator when none is configured: any valid region signs the same way. */
    private static final Region EMULATOR_REGION = Region.US_EAST_1;

    /**
     * The HTTP server's event loops, one thread per core by default ({@code reactor.netty.ioWorkerCount}), on
     * Reactor Netty's transport (epoll on Linux, NIO elsewhere); the Bedrock client pinned to each loop
     * ({@link BedrockClients}) makes the calls of the requests read on it.
     */
    @Bean(destroyMethod = "dispose")
    LoopResources gatewayEventLoops() {
        return LoopResources.create("gateway-io", LoopResources.DEFAULT_IO_WORKER_COUNT, true);
    }

    /**
     * Runs the HTTP server on {@link #gatewayEventLoops} (Spring Boot's server runs on this factory's loops, and
     * would otherwise use Reactor Netty's global ones). The loops are this configuration's to shut down, after the
     * clients pinned to them are closed.
     */
    @Bean
    ReactorResourceFactory reactorResourceFactory(LoopResources gatewayEventLoops) {
        ReactorResourceFactory factory = new ReactorResourceFactory();
        factory.setUseGlobalResources(false);
        factory.setLoopResources(gatewayEventLoops);
        return factory;
    }

    /**
     * One credentials provider for every client. Its cached credentials are refreshed in the background before
     * they expire, so no call waits on an event loop for a credentials endpoint.
     */
    @Bean
    AwsCredentialsProvider bedrockCredentials(GatewayProperties properties) {
        return properties.backend() == Backend.EMULATOR ? EMULATOR_CREDENTIALS
                : DefaultCredentialsProvider.builder().asyncCredentialUpdateEnabled(true).build();
    }

    /** Closed before the loops it runs on are shut down (it depends on them). */
    @Bean(destroyMethod = "close")
    BedrockClients bedrockClients(GatewayProperties properties, ObjectProvider<LocalBedrock> local,
                                  AwsCredentialsProvider credentials, LoopResources gatewayEventLoops) {
        GatewayProperties.Bedrock settings = properties.bedrock();
        boolean emulated = properties.backend() == Backend.EMULATOR;
        URI endpoint = emulated ? local.getObject().endpoint() : settings.endpoint();
        Region region = region(settings, emulated);
        // the same group the server runs on: Spring Boot's server asks for it with Reactor Netty's default transport
        BedrockClients clients = new BedrockClients(gatewayEventLoops.onServer(LoopResources.DEFAULT_NATIVE),
                (loop, shares) -> client(settings, endpoint, region, credentials, loop, shares));
        log.info("Bedrock client: endpoint {}, protocol {}, up to {} attempts, read time-out {}, up to {} connections "
                        + "for streams and as many for other calls, split across {} event loops",
                endpoint == null ? "AWS default for the region" : endpoint, protocol(settings, endpoint),
                settings.maxAttempts(), settings.callTimeout(), settings.maxConnections(), clients.pinnedLoops());
        return clients;
    }

    /**
     * The gateway's own transport, and a client for each other place a deployment names: its region (else the
     * gateway's), its endpoint (else the gateway's, or the emulator's), its credentials profile, and the role it
     * assumes. Those clients run on the SDK's own threads: they are not pinned to the server's loops, which would make
     * one client per loop for every place. With the emulator every place signs with the emulator's credentials (it
     * checks no signature, only reads the region of its scope).
     */
    @Bean(destroyMethod = "close")
    BedrockTransports bedrockTransports(SdkBedrockTransport gatewayTransport, GatewayProperties properties,
                                        ObjectProvider<LocalBedrock> local, AwsCredentialsProvider credentials) {
        GatewayProperties.Bedrock settings = properties.bedrock();
        boolean emulated = properties.backend() == Backend.EMULATOR;
        return BedrockTransports.overClients(gatewayTransport, place -> {
            URI endpoint = place.endpoint() != null ? place.endpoint()
                    : emulated ? local.getObject().endpoint() : settings.endpoint();
            Region region = place.region() != null ? Region.of(place.region()) : region(settings, emulated);
            AwsCredentialsProvider signer = emulated ? EMULATOR_CREDENTIALS : credentials(place, region, credentials);
            log.info("Bedrock client for a deployment: {}", place);
            return new BedrockClients(null, (loop, shares) -> client(settings, endpoint, region, signer, loop, shares));
        });
    }

    /**
     * A place's credentials: its profile, else the gateway's own chain; with a role, that role assumed with them
     * through STS in the place's region, refreshed in the background before they expire.
     */
    static AwsCredentialsProvider credentials(ClientPlace place, Region region, AwsCredentialsProvider gateway) {
        AwsCredentialsProvider base = place.profile() == null ? gateway
                : ProfileCredentialsProvider.builder().profileName(place.profile()).build();
        if (place.roleArn() == null) {
            return base;
        }
        StsClient sts = StsClient.builder().region(region).credentialsProvider(base)
                .httpClient(UrlConnectionHttpClient.create()).build();
        return StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .refreshRequest(assume -> assume.roleArn(place.roleArn()).roleSessionName(ROLE_SESSION_NAME))
                .asyncCredentialUpdateEnabled(true)
                .build();
    }

    /** How the gateway's sessions appear in CloudTrail when it assumes a deployment's role. */
    static final String ROLE_SESSION_NAME = "bedrock-gateway";

    /** One client: on the given loop (or, given null, on the SDK's own threads), with its share of the connections. */
    static BedrockRuntimeAsyncClient client(GatewayProperties.Bedrock settings, URI endpoint, Region region,
                                            AwsCredentialsProvider credentials, SdkEventLoopGroup loop, int shares) {
        NettyNioAsyncHttpClient.Builder http = httpClient(settings, endpoint)
                // the pinned clients split the limit; the shared one, which makes the streams, has it all
                .maxConcurrency(Math.max(1, (settings.maxConnections() + shares - 1) / shares));
        var builder = BedrockRuntimeAsyncClient.builder()
                .region(region)
                .credentialsProvider(credentials)
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
        if (loop != null) {
            http.eventLoopGroup(loop);
            // Complete each call on the loop that read its answer: the caller's own loop.
            builder.asyncConfiguration(async -> async.advancedOption(
                    SdkAdvancedAsyncClientOption.FUTURE_COMPLETION_EXECUTOR, Runnable::run));
        }
        builder.httpClientBuilder(http);
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    private static NettyNioAsyncHttpClient.Builder httpClient(GatewayProperties.Bedrock settings, URI endpoint) {
        software.amazon.awssdk.http.Protocol protocol = protocol(settings, endpoint);
        NettyNioAsyncHttpClient.Builder http = NettyNioAsyncHttpClient.builder()
                .protocol(protocol)
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
