package dev.bedrockgateway.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.core.JsonValue;
import com.openai.core.http.HttpResponseFor;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.bedrockgateway.telemetry.NonDefaultSettings;
import org.junit.jupiter.api.Test;

/**
 * With {@code gateway.openai.unknown-fields: ignore}, a field the gateway does not know is skipped instead of refused
 * (clients keep working when OpenAI adds one), and the answer says which were skipped.
 */
@NonDefaultSettings
class OpenAiUnknownFieldsIgnoredTest extends OpenAiClientTest {

    private static final String IGNORED = OpenAiSettings.IGNORED_FIELDS_HEADER;

    @Test
    void answersAChatWithUnknownFieldsAndListsThem() throws Exception {
        Answer answer = post("/v1/chat/completions", """
                {"model":"llama3-8b","messages":[{"role":"user","content":"Hi","cache_control":{"type":"x"}}],
                 "future_option":{"level":2},"max_tokens":20}""");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.header(IGNORED)).isEqualTo("messages[0].cache_control,future_option");
        assertThat(answer.json().at("/choices/0/message/content").asString()).isNotBlank();
    }

    @Test
    void ignoresUnknownFieldsInsidePartsAndTools() throws Exception {
        Answer answer = post("/v1/chat/completions", """
                {"model":"claude-3-haiku","messages":[{"role":"user","content":[{"type":"text","text":"Weather?",
                  "cache_control":{"type":"ephemeral"}}]}],
                 "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"},
                  "examples":[]},"scope":"x"}]}""");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.header(IGNORED)).isEqualTo("tools[0].scope,tools[0].function.examples,"
                + "messages[0].content[0].cache_control");
    }

    @Test
    void listsNothingWhenEveryFieldIsKnown() throws Exception {
        Answer answer = post("/v1/chat/completions", "{\"model\":\"llama3-8b\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hi\"}]}");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.header(IGNORED)).isNull();
    }

    @Test
    void listsTheIgnoredFieldsOnARefusalToo() throws Exception {
        Answer answer = post("/v1/chat/completions", "{\"model\":\"llama3-8b\",\"future_option\":1,\"messages\":[]}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.header(IGNORED)).isEqualTo("future_option");
        assertThat(answer.json().at("/error/param").asString()).isEqualTo("messages");
    }

    @Test
    void ignoresUnknownFieldsOnEmbeddingsAndImages() throws Exception {
        Answer embeddings = post("/v1/embeddings", "{\"model\":\"titan-embed-text-v2\",\"input\":\"hi\",\"new\":1}");
        Answer images = post("/v1/images/generations", "{\"prompt\":\"a kite\",\"background\":\"auto\",\"new\":1}");

        assertThat(embeddings.status()).as(embeddings.body()).isEqualTo(200);
        assertThat(embeddings.header(IGNORED)).isEqualTo("new");
        assertThat(images.status()).as(images.body()).isEqualTo(200);
        assertThat(images.header(IGNORED)).isEqualTo("background,new");
    }

    @Test
    void letsAnSdkSendAFieldTheGatewayDoesNotKnow() {
        HttpResponseFor<ChatCompletion> response = client.chat().completions().withRawResponse().create(
                ChatCompletionCreateParams.builder().model("llama3-8b").addUserMessage("Hi")
                        .putAdditionalBodyProperty("field_added_next_year", JsonValue.from(true)).build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().values(IGNORED)).containsExactly("field_added_next_year");
        assertThat(response.parse().choices()).hasSize(1);
    }
}
