package dev.bedrockgateway.access;

import dev.bedrockgateway.config.InvalidConfigurationException;
import java.time.Clock;
import java.util.Locale;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import reactor.netty.resources.LoopResources;

/**
 * Wires identity: the key store (PostgreSQL when {@code gateway.store.postgres.url} is set, else in memory), the
 * shared Redis (when {@code gateway.store.redis.url} is set), the authenticator the identity policy asks, and the admin service. Says at start-up what is open to whom.
 */
@Configuration(proxyBeanMethods = false)
public class AccessConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AccessConfiguration.class);

    /** A PostgreSQL store's pool is closed with the context (Spring calls close() on an AutoCloseable bean). */
    @Bean
    KeyStore keyStore(StoreSettings settings, AccessSettings access) {
        if (access.acceptsKeys() && access.requireKeyStore() && !settings.postgres().configured()) {
            throw new InvalidConfigurationException("gateway.auth.mode", access.mode().stream()
                    .map(mode -> mode.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(",")),
                    "API keys need a key store, and none is set (gateway.store.postgres.url, env "
                    + "GATEWAY_STORE_POSTGRES_URL): keys kept in memory would be lost at every restart and known to "
                    + "one replica only. Set a PostgreSQL URL, or set gateway.auth.mode=none (env GATEWAY_AUTH_MODE) "
                    + "to run without keys, where anyone who reaches the port may spend. (The packaged gateway asks "
                    + "for keys by default; README, \"Access control\".)");
        }
        if (settings.postgres().configured()) {
            log.info("Keys, teams and the admin audit are kept in PostgreSQL ({}, schema {})",
                    settings.postgres().url(), settings.postgres().schema());
            return PostgresKeyStore.open(settings.postgres());
        }
        return new MemoryKeyStore();
    }

    /**
     * The Redis every replica shares (rate limits, spend counters), when {@code gateway.store.redis.url} is set; with
     * none there is no such bean and every counter is kept in memory.
     */
    @Bean
    @Conditional(RedisConfigured.class)
    SharedRedis sharedRedis(StoreSettings settings, ObjectProvider<LoopResources> serverLoops) {
        LoopResources loops = serverLoops.getIfAvailable();
        // the group the server runs on, as the Bedrock clients pinned to its loops take it
        SharedRedis redis = SharedRedis.open(settings.redis(),
                loops == null ? null : loops.onServer(LoopResources.DEFAULT_NATIVE));
        log.info("Counters shared by every replica (rate limits, spend) are kept in Redis ({}, keys {}*), with a "
                + "connection for each of {} server event loops", redis.where(), settings.redis().keyPrefix(),
                redis.pinnedLoops());
        return redis;
    }

    /** Whether a Redis URL is set (an empty GATEWAY_REDIS_URL is none). */
    static final class RedisConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String url = context.getEnvironment().getProperty("gateway.store.redis.url");
            return url != null && !url.isBlank();
        }
    }

    @Bean
    KeyAuthenticator keyAuthenticator(KeyStore store, AccessSettings settings, AdminSettings admin) {
        warnAboutAccess(store, settings, admin);
        return new KeyAuthenticator(store, settings, Clock.systemUTC());
    }

    @Bean
    AccessAdmin accessAdmin(KeyStore store, KeyAuthenticator authenticator) {
        return new AccessAdmin(store, authenticator, Clock.systemUTC());
    }

    private static void warnAboutAccess(KeyStore store, AccessSettings settings, AdminSettings admin) {
        if (settings.open()) {
            log.warn("gateway.auth.mode is none: anyone who can reach this port can call the models and spend on "
                    + "this AWS account. Set gateway.auth.mode=keys (README, \"Access control\").");
        }
        if (settings.acceptsJwt()) {
            JwtSettings jwt = settings.jwt();
            log.info("JWT callers are taken from {} (team claim '{}'{}{})", JwtSettings.present(jwt.jwkSetUri())
                    ? jwt.jwkSetUri() : jwt.issuerUri(), jwt.teamClaim(),
                    jwt.checksAudience() ? ", audience '" + jwt.audience() + "'" : "",
                    jwt.hasAdminRole() ? ", admin role '" + jwt.adminRole() + "'" : "");
        }
        boolean adminByToken = settings.acceptsJwt() && settings.jwt().hasAdminRole();
        if (!admin.configured() && !adminByToken) {
            log.warn("No admin key (gateway.admin.key / GATEWAY_ADMIN_KEY): the admin API under /admin/v1 refuses "
                    + "every request{}.", settings.open() ? " except POST /admin/v1/reload" : "");
        }
        if (settings.acceptsKeys() && !store.blocking()) {
            log.warn("Keys are kept in memory: they are lost at restart and known to this replica only. Set "
                    + "gateway.store.postgres.url to share them.");
        }
    }
}
