package dev.bedrockgateway.usage;

import dev.bedrockgateway.access.KeyStore;
import dev.bedrockgateway.access.SharedRedis;
import dev.bedrockgateway.access.StoreSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires spend: the ledger (PostgreSQL when {@code gateway.store.postgres.url} is set, else memory) behind its buffer,
 * the spend counters budgets are enforced from (Redis when {@code gateway.store.redis.url} is set, else memory), and
 * their meters.
 */
@Configuration(proxyBeanMethods = false)
public class UsageConfiguration {

    private static final Logger log = LoggerFactory.getLogger(UsageConfiguration.class);

    @Bean
    UsageMetrics usageMetrics(MeterRegistry registry) {
        return new UsageMetrics(registry);
    }

    /**
     * The key store is asked for only so that it is made first: opening it migrates the schema, the ledger's table
     * included. Spring closes the ledger (its last rows written, its pool closed) with the context.
     */
    @Bean
    Ledger ledger(StoreSettings store, LedgerSettings settings, UsageMetrics metrics, KeyStore migratedFirst) {
        LedgerStore rows;
        if (store.postgres().configured()) {
            log.info("The spend ledger is kept in PostgreSQL ({}, schema {}), written behind the requests in batches "
                    + "of up to {} from a buffer of {} rows", store.postgres().url(), store.postgres().schema(),
                    settings.batchRows(), settings.bufferRows());
            rows = PostgresLedgerStore.open(store.postgres());
        } else {
            rows = new MemoryLedgerStore(settings.memoryRows());
        }
        return Ledger.started(rows, settings.bufferRows(), settings.batchRows(), settings.flushInterval(),
                metrics.droppedRows());
    }

    /** In the shared Redis when there is one (gateway.store.redis.url), else in memory. */
    @Bean
    SpendCounters spendCounters(Ledger ledger, ObjectProvider<SharedRedis> redis) {
        SharedRedis shared = redis.getIfAvailable();
        if (shared == null) {
            return new SpendCounters(new MemoryCounterStore(Clock.systemUTC()), ledger, Clock.systemUTC(), "");
        }
        return new SpendCounters(new RedisCounterStore(shared, Clock.systemUTC()), ledger, Clock.systemUTC(),
                shared.key(""));
    }
}
