package dev.bedrockgateway.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Mode keys over real HTTP: the admin API makes teams and keys, the model APIs take only a good key, and refuse
 * the rest with 401 invalid_api_key or 403 model_not_allowed, in each API's error shape.
 */
class KeysHttpTest extends KeyedGatewayHttpTest {

    @Test
    void aKeyWorksUntilRotatedOutAfterItsGraceAndRevoked() throws Exception {
        String team = newTeam();
        JsonNode created = admin("POST", "/admin/v1/keys",
                "{\"name\":\"billing app\",\"team\":\"" + team + "\",\"models\":[\"llama3-*\",\"chat\"]}");
        String first = created.get("key").asString();
        String id = created.get("id").asString();
        assertThat(first).startsWith("gk_").hasSizeGreaterThanOrEqualTo(3 + 43);
        assertThat(created.get("prefix").asString()).isEqualTo(first.substring(0, 11));
        assertThat(chat(first).status()).isEqualTo(200);
        assertThat(adminGet("/admin/v1/keys/" + id).has("key")).as("the secret is shown only once").isFalse();

        JsonNode rotated = admin("POST", "/admin/v1/keys/" + id + "/rotate", "{\"grace_seconds\":600}");
        String second = rotated.get("key").asString();
        assertThat(second).isNotEqualTo(first);
        assertThat(chat(second).status()).isEqualTo(200);
        assertThat(chat(first).status()).as("the old secret, in its grace period").isEqualTo(200);

        String third = admin("POST", "/admin/v1/keys/" + id + "/rotate", "").get("key").asString();
        assertThat(chat(third).status()).isEqualTo(200);
        assertThat(chat(second).status()).as("rotated out with no grace").isEqualTo(401);
        assertThat(chat(first).status()).as("two rotations ago").isEqualTo(401);

        JsonNode revoked = admin("DELETE", "/admin/v1/keys/" + id, null);
        assertThat(revoked.get("status").asString()).isEqualTo("revoked");
        Answer refused = chat(third);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().at("/error/code").asString()).isEqualTo("invalid_api_key");
        assertThat(refused.json().at("/error/type").asString()).isEqualTo("authentication_error");
        assertThat(refused.body()).doesNotContain(third);

