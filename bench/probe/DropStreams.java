import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Issue 15's dropped-stream probe: STREAMS callers open a stream each over the given models and hang up after
 * HANG_UP_MS; after a second, REQUESTS ordinary requests (32 at a time) over the same models must all answer 200.
 * Usage: java DropStreams.java PORT STREAMS HANG_UP_MS REQUESTS MODEL[,MODEL...]
 * Prints "dropped N", then "after: OK ok, FAILED failed (statuses ...)".
 */
public class DropStreams {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int streams = Integer.parseInt(args[1]);
        long hangUpMs = Long.parseLong(args[2]);
        int requests = Integer.parseInt(args[3]);
        String[] models = args[4].split(",");
        ExecutorService callers = Executors.newFixedThreadPool(Math.max(1, Math.min(streams, 500)));
        List<CompletableFuture<Void>> drops = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            String model = models[i % models.length];
            drops.add(CompletableFuture.runAsync(() -> dropOne(port, model, hangUpMs), callers));
        }
        CompletableFuture.allOf(drops.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        callers.shutdown();
        System.out.println("dropped " + streams);
        Thread.sleep(1000);

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicInteger ok = new AtomicInteger();
        List<String> failures = new ArrayList<>();
        for (int done = 0; done < requests; done += 32) {
            List<CompletableFuture<HttpResponse<String>>> batch = new ArrayList<>();
            for (int i = done; i < Math.min(requests, done + 32); i++) {
                String body = "{\"model\":\"" + models[i % models.length] + "\",\"prompt\":\"Hi\"}";
                batch.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/generate"))
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> answer : batch) {
                HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
                if (response.statusCode() == 200) {
                    ok.incrementAndGet();
                } else {
                    synchronized (failures) {
                        failures.add(response.statusCode() + " " + response.body().replaceAll(".*\"code\":\"([a-z_]+)\".*", "$1"));
                    }
                }
            }
        }
        System.out.println("after: " + ok.get() + " ok, " + failures.size() + " failed "
                + failures.stream().distinct().limit(5).toList());
    }

    private static void dropOne(int port, String model, long hangUpMs) {
        String body = "{\"model\":\"" + model + "\",\"prompt\":\"Tell me a long story\",\"stream\":true,"
                + "\"parameters\":{\"max_tokens\":400}}";
        byte[] request = ("POST /v1/generate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                .getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            socket.setSoTimeout((int) hangUpMs);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(hangUpMs);
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            while (System.nanoTime() < deadline) {
                try {
                    if (in.read(buffer) < 0) {
                        return;
                    }
                } catch (java.net.SocketTimeoutException timeUp) {
                    return;
                }
            }
        } catch (java.io.IOException e) {
            // a refused or reset connection is a dropped caller too
        }
    }
}
