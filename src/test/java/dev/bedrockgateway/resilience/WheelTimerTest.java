package dev.bedrockgateway.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.test.StepVerifier;

class WheelTimerTest {

    @Test
    void aTimeOutOnTheWheelFailsASilentCall() {
        StepVerifier.create(Mono.never().timeout(Duration.ofMillis(30), WheelTimer.INSTANCE))
                .expectError(TimeoutException.class)
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void anAnswerInTimeCancelsTheTimeOut() {
        StepVerifier.create(Mono.delay(Duration.ofMillis(10)).timeout(Duration.ofSeconds(30), WheelTimer.INSTANCE))
                .expectNext(0L)
                .verifyComplete();
    }

    @Test
    void aDisposedTaskNeverRunsAndAnExpiredOneRunsOnce() throws InterruptedException {
        AtomicBoolean cancelledRan = new AtomicBoolean();
        Disposable cancelled = WheelTimer.INSTANCE.schedule(() -> cancelledRan.set(true), 50, TimeUnit.MILLISECONDS);
        cancelled.dispose();
        CountDownLatch ran = new CountDownLatch(1);
        Disposable expired = WheelTimer.INSTANCE.schedule(ran::countDown, 20, TimeUnit.MILLISECONDS);

        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(cancelled.isDisposed()).isTrue();
        assertThat(expired.isDisposed()).as("expired").isTrue();
        Thread.sleep(100);
        assertThat(cancelledRan).isFalse();
    }

    @Test
    void aDisposedWorkerCancelsItsTasksAndRefusesNewOnes() throws InterruptedException {
        Scheduler.Worker worker = WheelTimer.INSTANCE.createWorker();
        AtomicBoolean ran = new AtomicBoolean();
        Disposable task = worker.schedule(() -> ran.set(true), 50, TimeUnit.MILLISECONDS);
        worker.dispose();

        assertThat(worker.isDisposed()).isTrue();
        assertThat(task.isDisposed()).isTrue();
        assertThatThrownBy(() -> worker.schedule(() -> ran.set(true))).isInstanceOf(RejectedExecutionException.class);
        Thread.sleep(100);
        assertThat(ran).isFalse();
    }
}
