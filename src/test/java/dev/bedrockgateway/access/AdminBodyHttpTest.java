package dev.bedrockgateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

/**
 * What the admin API takes as a body, over real HTTP, as found by probing the packaged jar with curl: only JSON
 * (a body sent as text/plain is not read as JSON), and a JSON object naming a field once (a field named twice would
 * otherwise silently keep the last value). Either refusal writes nothing.
 */
class AdminBodyHttpTest extends KeyedGatewayHttpTest {

    @Test
    void aBodyThatIsNotSentAsJsonIsRefusedWith415AndWritesNothing() throws Exception {
        String team = newTeam();
        String id = admin("POST", "/admin/v1/keys", "{\"name\":\"k\",\"team\":\"" + team + "\"}").get("id")
                .asString();
        int keysBefore = adminGet("/admin/v1/keys").get("data").size();

        assertThat(sendAs("POST", "/admin/v1/keys", "text/plain", "{\"name\":\"plain\",\"team\":\"" + team + "\"}")
                .status()).isEqualTo(415);
        assertThat(sendAs("PATCH", "/admin/v1/keys/" + id, "text/plain", "{\"requests_per_minute\":5}").status())
                .isEqualTo(415);
        assertThat(sendAs("POST", "/admin/v1/teams", "text/plain", "{\"name\":\"" + team + "-x\"}").status())
                .isEqualTo(415);

        assertThat(adminGet("/admin/v1/keys").get("data").size()).isEqualTo(keysBefore);
        assertThat(adminGet("/admin/v1/keys/" + id).has("requests_per_minute")).isFalse();
        assertThat(adminSend("GET", "/admin/v1/teams/" + team + "-x", null).status()).isEqualTo(404);
        assertThat(sendAs("PATCH", "/admin/v1/keys/" + id, "application/merge-patch+json",
                "{\"requests_per_minute\":5}").status()).as("RFC 7396's own media type").isEqualTo(200);
        assertThat(sendAs("POST", "/admin/v1/keys/" + id + "/rotate", null, null).status())
                .as("a rotate needs no body").isEqualTo(200);
    }

    @Test
    void aFieldNamedTwiceIsRefusedNamingItAndWritesNothing() throws Exception {
        String team = newTeam();
        int keysBefore = adminGet("/admin/v1/keys").get("data").size();

        Answer twice = adminSend("POST", "/admin/v1/keys",
                "{\"name\":\"a\",\"team\":\"" + team + "\",\"name\":\"b\"}");

        assertThat(twice.status()).as(twice.body()).isEqualTo(400);
        assertThat(twice.json().get("detail").asString()).contains("name");
        assertThat(adminGet("/admin/v1/keys").get("data").size()).isEqualTo(keysBefore);
    }

    private Answer sendAs(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway(path))
                .header("Authorization", "Bearer " + ADMIN_KEY)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request.build());
    }
}
