package dev.bedrockgateway.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bedrockgateway.catalog.ModelCatalog;
import dev.bedrockgateway.catalog.ModelFamily;
import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.catalog.ToolSupport;
import dev.bedrockgateway.core.Task;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway over real HTTP, through the real AWS SDK, against real Amazon Bedrock: every family once, whole and
 * streamed, an embedding, an SDXL image and a Converse tool call. This is the oracle that is not ours: the emulator
 * and the fidelity tests only say what we believe Bedrock does.
 *
 * <p>Tagged {@value #TAG}: the normal build excludes the tag, and only {@code mvn verify -Pbedrock-live} includes it
 * and sets {@code bedrock.live.enabled}. Without AWS credentials every test is reported as skipped (not passed), with
 * what to set. Settings (system properties, e.g. {@code -Dbedrock.live.region=eu-west-1}):
 * {@code bedrock.live.region} (default {@value #DEFAULT_REGION}) and {@code bedrock.live.models} (catalog aliases,
 * comma-separated; default the cheapest model of every family in the catalog).
 */
@Tag(RealBedrockTest.TAG)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "gateway.backend=bedrock",
        "gateway.bedrock.region=${bedrock.live.region:" + RealBedrockTest.DEFAULT_REGION + "}",
        // The SDK's own retries would hide a throttled first call; the gateway's retry guard still applies.
        "gateway.bedrock.max-attempts=1"
})
class RealBedrockTest {

    static final String TAG = "bedrock-live";

    /** The region with every model of the built-in catalog on demand. */
    static final String DEFAULT_REGION = "us-east-1";

    static final String NOT_IN_PROFILE = "Real Bedrock tests run only in the bedrock-live Maven profile:"
            + " mvn verify -Pbedrock-live (it sets bedrock.live.enabled=true).";

    static final String NO_CREDENTIALS = "Real Bedrock tests SKIPPED, not passed: no AWS credentials found."
            + " Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials),"
            + " or AWS_PROFILE naming a profile in ~/.aws/credentials or ~/.aws/config (SSO included), or"
            + " AWS_WEB_IDENTITY_TOKEN_FILE with AWS_ROLE_ARN; then run mvn verify -Pbedrock-live"
            + " [-Dbedrock.live.region=us-east-1] [-Dbedrock.live.models=llama3-8b,claude-3-haiku,...]."
            + " Instance and container roles are not looked for: this check never calls a metadata endpoint.";

    /** Real models answer in seconds, an image in tens of seconds. */
    private static final Duration ANSWER_TIME_LIMIT = Duration.ofSeconds(120);

