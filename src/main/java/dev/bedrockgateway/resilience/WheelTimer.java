package dev.bedrockgateway.resilience;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.Exceptions;
import reactor.core.scheduler.Scheduler;

/**
 * The Reactor scheduler behind each call's time limit: one Netty {@link HashedWheelTimer} (10 ms ticks) for the
 * whole JVM. Almost every time limit is set and then cancelled a millisecond later, when the answer arrives.
 * On Reactor's parallel scheduler that costs two wake-ups of a sleeping timer thread per call (the new limit is
 * the earliest, then it is gone), measured in bench/ as about a tenth of a one-connection round trip; the wheel
 * only queues the limit and its cancellation, and its thread wakes on its own tick. A limit fires up to one tick
 * late, which no limit counted in seconds notices. Expired tasks run on the wheel's thread, so they must not
 * block (a time-out only signals an error downstream).
 */
final class WheelTimer implements Scheduler {

    static final WheelTimer INSTANCE = new WheelTimer();

    private static final long TICK_MILLIS = 10;

    private final HashedWheelTimer wheel;

    private WheelTimer() {
        ThreadFactory daemon = task -> {
            Thread thread = new Thread(task, "gateway-time-limits");
            thread.setDaemon(true);
            return thread;
        };
        this.wheel = new HashedWheelTimer(daemon, TICK_MILLIS, TimeUnit.MILLISECONDS, 512);
    }

    @Override
    public Disposable schedule(Runnable task) {
        return schedule(task, 0, TimeUnit.MILLISECONDS);
    }

    @Override
    public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
        Timeout timeout = wheel.newTimeout(expired -> task.run(), delay, unit);
        return new Disposable() {
            @Override
            public void dispose() {
                timeout.cancel();
            }

            @Override
            public boolean isDisposed() {
                return timeout.isCancelled() || timeout.isExpired();
            }
        };
    }

    @Override
    public Worker createWorker() {
        return new WheelWorker();
    }

    /**
     * A worker's tasks, cancelled together when it is disposed. Each task leaves the worker's set once it has run
     * or was disposed, so a long-lived worker holds only its pending tasks.
     */
    private final class WheelWorker implements Worker {

        private final Disposable.Composite tasks = Disposables.composite();

        @Override
        public Disposable schedule(Runnable task) {
            return schedule(task, 0, TimeUnit.MILLISECONDS);
        }

        @Override
        public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
            WorkerTask scheduled = new WorkerTask(task);
            if (!tasks.add(scheduled)) {
                throw Exceptions.failWithRejected();
            }
            scheduled.start(delay, unit);
            return scheduled;
        }

        @Override
        public void dispose() {
            tasks.dispose();
        }

        @Override
        public boolean isDisposed() {
            return tasks.isDisposed();
        }

        /** One task of this worker: on the wheel once started, out of the worker's set once run or disposed. */
        private final class WorkerTask implements Runnable, Disposable {

            private final Runnable task;
            private volatile boolean disposed;
            private volatile Disposable onWheel;

            WorkerTask(Runnable task) {
                this.task = task;
            }

            void start(long delay, TimeUnit unit) {
                onWheel = WheelTimer.this.schedule(this, delay, unit);
                if (disposed) {
                    onWheel.dispose();
                }
            }

            @Override
            public void run() {
                if (!disposed) {
                    tasks.remove(this);
                    task.run();
                }
            }

            @Override
            public void dispose() {
                disposed = true;
                tasks.remove(this);
                Disposable scheduled = onWheel;
                if (scheduled != null) {
                    scheduled.dispose();
                }
            }

            @Override
            public boolean isDisposed() {
                Disposable scheduled = onWheel;
                return disposed || (scheduled != null && scheduled.isDisposed());
            }
        }
    }
}
