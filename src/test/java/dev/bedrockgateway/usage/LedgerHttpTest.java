package dev.bedrockgateway.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.bedrockgateway.GatewayHttpTest;
import dev.bedrockgateway.TcpForwarder;
import dev.bedrockgateway.TestPostgres;
import dev.bedrockgateway.web.EmulatorPacing;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.test.StepVerifier;

/**
 * The spend ledger in a real PostgreSQL, over real HTTP: one row per request, streams included, a cancelled stream
 * charged for what was streamed, the ledger's sum equal to the spend meter's, and a PostgreSQL outage that neither
 * fails nor holds up a request and after which the ledger catches up with every row. The gateway reaches PostgreSQL
 * through a forwarder the test stops and resumes. Keys are off here (the key store is in the same database, and
 * its outage is the identity step's business): rows carry no key or team, and the meter's team is "none".
 */
@DirtiesContext
class LedgerHttpTest extends GatewayHttpTest {

    private static final String LLAMA_8B = "meta.llama3-8b-instruct-v1:0";
    private static final Duration CATCH_UP = Duration.ofSeconds(20);

    private static TestPostgres postgres;
    private static TcpForwarder forwarder;

    @BeforeAll
    static void reachPostgres() throws Exception {
        postgres = TestPostgres.orSkip("the PostgreSQL ledger");
        forwarder = new TcpForwarder(TestPostgres.HOST, TestPostgres.PORT);
    }

    @DynamicPropertySource
    static void ledgerThroughTheForwarder(DynamicPropertyRegistry registry) {
        registry.add("gateway.store.postgres.url",
                () -> "jdbc:postgresql://127.0.0.1:" + forwarder.port() + "/test");
        registry.add("gateway.store.postgres.username", () -> "postgres");
        registry.add("gateway.store.postgres.schema", () -> postgres.schema);
        registry.add("gateway.ledger.flush-interval", () -> "100ms");
    }

    @AfterAll
    static void dropSchema() throws Exception {
        if (forwarder != null) {
            forwarder.close();
        }
        if (postgres != null) {
            postgres.drop();
        }
    }

    @Test
    void everyRequestIsARowAndTheLedgerAddsUpToTheSpendMeter() throws Exception {
        List<String> ids = new ArrayList<>();
        ids.add(generate("{\"model\":\"llama3-8b\",\"prompt\":\"Hi\"}"));
        ids.add(generate("{\"model\":\"claude-3-haiku\",\"prompt\":\"Tell me about the sea\",\"stream\":true}"));
        ids.add(requestId(send(request("/v1/chat/completions",
                "{\"model\":\"mistral-large\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"))));
        ids.add(requestId(send(request("/v1/generate", "{\"model\":\"no-such-model\",\"prompt\":\"Hi\"}"))));

        await().atMost(CATCH_UP).until(() -> postgres.count(in(ids)) == ids.size());
        try (Connection connection = postgres.connect()) {
            ResultSet answered = postgres.row(connection, ids.get(0));
            assertThat(answered.getString("status")).isEqualTo("ok");
            assertThat(answered.getString("model")).isEqualTo("llama3-8b");
            assertThat(answered.getString("bedrock_model_id")).isEqualTo(LLAMA_8B);
            assertThat(answered.getString("route")).isNotBlank();
            assertThat(answered.getInt("output_tokens")).isPositive();
            assertThat(answered.getBigDecimal("cost_usd")).isPositive();
            ResultSet streamed = postgres.row(connection, ids.get(1));
            assertThat(streamed.getString("status")).isEqualTo("ok");
            assertThat(streamed.getInt("output_tokens")).isPositive();
            assertThat(postgres.row(connection, ids.get(3)).getString("status")).isEqualTo("model_not_found");
        }
        assertLedgerEqualsTheMeter();
    }

    @Test
    void aCancelledStreamIsChargedForWhatWasStreamed() throws Exception {
        EmulatorPacing.tokensPerSecond(emulator.endpoint(), LLAMA_8B, 5);
        String id = "req_cancelled_" + System.nanoTime();
        StepVerifier.create(WebClient.create(gateway("").toString()).post().uri("/v1/generate")
                        .contentType(MediaType.APPLICATION_JSON).header("X-Request-Id", id)
                        .bodyValue("{\"model\":\"llama3-8b\",\"prompt\":\"Tell me about the sea\",\"stream\":true,"
                                + "\"parameters\":{\"max_tokens\":400}}")
                        .retrieve().bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() { }))
                .assertNext(event -> assertThat(event.event()).isEqualTo("start"))
                .assertNext(event -> assertThat(event.event()).isEqualTo("delta"))
                .thenCancel()
                .verify(Duration.ofSeconds(20));

        await().atMost(CATCH_UP).until(() -> postgres.count("request_id = '" + id + "'") == 1);
        try (Connection connection = postgres.connect()) {
            ResultSet row = postgres.row(connection, id);
            assertThat(row.getString("status")).isEqualTo("cancelled");
            assertThat(row.getInt("input_tokens")).as("the prompt, estimated").isPositive();
            assertThat(row.getInt("output_tokens")).as("what was streamed before the cancel")
                    .isPositive().isLessThan(400);
            assertThat(row.getBigDecimal("cost_usd")).isPositive();
        }
    }

    @Test
    void aPostgresOutageFailsNoRequestAndTheLedgerCatchesUpWithEveryRow() throws Exception {
        List<String> before = List.of(generate("{\"model\":\"llama3-8b\",\"prompt\":\"before\"}"));
        await().atMost(CATCH_UP).until(() -> postgres.count(in(before)) == 1);

        forwarder.stop();
        List<String> during = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            during.add(generate("{\"model\":\"llama3-8b\",\"prompt\":\"during " + i + "\"}"));
        }
        during.add(generate("{\"model\":\"llama3-8b\",\"prompt\":\"streamed during\",\"stream\":true}"));
        assertThat(postgres.count(in(during))).as("nothing reaches PostgreSQL while it is away").isZero();

        forwarder.resume();
        await().atMost(CATCH_UP).until(() -> postgres.count(in(during)) == during.size());
        assertThat(postgres.count(in(during) + " and status = 'ok'")).isEqualTo(during.size());
        assertThat(scrape("gateway_ledger_dropped_rows_total")).isZero();
        assertLedgerEqualsTheMeter();
    }

    /** Every ledger row is written once the buffer is empty; the meter counted the same charges. */
    private void assertLedgerEqualsTheMeter() throws Exception {
        await().atMost(CATCH_UP).untilAsserted(() -> {
            BigDecimal ledger = postgres.sumCost("true");
            assertThat(scrape("gateway_spend_usd_total")).isCloseTo(ledger.doubleValue(), within(1e-9));
        });
    }

    /** A request that must succeed; answers its request id. */
    private String generate(String body) throws Exception {
        Answer answer = send(request("/v1/generate", body));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return requestId(answer);
    }

    private HttpRequest request(String path, String body) {
        return HttpRequest.newBuilder(gateway(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static String requestId(Answer answer) {
        return answer.header("X-Request-Id");
    }

    private static String in(List<String> ids) {
        return "request_id in ('" + String.join("','", ids) + "')";
    }

    /** The sum of a metric's samples in the gateway's Prometheus scrape (0 when it has none). */
    private double scrape(String metric) throws Exception {
        return Arrays.stream(get("/actuator/prometheus").body().split("\n"))
                .filter(line -> line.startsWith(metric + "{") || line.startsWith(metric + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
