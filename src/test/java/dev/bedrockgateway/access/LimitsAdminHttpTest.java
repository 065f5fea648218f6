package dev.bedrockgateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Limits and budgets through the admin API over real HTTP: set at creation, changed by PATCH (a JSON merge patch),
 * every change audited with its before and after, and bad input refused with a 400 naming the field while nothing
 * is written.
 */
class LimitsAdminHttpTest extends KeyedGatewayHttpTest {

    @Test
    void keysAndTeamsCarryLimitsThatAPatchChangesAndTheAuditRecords() throws Exception {
        String team = newTeam(",\"requests_per_minute\":100,\"tokens_per_minute\":20000,\"streams_at_once\":3,"
                + "\"daily_budget_usd\":5.5,\"monthly_budget_usd\":100");
        JsonNode shown = adminGet("/admin/v1/teams/" + team);
        assertThat(shown.get("requests_per_minute").asInt()).isEqualTo(100);
        assertThat(shown.get("daily_budget_usd").decimalValue()).isEqualByComparingTo("5.5");

        JsonNode created = admin("POST", "/admin/v1/keys", "{\"name\":\"k\",\"team\":\"" + team + "\","
                + "\"requests_per_minute\":60,\"tokens_per_minute\":6000,"
                + "\"model_limits\":{\"llama3-8b\":{\"requests_per_minute\":5}}}");
        String id = created.get("id").asString();
        assertThat(created.get("requests_per_minute").asInt()).isEqualTo(60);
        assertThat(created.at("/model_limits/llama3-8b/requests_per_minute").asInt()).isEqualTo(5);

        JsonNode patched = admin("PATCH", "/admin/v1/keys/" + id,
                "{\"requests_per_minute\":30,\"tokens_per_minute\":null,\"daily_budget_usd\":1.25,"
                        + "\"model_limits\":{\"chat\":{\"tokens_per_minute\":100}}}");
        assertThat(patched.get("requests_per_minute").asInt()).isEqualTo(30);
        assertThat(patched.has("tokens_per_minute")).as("null removes a limit").isFalse();
        assertThat(patched.get("daily_budget_usd").decimalValue()).isEqualByComparingTo("1.25");
        assertThat(patched.at("/model_limits/llama3-8b/requests_per_minute").asInt()).as("merged, not replaced")
                .isEqualTo(5);
        assertThat(patched.at("/model_limits/chat/tokens_per_minute").asInt()).isEqualTo(100);
        assertThat(patched.get("name").asString()).as("a field left out stays").isEqualTo("k");
        assertThat(adminGet("/admin/v1/keys/" + id).get("requests_per_minute").asInt()).isEqualTo(30);

        JsonNode teamPatched = admin("PATCH", "/admin/v1/teams/" + team,
                "{\"streams_at_once\":null,\"tokens_per_minute\":2000}");
        assertThat(teamPatched.has("streams_at_once")).isFalse();
        assertThat(teamPatched.get("tokens_per_minute").asInt()).isEqualTo(2000);
        assertThat(teamPatched.get("requests_per_minute").asInt()).isEqualTo(100);

        List<JsonNode> audit = adminGet("/admin/v1/audit").get("data").valueStream()
                .filter(entry -> entry.get("target").asString().equals(id) || entry.get("target").asString()
                        .equals(team))
                .toList();
        assertThat(audit).extracting(entry -> entry.get("action").asString())
                .containsExactly("team.create", "key.create", "key.update", "team.update");
        JsonNode keyUpdate = audit.get(2);
        assertThat(keyUpdate.at("/before/limits/requests_per_minute").asInt()).isEqualTo(60);
        assertThat(keyUpdate.at("/after/limits/requests_per_minute").asInt()).isEqualTo(30);
        assertThat(keyUpdate.at("/after/limits/tokens_per_minute").isNull()).isTrue();
        assertThat(audit.get(3).at("/before/limits/streams_at_once").asInt()).isEqualTo(3);
    }