        JsonNode audit = adminGet("/admin/v1/audit");
        assertThat(audit.get("data").valueStream().filter(entry -> entry.get("target").asString().equals(id))
                .map(entry -> entry.get("action").asString()))
                .containsExactly("key.create", "key.rotate", "key.rotate", "key.revoke");
        assertThat(audit.toString()).doesNotContain(first, second, third);
    }

    @Test
    void aMissingOrUnknownKeyIs401InEachApisShape() throws Exception {
        Answer missing = post("/v1/chat/completions", CHAT);
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.json().at("/error/code").asString()).isEqualTo("invalid_api_key");

        Answer unknown = send(HttpRequest.newBuilder(gateway("/v1/generate"))
                .header("Content-Type", "application/json").header("x-api-key", "gk_not-a-key")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"llama3-8b\",\"prompt\":\"Hi\"}")).build());
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.header("Content-Type")).startsWith("application/problem+json");
        assertThat(unknown.json().get("code").asString()).isEqualTo("invalid_api_key");
        assertThat(unknown.body()).doesNotContain("gk_not-a-key");
    }

    @Test
    void aModelTheKeyDoesNotAllowIs403() throws Exception {
        String key = newKey("[\"llama3-8b\"]");
        assertThat(chat(key).status()).isEqualTo(200);

        Answer other = send(HttpRequest.newBuilder(gateway("/v1/generate"))
                .header("Content-Type", "application/json").header("x-api-key", key)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"mistral-large\",\"prompt\":\"Hi\"}")).build());
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.json().get("code").asString()).isEqualTo("model_not_allowed");
        // Naming no model takes the default route, which the key does not allow either.
        Answer byRoute = send(HttpRequest.newBuilder(gateway("/v1/generate"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"Hi\"}")).build());
        assertThat(byRoute.status()).isEqualTo(403);
    }

    @Test
    void openAiJavaRaisesUnauthorizedAndPermissionDenied() throws Exception {
        String key = newKey("[\"llama3-8b\"]");
        ChatCompletionCreateParams llama = ChatCompletionCreateParams.builder().model("llama3-8b")
                .addUserMessage("Hi").build();
        // openai-java's class for a 401 is UnauthorizedException (openai-python's and openai-node's AuthenticationError).
        OpenAIClient good = client(key);
        OpenAIClient bad = client("gk_wrong");
        try {
            ChatCompletion completion = good.chat().completions().create(llama);
            assertThat(completion.choices()).isNotEmpty();
            assertThatThrownBy(() -> bad.chat().completions().create(llama))
                    .isInstanceOfSatisfying(UnauthorizedException.class,
                            refused -> assertThat(refused.code()).contains("invalid_api_key"));
            assertThatThrownBy(() -> good.chat().completions().create(llama.toBuilder().model("claude-3-haiku")
                    .build()))
                    .isInstanceOfSatisfying(PermissionDeniedException.class,
                            refused -> assertThat(refused.code()).contains("model_not_allowed"));
        } finally {
            good.close();
            bad.close();
        }
    }

    @Test
    void badAdminInputIsRefusedAndWritesNothing() throws Exception {
        int keysBefore = adminGet("/admin/v1/keys").get("data").size();
        int auditBefore = adminGet("/admin/v1/audit").get("data").size();

        Answer unknownField = adminSend("POST", "/admin/v1/keys", "{\"name\":\"x\",\"team\":\"t\",\"rpm\":5}");
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.header("Content-Type")).startsWith("application/problem+json");
        assertThat(unknownField.json().get("detail").asString()).contains("Unknown field 'rpm'");

        Answer unknownTeam = adminSend("POST", "/admin/v1/keys", "{\"name\":\"x\",\"team\":\"no-such-team\"}");
        assertThat(unknownTeam.status()).isEqualTo(404);
        assertThat(unknownTeam.json().get("detail").asString()).contains("no-such-team");

        String team = newTeam();
        assertThat(adminSend("POST", "/admin/v1/teams", "{\"name\":\"" + team + "\"}").status()).isEqualTo(409);
        assertThat(adminSend("POST", "/admin/v1/teams", "{\"name\":\"Bad Name!\"}").status()).isEqualTo(400);
        assertThat(adminSend("POST", "/admin/v1/keys", "{\"name\":\"x\",\"team\":\"" + team
                + "\",\"expires_at\":\"2001-01-01T00:00:00Z\"}").status()).isEqualTo(400);
        assertThat(adminSend("POST", "/admin/v1/keys", "{\"name\":\"x\",\"team\":\"" + team
                + "\",\"models\":\"llama3-8b\"}").status()).isEqualTo(400);
        assertThat(adminSend("POST", "/admin/v1/keys", "not json").status()).isEqualTo(400);

        String id = admin("POST", "/admin/v1/keys", "{\"name\":\"x\",\"team\":\"" + team + "\"}").get("id").asString();
        Answer negative = adminSend("POST", "/admin/v1/keys/" + id + "/rotate", "{\"grace_seconds\":-1}");
        assertThat(negative.status()).isEqualTo(400);
        assertThat(negative.json().get("detail").asString()).contains("grace_seconds");
        assertThat(adminSend("GET", "/admin/v1/keys/key_nope", null).status()).isEqualTo(404);

        assertThat(adminGet("/admin/v1/keys").get("data").size()).as("only the one good key was written")
                .isEqualTo(keysBefore + 1);
        assertThat(adminGet("/admin/v1/audit").get("data").size()).as("the team and the key")
                .isEqualTo(auditBefore + 2);
    }

    @Test
    void theCatalogAndTheRoutesWantAKeyToo() throws Exception {
        for (String path : new String[]{"/v1/models", "/v1/models/llama3-8b", "/v1/routes"}) {
            Answer none = get(path);
            assertThat(none.status()).as(path).isEqualTo(401);
            assertThat(none.body()).as(path).contains("invalid_api_key");
        }
        assertThat(get("/v1/models/llama3-8b").json().at("/error/code").asString()).as("OpenAI's shape")
                .isEqualTo("invalid_api_key");
        String key = newKey("[\"llama3-8b\"]");
        for (String path : new String[]{"/v1/models", "/v1/models/llama3-8b", "/v1/routes"}) {
            Answer keyed = send(HttpRequest.newBuilder(gateway(path)).header("Authorization", "Bearer " + key)
                    .GET().build());
            assertThat(keyed.status()).as(path).isEqualTo(200);
        }
        Answer wrong = send(HttpRequest.newBuilder(gateway("/v1/routes")).header("x-api-key", "gk_wrong").GET()
                .build());
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.header("Content-Type")).startsWith("application/problem+json");
    }

    /**
     * A key sees the models it may call, as OpenAI's model list shows a key the models it can use
     * (https://platform.openai.com/docs/api-reference/models/list: "the currently available models"), and is refused
     * one it may not call as a request to it would be.
     */
    @Test
    void theModelListShowsAKeyTheModelsItMayCall() throws Exception {
        String llamas = newKey("[\"llama3-*\"]");
        JsonNode listed = send(HttpRequest.newBuilder(gateway("/v1/models"))
                .header("Authorization", "Bearer " + llamas).GET().build()).json();
        List<String> ids = new ArrayList<>();
        listed.get("data").forEach(model -> ids.add(model.get("id").asString()));
        assertThat(ids).isNotEmpty().allMatch(id -> id.startsWith("llama3-")).contains("llama3-8b");

        Answer other = send(HttpRequest.newBuilder(gateway("/v1/models/claude-3-haiku"))
                .header("Authorization", "Bearer " + llamas).GET().build());
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.json().at("/error/code").asString()).as("OpenAI's shape").isEqualTo("model_not_allowed");
        assertThat(send(HttpRequest.newBuilder(gateway("/v1/models/llama3-8b"))
                .header("Authorization", "Bearer " + llamas).GET().build()).status()).isEqualTo(200);

        String everything = newKey("[\"*\"]");
        JsonNode all = send(HttpRequest.newBuilder(gateway("/v1/models"))
                .header("Authorization", "Bearer " + everything).GET().build()).json();
        assertThat(all.get("data").size()).as("a key that may call every model sees them all")
                .isGreaterThan(ids.size());
        assertThat(all.toString()).contains("\"claude-3-haiku\"");
    }

    @Test
    void theAdminApiWantsTheAdminKey() throws Exception {
        Answer none = get("/admin/v1/keys");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("Content-Type")).startsWith("application/problem+json");
        Answer wrong = send(HttpRequest.newBuilder(gateway("/admin/v1/keys"))
                .header("Authorization", "Bearer not-the-admin-key").GET().build());
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body()).doesNotContain("not-the-admin-key", ADMIN_KEY);
        assertThat(post("/admin/v1/reload", "").status()).as("the reload too").isEqualTo(401);
        // An API key is not an admin key.
        Answer apiKey = send(HttpRequest.newBuilder(gateway("/admin/v1/keys"))
                .header("Authorization", "Bearer " + newKey(null)).GET().build());
        assertThat(apiKey.status()).isEqualTo(401);
    }

    private OpenAIClient client(String key) {
        return OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + port + "/v1").apiKey(key).maxRetries(0)
                .build();
    }
}
