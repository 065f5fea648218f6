package dev.bedrockgateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockgateway.RunningGateway;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * The shared Redis client: it connects on first use, to the local Redis on 127.0.0.1:6379 when one answers there
 * (else that test is skipped, saying why), and a Redis that is not there neither stops it from being made nor makes
 * a command wait longer than its time-out.
 */
class SharedRedisTest {

    @Test
    void answersFromTheLocalRedisUnderItsPrefix() {
        RunningGateway.assumeListening(6379, "Redis");
        try (SharedRedis redis = SharedRedis.open(new StoreSettings.Redis("redis://127.0.0.1:6379/0",
                Duration.ofSeconds(1), "test-" + Long.toHexString(System.nanoTime()) + ":"))) {
            StepVerifier.create(redis.ping()).expectNext("PONG").verifyComplete();
            String key = redis.key("probe");
            assertThat(key).startsWith("test-").endsWith(":probe");
            StepVerifier.create(redis.commands().flatMap(commands -> commands.set(key, "1")
                            .then(commands.get(key)).flatMap(value -> commands.del(key).thenReturn(value))))
                    .expectNext("1").verifyComplete();
            assertThat(redis.where()).isEqualTo("127.0.0.1:6379/0");
        }
    }

    @Test
    void aRedisThatIsNotThereFailsEachCallQuicklyAndNeverTheStart() throws Exception {
        int closed;
        try (ServerSocket free = new ServerSocket(0)) {
            closed = free.getLocalPort();
        }
        try (SharedRedis redis = SharedRedis.open(new StoreSettings.Redis("redis://:secret@127.0.0.1:" + closed,
                Duration.ofMillis(200), "x:"))) {
            StepVerifier.create(redis.ping()).expectError().verify(Duration.ofSeconds(5));
            StepVerifier.create(redis.ping()).as("the failed connect is remembered, not retried at once")
                    .expectError().verify(Duration.ofSeconds(1));
            assertThat(redis.where()).doesNotContain("secret");
        }
    }
}