    @Test
    void badLimitsAreRefusedNamingTheFieldAndWriteNothing() throws Exception {
        String team = newTeam();
        String id = admin("POST", "/admin/v1/keys", "{\"name\":\"k\",\"team\":\"" + team
                + "\",\"requests_per_minute\":10}").get("id").asString();
        int keysBefore = adminGet("/admin/v1/keys").get("data").size();
        int auditBefore = adminGet("/admin/v1/audit").get("data").size();
        String keyBody = "{\"name\":\"x\",\"team\":\"" + team + "\",";

        refused("POST", "/admin/v1/keys", keyBody + "\"requests_per_minute\":-1}", 400, "requests_per_minute");
        refused("POST", "/admin/v1/keys", keyBody + "\"tokens_per_minute\":0}", 400, "tokens_per_minute");
        refused("POST", "/admin/v1/keys", keyBody + "\"streams_at_once\":\"ten\"}", 400, "streams_at_once");
        refused("POST", "/admin/v1/keys", keyBody + "\"requests_per_minute\":1.5}", 400, "requests_per_minute");
        refused("POST", "/admin/v1/keys", keyBody + "\"requests_per_minute\":\"10\"}", 400, "requests_per_minute");
        refused("POST", "/admin/v1/keys", keyBody + "\"daily_budget_usd\":-0.01}", 400, "daily_budget_usd");
        refused("POST", "/admin/v1/keys", keyBody + "\"model_limits\":{\"chat\":{\"rpm\":1}}}", 400,
                "model_limits.chat.rpm");
        refused("POST", "/admin/v1/keys", keyBody + "\"model_limits\":{\"chat\":{\"requests_per_minute\":0}}}",
                400, "model_limits.chat.requests_per_minute");
        refused("POST", "/admin/v1/teams", "{\"name\":\"t-" + System.nanoTime() + "\",\"monthly_budget_usd\":0}",
                400, "monthly_budget_usd");
        refused("POST", "/admin/v1/teams", "{\"name\":\"t-" + System.nanoTime() + "\",\"rpm\":5}", 400, "rpm");

        refused("PATCH", "/admin/v1/keys/" + id, "{\"requests_per_minute\":0}", 400, "requests_per_minute");
        refused("PATCH", "/admin/v1/keys/" + id, "{\"requests_per_minute\":5,\"colour\":\"red\"}", 400, "colour");
        refused("PATCH", "/admin/v1/keys/" + id, "{\"team\":\"" + newTeam() + "\"}", 400, "team");
        refused("PATCH", "/admin/v1/keys/" + id, "{\"expires_at\":\"2001-01-01T00:00:00Z\"}", 400, "expires_at");
        refused("PATCH", "/admin/v1/keys/" + id, "[1]", 400, "JSON object");
        refused("PATCH", "/admin/v1/keys/key_nope", "{\"requests_per_minute\":5}", 404, "key_nope");
        refused("PATCH", "/admin/v1/teams/" + team, "{\"name\":\"renamed\"}", 400, "renamed");
        refused("PATCH", "/admin/v1/teams/" + team, "{\"daily_budget_usd\":-3}", 400, "daily_budget_usd");
        refused("PATCH", "/admin/v1/teams/no-such-team", "{\"requests_per_minute\":5}", 404, "no-such-team");
        refused("DELETE", "/admin/v1/teams/no-such-team", null, 404, "no-such-team");
        Answer wrongAdmin = send(HttpRequest.newBuilder(gateway("/admin/v1/keys/" + id))
                .header("Authorization", "Bearer not-the-admin-key").header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"requests_per_minute\":5}")).build());
        assertThat(wrongAdmin.status()).isEqualTo(401);

        assertThat(adminGet("/admin/v1/keys/" + id).get("requests_per_minute").asInt()).as("unchanged")
                .isEqualTo(10);
        assertThat(adminGet("/admin/v1/keys").get("data").size()).isEqualTo(keysBefore);
        assertThat(adminGet("/admin/v1/audit").get("data").size()).as("one team made for the move; nothing else")
                .isEqualTo(auditBefore + 1);
    }

    @Test
    void aTeamGoesOnlyOnceNoneOfItsKeysWorks() throws Exception {
        String team = newTeam();
        String id = admin("POST", "/admin/v1/keys", "{\"name\":\"k\",\"team\":\"" + team + "\"}").get("id")
                .asString();
        Answer refused = adminSend("DELETE", "/admin/v1/teams/" + team, null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").asString()).contains(id);
        assertThat(adminGet("/admin/v1/teams/" + team).get("name").asString()).isEqualTo(team);

        admin("DELETE", "/admin/v1/keys/" + id, null);
        assertThat(admin("DELETE", "/admin/v1/teams/" + team, null).get("name").asString()).isEqualTo(team);
        assertThat(adminSend("GET", "/admin/v1/teams/" + team, null).status()).isEqualTo(404);
        assertThat(adminSend("GET", "/admin/v1/keys/" + id, null).status()).as("its dead key went with it")
                .isEqualTo(404);
        List<String> actions = adminGet("/admin/v1/audit").get("data").valueStream()
                .filter(entry -> List.of(id, team).contains(entry.get("target").asString()))
                .map(entry -> entry.get("action").asString()).toList();
        assertThat(actions).containsExactly("team.create", "key.create", "key.revoke", "key.delete", "team.delete");
    }

    /** An admin call that must be refused with {@code status}, in problem+json, its detail naming {@code named}. */
    private void refused(String method, String path, String body, int status, String named) throws Exception {
        Answer answer = adminSend(method, path, body);
        assertThat(answer.status()).as(method + " " + path + " " + body + ": " + answer.body()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.json().get("detail").asString()).as(body).contains(named);
    }
}
