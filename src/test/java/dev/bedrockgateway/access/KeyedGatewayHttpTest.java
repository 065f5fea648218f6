package dev.bedrockgateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockgateway.GatewayHttpTest;
import java.net.http.HttpRequest;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** A gateway in mode keys with an admin key, and the admin calls its tests make (they share one context). */
@TestPropertySource(properties = {
        "gateway.auth.mode=keys",
        "gateway.admin.key=" + KeyedGatewayHttpTest.ADMIN_KEY
})
abstract class KeyedGatewayHttpTest extends GatewayHttpTest {

    static final String ADMIN_KEY = "admin-secret-for-tests";

    private static final AtomicInteger TEAMS = new AtomicInteger();

    static final String CHAT = "{\"model\":\"llama3-8b\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    Answer chat(String key) throws Exception {
        return send(HttpRequest.newBuilder(gateway("/v1/chat/completions"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(CHAT)).build());
    }

    /** A new team, with a name no other test uses. */
    String newTeam() throws Exception {
        return newTeam("");
    }

    /** A new team; {@code limits} are more JSON fields of its body (",\"requests_per_minute\":5"), or "". */
    String newTeam(String limits) throws Exception {
        String team = "team-" + TEAMS.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
        admin("POST", "/admin/v1/teams", "{\"name\":\"" + team + "\"" + limits + "}");
        return team;
    }

    /** A new key of a new team; models is a JSON array, or null for every model. */
    String newKey(String models) throws Exception {
        String team = newTeam();
        return admin("POST", "/admin/v1/keys", "{\"name\":\"k\",\"team\":\"" + team + "\""
                + (models == null ? "" : ",\"models\":" + models) + "}").get("key").asString();
    }

    JsonNode adminGet(String path) throws Exception {
        return admin("GET", path, null);
    }

    /** An admin call that must succeed. */
    JsonNode admin(String method, String path, String body) throws Exception {
        Answer answer = adminSend(method, path, body);
        assertThat(answer.status()).as(method + " " + path + ": " + answer.body()).isBetween(200, 201);
        return answer.json();
    }

    Answer adminSend(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway(path))
                .header("Authorization", "Bearer " + ADMIN_KEY)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return send(request.build());
    }
}