    /** Few tokens: the answers only have to exist, and every token is paid for. */
    private static final int MAX_TOKENS = 32;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** Whether the credentials check in {@link #requireTheProfileAndCredentials} found any. */
    private static boolean credentialsFound;

    @LocalServerPort
    int port;

    @Autowired
    dev.bedrockgateway.routing.ActiveRouteTable tables;

    /**
     * Skips the class before the gateway starts unless the profile asked for it and credentials resolve. The chain
     * is the SDK default chain's local part, in its order (system properties, environment, web identity, profile):
     * the same credentials the gateway's DefaultCredentialsProvider then finds first, and no call to the EC2 or
     * container metadata endpoints, which off AWS would only hang until their time-out.
     */
    @BeforeAll
    static void requireTheProfileAndCredentials() {
        assumeTrue(Boolean.getBoolean("bedrock.live.enabled"), NOT_IN_PROFILE);
        credentialsFound = credentialsResolve();
        if (!credentialsFound) {
            // Also on the console once: surefire's summary counts the skipped tests but does not say why.
            System.out.println("[bedrock-live] " + NO_CREDENTIALS);
        }
    }

    /**
     * Per test rather than in {@link #requireTheProfileAndCredentials}, so that each test is reported as skipped: an
     * assumption that fails before the class's tests start makes surefire report no test at all. The gateway has
     * started by now, but it calls Bedrock only when asked to.
     */
    @BeforeEach
    void requireCredentials() {
        assumeTrue(credentialsFound, NO_CREDENTIALS);
    }

    static boolean credentialsResolve() {
        try (AwsCredentialsProviderChain localChain = AwsCredentialsProviderChain.builder()
                .reuseLastProviderEnabled(false)
                .credentialsProviders(SystemPropertyCredentialsProvider.create(),
                        EnvironmentVariableCredentialsProvider.create(),
                        WebIdentityTokenFileCredentialsProvider.create(),
                        ProfileCredentialsProvider.create())
                .build()) {
            localChain.resolveCredentials();
            return true;
        } catch (SdkException | IllegalStateException e) {
            return false;
        }
    }

    @Test
    void everyTextFamilyAnswersWhole() {
        forEachModel(Task.CHAT, model -> {
            Answer answer = post("/v1/generate", """
                    {"model":"%s","prompt":"Reply with the single word: ready",
                     "parameters":{"max_tokens":%d,"temperature":0}}""".formatted(model.alias(), MAX_TOKENS));

            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(answer.header("X-Gateway-Backend")).isNotEqualTo("emulator");
            JsonNode json = answer.json();
            assertThat(json.get("model").asString()).isEqualTo(model.id());
            assertThat(json.at("/output/text").asString()).isNotBlank();
            assertThat(json.get("finish_reason").asString()).isIn("stop", "length");
            assertThat(json.at("/usage/input_tokens").asInt()).isPositive();
            assertThat(json.at("/usage/output_tokens").asInt()).isPositive();
        });
    }

    @Test
    void everyTextFamilyStreams() {
        forEachModel(Task.CHAT, model -> {
            Answer answer = post("/v1/generate", """
                    {"model":"%s","prompt":"Count from one to five in words.","stream":true,
                     "parameters":{"max_tokens":%d,"temperature":0}}""".formatted(model.alias(), MAX_TOKENS));

            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            List<ServerSentEvent> events = ServerSentEvent.parse(answer.body());
            assertThat(events).extracting(ServerSentEvent::name).as(answer.body())
                    .startsWith("start").contains("delta").endsWith("end").doesNotContain("error");
            String text = events.stream().filter(event -> event.name().equals("delta"))
                    .map(event -> JSON.readTree(event.data()).get("text").asString()).reduce("", String::concat);
            assertThat(text).isNotBlank();
            JsonNode end = JSON.readTree(events.get(events.size() - 1).data());
            assertThat(end.at("/usage/input_tokens").asInt()).as(end.toString()).isPositive();
            assertThat(end.at("/usage/output_tokens").asInt()).as(end.toString()).isPositive();
        });
    }

    @Test
    void everyEmbeddingFamilyEmbeds() {
        forEachModel(Task.EMBED, model -> {
            Answer answer = post("/v1/embed", """
                    {"model":"%s","input":["The quick brown fox.","A slow green turtle."]}""".formatted(model.alias()));

            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            JsonNode json = answer.json();
            assertThat(json.get("embeddings")).hasSize(2);
            int dimensions = json.get("dimensions").asInt();
            assertThat(dimensions).isPositive();
            for (JsonNode vector : json.get("embeddings")) {
                assertThat(vector).hasSize(dimensions);
            }
            assertThat(json.at("/usage/input_tokens").asInt()).isPositive();
        });
    }

    @Test
    void everyImageFamilyMakesAnImage() {
        forEachModel(Task.IMAGE, model -> {
            Answer answer = post("/v1/generate", """
                    {"model":"%s","task":"image","prompt":"a lighthouse at dusk, oil painting",
                     "image":{"width":1024,"height":1024,"steps":10,"seed":42}}""".formatted(model.alias()));

            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            JsonNode json = answer.json();
            assertThat(json.at("/output/images")).hasSize(1);
            byte[] png = Base64.getDecoder().decode(json.at("/output/images/0/base64").asString());
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            assertThat(image).as("a PNG Bedrock made").isNotNull();
            assertThat(image.getWidth()).isEqualTo(1024);
            assertThat(image.getHeight()).isEqualTo(1024);
        });
    }

    /** Tool calls go through Converse for every family; Claude is the default because it surely calls a tool. */
    @Test
    void aConverseToolCallComesBackAsAnOpenAiToolCall() throws Exception {
        Optional<ModelSpec> toolModel = selectedModels().stream()
                .filter(model -> model.task() == Task.CHAT && model.tools() != ToolSupport.NONE)
                .min(Comparator.comparing(model -> model.family() == ModelFamily.ANTHROPIC ? 0 : 1));
        assumeTrue(toolModel.isPresent(), "no model in bedrock.live.models can call tools");

        Answer answer = post("/v1/chat/completions", """
                {"model":"%s","max_tokens":200,"messages":[{"role":"user",
                  "content":"What is the weather in Oslo right now? Use the get_weather tool."}],
                 "tools":[{"type":"function","function":{"name":"get_weather","description":"Current weather in a city",
                   "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]}"""
                .formatted(toolModel.get().alias()));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode choice = answer.json().at("/choices/0");
        assertThat(choice.get("finish_reason").asString()).as(answer.body()).isEqualTo("tool_calls");
        JsonNode call = choice.at("/message/tool_calls/0");
        assertThat(call.at("/function/name").asString()).isEqualTo("get_weather");
        JsonNode arguments = JSON.readTree(call.at("/function/arguments").asString());
        assertThat(arguments.get("city").asString()).containsIgnoringCase("oslo");
    }

    /**
     * Runs the check on every selected model of the task and reports every model that failed, each failure named by
     * its alias; skipped when no model of the task is selected.
     */
    private void forEachModel(Task task, ModelCheck check) {
        List<ModelSpec> models = selectedModels().stream().filter(model -> model.task() == task).toList();
        assumeFalse(models.isEmpty(), "no " + task + " model in bedrock.live.models");
        assertAll(models.stream().map(model -> () -> {
            try {
                check.run(model);
            } catch (AssertionError e) {
                throw new AssertionError(model.alias() + ": " + e.getMessage(), e);
            }
        }));
    }

    /**
     * The models named by {@code bedrock.live.models}, or else the cheapest model of every family in the catalog (by
     * price per 1,000 input and output tokens, or per image), so one run covers every wire format at the least cost.
     */
    private List<ModelSpec> selectedModels() {
        String named = System.getProperty("bedrock.live.models", "");
        if (!named.isBlank()) {
            return Arrays.stream(named.split(",")).map(String::strip).filter(alias -> !alias.isEmpty())
                    .map(tables.current().catalog()::byAlias).toList();
        }
        List<ModelSpec> cheapest = new ArrayList<>();
        for (ModelFamily family : ModelFamily.values()) {
            tables.current().catalog().models().stream().filter(model -> model.family() == family)
                    .min(Comparator.comparingDouble(model -> model.price().inputPer1k() + model.price().outputPer1k()
                            + model.price().perImage()))
                    .ifPresent(cheapest::add);
        }
        return cheapest;
    }

    private Answer post(String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .timeout(ANSWER_TIME_LIMIT)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers(), response.body());
    }

    /** One check of one model. */
    @FunctionalInterface
    private interface ModelCheck {
        void run(ModelSpec model) throws Exception;
    }

    /** An HTTP answer. */
    private record Answer(int status, java.net.http.HttpHeaders headers, String body) {

        JsonNode json() {
            return JSON.readTree(body);
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    /** One event of a text/event-stream body. */
    private record ServerSentEvent(String name, String data) {

        static List<ServerSentEvent> parse(String body) {
            List<ServerSentEvent> events = new ArrayList<>();
            for (String block : body.split("\r?\n\r?\n")) {
                String name = null;
                StringBuilder data = new StringBuilder();
                for (String line : block.split("\r?\n")) {
                    if (line.startsWith("event:")) {
                        name = line.substring("event:".length()).strip();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring("data:".length()).strip());
                    }
                }
                if (name != null) {
                    events.add(new ServerSentEvent(name, data.toString()));
                }
            }
            return events;
        }
    }
}
