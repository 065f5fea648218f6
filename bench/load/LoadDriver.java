import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The benchmark's load driver for machines without wrk (the smoke run, which needs nothing but the JDK): a closed
 * loop of N connections, each sending the body by POST as soon as the last answer was read (or after a pause drawn
 * at random between 0 and twice the mean, as bench/run.sh's post.lua does), for a number of seconds. Prints the
 * lines of wrk's output that bench/run.sh and bench/streams.sh read (latency distribution, requests, errors,
 * requests per second), so both drivers are read the same way. Its own JIT warm-up and threads make it a poor
 * driver for figures: the full benchmark uses wrk.
 *
 * <pre>java -cp DIR LoadDriver CONNECTIONS SECONDS TIMEOUT_SECONDS URL BODY [PAUSE_MS [HEADER]]</pre>
 *
 * HEADER ({@code "Authorization: Bearer gk_..."}) is sent with every request, as wrk's {@code -H}.
 */
public final class LoadDriver {

    private LoadDriver() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 5) {
            System.err.println("usage: LoadDriver CONNECTIONS SECONDS TIMEOUT_SECONDS URL BODY [PAUSE_MS [HEADER]]");
            System.exit(2);
        }
        int connections = Integer.parseInt(args[0]);
        long seconds = Long.parseLong(args[1]);
        Duration timeout = Duration.ofSeconds(Long.parseLong(args[2]));
        URI url = URI.create(args[3]);
        String body = args[4];
        int pauseMs = args.length > 5 ? Integer.parseInt(args[5]) : 0;
        String header = args.length > 6 ? args[6] : null;

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout).build();
        HttpRequest.Builder builder = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (header != null) {
            int colon = header.indexOf(':');
            builder.header(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
        }
        HttpRequest request = builder.build();
        long started = System.nanoTime();
        long deadline = started + Duration.ofSeconds(seconds).toNanos();
        List<Connection> loops = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Connection loop = new Connection(http, request, deadline, pauseMs);
            loops.add(loop);
            loop.thread.start();
        }
        for (Connection loop : loops) {
            loop.thread.join();
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        report(url, connections, elapsed, loops);
    }

    private static void report(URI url, int connections, double elapsed, List<Connection> loops) {
        long[] latencies = loops.stream().flatMapToLong(loop -> Arrays.stream(loop.latencies, 0, loop.count))
                .sorted().toArray();
        long errors = loops.stream().mapToLong(loop -> loop.errors).sum();
        long timeouts = loops.stream().mapToLong(loop -> loop.timeouts).sum();
        long non2xx = loops.stream().mapToLong(loop -> loop.non2xx).sum();
        long requests = latencies.length + errors + timeouts;
        System.out.printf(Locale.ROOT, "Running %.0fs test @ %s (LoadDriver)%n", elapsed, url);
        System.out.printf(Locale.ROOT, "  %d connections%n", connections);
        System.out.println("  Latency Distribution");
        for (int percent : new int[] {50, 75, 90, 99}) {
            System.out.printf(Locale.ROOT, "     %d%%    %.3fms%n", percent, percentileMs(latencies, percent));
        }
        System.out.printf(Locale.ROOT, "  %d requests in %.2fs%n", requests, elapsed);
        System.out.printf(Locale.ROOT, "  Socket errors: connect 0, read %d, write 0, timeout %d%n", errors, timeouts);
        if (non2xx > 0) {
            System.out.printf(Locale.ROOT, "  Non-2xx or 3xx responses: %d%n", non2xx);
        }
        System.out.printf(Locale.ROOT, "Requests/sec: %.2f%n", requests / elapsed);
    }

    private static double percentileMs(long[] sortedNanos, int percent) {
        if (sortedNanos.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(percent / 100.0 * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, index)] / 1e6;
    }

    /** One connection's loop and what it saw; read by main only after its thread has ended. */
    private static final class Connection implements Runnable {

        final Thread thread = new Thread(this, "load");
        private final HttpClient http;
        private final HttpRequest request;
        private final long deadline;
        private final int pauseMs;
        long[] latencies = new long[1024];
        int count;
        long errors;
        long timeouts;
        long non2xx;

        Connection(HttpClient http, HttpRequest request, long deadline, int pauseMs) {
            this.http = http;
            this.request = request;
            this.deadline = deadline;
            this.pauseMs = pauseMs;
        }

        @Override
        public void run() {
            while (System.nanoTime() < deadline) {
                long sent = System.nanoTime();
                try {
                    // the whole answer is read (a stream to its end), as wrk does before it counts a request
                    HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                    record(System.nanoTime() - sent);
                    if (response.statusCode() / 100 != 2 && response.statusCode() / 100 != 3) {
                        non2xx++;
                    }
                } catch (HttpTimeoutException e) {
                    timeouts++;
                } catch (IOException e) {
                    errors++;
                } catch (InterruptedException e) {
                    return;
                }
                if (pauseMs > 0 && !pause()) {
                    return;
                }
            }
        }

        private void record(long nanos) {
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = nanos;
        }

        private boolean pause() {
            try {
                Thread.sleep(ThreadLocalRandom.current().nextInt(0, 2 * pauseMs + 1));
                return true;
            } catch (InterruptedException e) {
                return false;
            }
        }
    }
}
