package dev.bedrockgateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bedrockgateway.openai.ChatCompletionRequest;
import dev.bedrockgateway.core.GatewayException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** How a request body is read: what a refusal says and which field it names. */
class ApiJsonTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            null                | null                                       | The request body must be a JSON object, got null      |
            a list              | []                                         | The request body must be a JSON object, got a list    |
            a string            | "x"                                        | The request body must be a JSON object, got a string  |
            a number            | 1                                          | The request body must be a JSON object, got a number  |
            true                | true                                       | The request body must be a JSON object, got true      |
            blank               | `  `                                       | The request body is empty; send a JSON object         |
            wrong type          | {"max_tokens":"many"}                      | Field 'max_tokens' must be an integer, got a string   | max_tokens
            list for a string   | {"model":["a"]}                            | Field 'model' must be a string, got a list            | model
            string for a list   | {"messages":"Hi"}                          | Field 'messages' must be a list, got a string         | messages
            nested              | {"messages":[{"role":1}]}                  | Field 'messages[0].role' must be a string, got an integer | messages[0].role
            object for a bool   | {"stream":{}}                              | Field 'stream' must be true or false, got an object   | stream
            decimal for an int  | {"n":1.5}                                  | Field 'n' must be an integer, got a decimal number    | n
            int out of range    | {"max_tokens":99999999999999}              | Field 'max_tokens' is out of range: it must be an integer from -2147483648 to 2147483647 | max_tokens
            long out of range   | {"seed":99999999999999999999}              | Field 'seed' is out of range: it must be an integer from -9223372036854775808 to 9223372036854775807 | seed
            unknown field       | {"max_token":5}                            | Unknown field 'max_token'                             | max_token
            unknown nested      | {"messages":[{"role":"user","colour":1}]}  | Unknown field 'messages[0].colour'                    | messages[0].colour
            """)
    void refusesNamingTheFieldTheTypeExpectedAndTheTypeGiven(String name, String body, String detail, String param) {
        assertThatThrownBy(() -> ApiJson.read(body.getBytes(StandardCharsets.UTF_8), ChatCompletionRequest.class))
                .isInstanceOfSatisfying(GatewayException.class, failure -> {
                    assertThat(failure.detail()).isEqualTo(detail);
                    assertThat(failure.param()).isEqualTo(param);
                });
    }

    @Test
    void skipsAndListsUnknownFieldsWhenAskedTo() {
        ApiJson.Lenient<ChatCompletionRequest> read = ApiJson.readIgnoringUnknown("""
                {"model":"llama3-8b","future_option":{"deep":[1,2]},"max_tokens":5,
                 "messages":[{"role":"user","content":"Hi","cache_control":{"type":"ephemeral"}}],"other":null}"""
                .getBytes(StandardCharsets.UTF_8), ChatCompletionRequest.class);

        assertThat(read.ignored()).containsExactlyInAnyOrder("future_option", "messages[0].cache_control", "other");
        assertThat(read.value().maxTokens()).isEqualTo(5);
        assertThat(read.value().messages()).hasSize(1);
        assertThat(read.value().messages().get(0).content().asString()).isEqualTo("Hi");
    }

    @Test
    void staysStrictAboutTypesWhenIgnoringUnknownFields() {
        assertThatThrownBy(() -> ApiJson.readIgnoringUnknown("{\"extra\":1,\"max_tokens\":\"5\"}"
                .getBytes(StandardCharsets.UTF_8), ChatCompletionRequest.class))
                .isInstanceOfSatisfying(GatewayException.class,
                        failure -> assertThat(failure.param()).isEqualTo("max_tokens"));
    }

    @Test
    void readsAKnownBodyWithNothingIgnored() {
        ApiJson.Lenient<ChatCompletionRequest> read = ApiJson.readIgnoringUnknown(
                "{\"model\":\"m\"}".getBytes(StandardCharsets.UTF_8), ChatCompletionRequest.class);

        assertThat(read.ignored()).isEmpty();
    }
}
