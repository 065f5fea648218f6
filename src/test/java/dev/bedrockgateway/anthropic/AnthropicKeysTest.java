package dev.bedrockgateway.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.errors.PermissionDeniedException;
import com.anthropic.models.messages.MessageCreateParams;
import dev.bedrockgateway.GatewayHttpTest;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Mode keys on the Anthropic API: a gateway key in {@code x-api-key} (Claude Code's ANTHROPIC_API_KEY) or
 * {@code Authorization: Bearer} (ANTHROPIC_AUTH_TOKEN, and anthropic-java 3's own way of sending its key) is taken;
 * a missing or wrong key is Anthropic's 401 authentication_error (anthropic-java 3 raises UnauthorizedException for it), a model the key may not call its 403
 * permission_error (https://docs.anthropic.com/en/api/errors), raised by the SDK as its own exceptions.
 */
@TestPropertySource(properties = {
        // The same settings as access.KeysHttpTest, so both share one application context.
        "gateway.auth.mode=keys",
        "gateway.admin.key=admin-secret-for-tests"
})
class AnthropicKeysTest extends GatewayHttpTest {

    private static final String HELLO = "{\"model\":\"llama3-8b\",\"max_tokens\":20,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    private String llamaOnlyKey() throws Exception {
        String team = "anthropic-" + System.nanoTime();
        assertThat(admin("/admin/v1/teams", "{\"name\":\"" + team + "\"}").status()).isBetween(200, 201);
        Answer key = admin("/admin/v1/keys", "{\"name\":\"claude code\",\"team\":\"" + team
                + "\",\"models\":[\"llama3-*\"]}");
        assertThat(key.status()).as(key.body()).isBetween(200, 201);
        return key.json().get("key").asString();
    }

    private Answer admin(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(gateway(path)).header("Authorization", "Bearer admin-secret-for-tests")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private Answer messages(String header, String value) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway("/v1/messages"))
                .header("Content-Type", "application/json").header("anthropic-version", "2023-06-01")
                .POST(HttpRequest.BodyPublishers.ofString(HELLO));
        if (header != null) {
            request.header(header, value);
        }
        return send(request.build());
    }

    @Test
    void takesTheKeyInEitherHeaderClaudeCodeSends() throws Exception {
        String key = llamaOnlyKey();

        assertThat(messages("x-api-key", key).status()).isEqualTo(200);
        assertThat(messages("Authorization", "Bearer " + key).status()).isEqualTo(200);
        Answer missing = messages(null, null);
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.json().get("error").get("type").asString()).isEqualTo("authentication_error");
    }

    @Test
    void raisesTheSdksAuthenticationAndPermissionExceptions() throws Exception {
        String key = llamaOnlyKey();
        MessageCreateParams claude = MessageCreateParams.builder().model("claude-3-haiku-20240307").maxTokens(20)
                .addUserMessage("Hi").build();

        AnthropicClient wrong = client("gk_not-a-key");
        AnthropicClient llamaOnly = client(key);
        try {
            assertThatThrownBy(() -> wrong.messages().create(claude)).isInstanceOf(UnauthorizedException.class);
            assertThatThrownBy(() -> llamaOnly.messages().create(claude))
                    .isInstanceOf(PermissionDeniedException.class)
                    .hasMessageContaining("may not call model 'claude-3-haiku-20240307'");
            assertThat(llamaOnly.messages().create(claude.toBuilder().model("llama3-8b").build()).content())
                    .isNotEmpty();
        } finally {
            wrong.close();
            llamaOnly.close();
        }
    }

    private AnthropicClient client(String key) {
        return AnthropicOkHttpClient.builder().baseUrl("http://127.0.0.1:" + port).apiKey(key).maxRetries(0).build();
    }
}
