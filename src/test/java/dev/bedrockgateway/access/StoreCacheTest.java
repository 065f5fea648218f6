package dev.bedrockgateway.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What a replica answers for a caller while the shared key store (PostgreSQL) cannot be read. */
class StoreCacheTest {

    private static final long NO_TTL = 0;
    private static final long ONE_HOUR = Duration.ofHours(1).toNanos();
    private static final Callable<Optional<String>> DOWN = () -> {
        throw new IllegalStateException("connection refused");
    };

    @Test
    void aCallerReadBeforeTheOutageKeepsItsLastAnswerWhileTheStoreIsDown() {
        StoreCache<String> cache = new StoreCache<>(NO_TTL, ONE_HOUR);
        assertThat(cache.get("k", () -> Optional.of("key")).block()).contains("key");

        assertThat(cache.get("k", DOWN).block()).contains("key");
    }

    @Test
    void aCallerNotReadBeforeIsRefusedWith503NotA500() {
        StoreCache<String> cache = new StoreCache<>(NO_TTL, ONE_HOUR);

        assertThatThrownBy(() -> cache.get("never-read", DOWN).block())
                .isInstanceOfSatisfying(GatewayException.class,
                        refused -> assertThat(refused.kind()).isEqualTo(ErrorKind.IDENTITY_UNAVAILABLE));
    }

    @Test
    void withNoStaleWindowALastAnswerIsNotUsed() {
        StoreCache<String> cache = new StoreCache<>(NO_TTL, 0);
        cache.get("k", () -> Optional.of("key")).block();

        assertThatThrownBy(() -> cache.get("k", DOWN).block()).isInstanceOf(GatewayException.class);
    }

    @Test
    void anAnswerReadAgainAfterTheOutageIsTheStoresNewOne() {
        StoreCache<String> cache = new StoreCache<>(NO_TTL, ONE_HOUR);
        cache.get("k", () -> Optional.of("key")).block();
        cache.get("k", DOWN).block();

        assertThat(cache.get("k", Optional::empty).block()).as("revoked once the store answers again").isEmpty();
    }

    @Test
    void aStoreThatJustFailedIsNotAskedAgainWithinTheTtlSoOthersAreAnsweredAtOnce() {
        StoreCache<String> cache = new StoreCache<>(ONE_HOUR, ONE_HOUR);
        AtomicInteger asked = new AtomicInteger();
        Callable<Optional<String>> down = () -> {
            asked.incrementAndGet();
            return DOWN.call();
        };
        assertThatThrownBy(() -> cache.get("first", down).block()).isInstanceOf(GatewayException.class);

        assertThatThrownBy(() -> cache.get("second", down).block())
                .isInstanceOfSatisfying(GatewayException.class,
                        refused -> assertThat(refused.kind()).isEqualTo(ErrorKind.IDENTITY_UNAVAILABLE));
        assertThat(asked).as("the second caller does not wait for a store that just failed").hasValue(1);
    }
}
