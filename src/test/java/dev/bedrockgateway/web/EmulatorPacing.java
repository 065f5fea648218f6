package dev.bedrockgateway.web;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Slows the emulator's streams, through its admin API, so a stream lasts longer than the connection time-outs. */
public final class EmulatorPacing {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private EmulatorPacing() {
    }

    /** Streams of {@code modelId} send {@code tokensPerSecond} words a second (README, "The emulator"). */
    public static void tokensPerSecond(URI emulator, String modelId, int tokensPerSecond)
            throws IOException, InterruptedException {
        URI uri = emulator.resolve("/emulator/faults/" + URLEncoder.encode(modelId, StandardCharsets.UTF_8));
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"tokens_per_second\":" + tokensPerSecond + "}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("emulator refused the pacing: " + answer.statusCode() + " " + answer.body());
        }
    }
}
