package dev.bedrockgateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockgateway.EachProtocolHttpTest;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The gateway over real HTTP (HTTP/1.1 and h2c) → the real AWS SDK → the emulator, for every family. */
class GenerateEndToEndTest extends EachProtocolHttpTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "meta.llama3-70b-instruct-v1:0, llama3-70b, meta",
            "mistral.mistral-large-2402-v1:0, mistral-large, mistral",
            "cohere.command-r-plus-v1:0, command-r-plus, cohere",
            "anthropic.claude-3-sonnet-20240229-v1:0, claude-3-sonnet, anthropic",
            "amazon.titan-text-express-v1, titan-text-express, amazon",
    })
    void answersTextFromEveryFamily(String modelId, String alias, String provider) throws Exception {
        Answer answer = post("/v1/generate", "{\"model\":\"" + modelId + "\",\"prompt\":\"Hello there\"}");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode json = answer.json();
        assertThat(json.get("id").asString()).startsWith("gen_");
        assertThat(json.get("model").asString()).isEqualTo(modelId);
        assertThat(json.get("alias").asString()).isEqualTo(alias);
        assertThat(json.get("provider").asString()).isEqualTo(provider);
        assertThat(json.at("/output/text").asString()).contains("Hello there");
        assertThat(json.get("finish_reason").asString()).isIn("stop", "length");
        assertThat(json.at("/usage/input_tokens").asInt()).isPositive();
        assertThat(json.at("/usage/output_tokens").asInt()).isPositive();
        assertThat(json.at("/usage/total_tokens").asInt())
                .isEqualTo(json.at("/usage/input_tokens").asInt() + json.at("/usage/output_tokens").asInt());
        assertThat(json.get("cost_usd").decimalValue()).isPositive();
        assertThat(json.at("/route/name").asString()).isEqualTo("direct");
        assertThat(json.at("/route/attempts/0/outcome").asString()).isEqualTo("ok");
        assertThat(answer.header("X-Gateway-Model")).isEqualTo(alias);
        assertThat(answer.header("X-Gateway-Route")).isEqualTo("direct");
        assertThat(answer.header("X-Gateway-Backend")).isEqualTo("emulator");
        assertThat(Double.parseDouble(answer.header("X-Gateway-Overhead-Ms"))).isNotNegative();
        assertThat(answer.header("X-Request-Id")).isNotBlank();
    }

    @Test
    void makesAnImageWithSdxl() throws Exception {
        Answer answer = post("/v1/generate", """
                {"model":"stability.stable-diffusion-xl-v1","task":"image","prompt":"a lighthouse at dusk",
                 "image":{"width":1152,"height":896,"seed":42,"steps":30,"negative_prompt":"fog",
                          "style_preset":"photographic"}}""");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode json = answer.json();
        assertThat(json.get("provider").asString()).isEqualTo("stability");
        assertThat(json.at("/output/images")).hasSize(1);
        assertThat(json.at("/output/images/0/seed").asLong()).isEqualTo(42);
        byte[] png = Base64.getDecoder().decode(json.at("/output/images/0/base64").asString());
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(1152);
        assertThat(image.getHeight()).isEqualTo(896);
        assertThat(json.get("cost_usd").decimalValue()).isEqualByComparingTo("0.04");
    }

    @Test
    void sendsImagesToAVisionModel() throws Exception {
        String png = Base64.getEncoder().encodeToString(onePixelPng());
        Answer answer = post("/v1/generate", """
                {"model":"claude-3-haiku","system":"Be brief.","messages":[{"role":"user","content":[
                  {"type":"text","text":"What is in this picture?"},
                  {"type":"image","media_type":"image/png","data":"%s"}]}]}""".formatted(png));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().at("/output/text").asString()).contains("What is in this picture?");
    }

    @Test
    void carriesAMultiTurnConversationWithASystemPrompt() throws Exception {
        for (String model : new String[] {"llama3-8b", "mistral-large", "command-r", "claude-3-haiku",
                "titan-text-express"}) {
            Answer answer = post("/v1/generate", """
                    {"model":"%s","system":"You are terse.","messages":[
                      {"role":"user","content":"First question"},
                      {"role":"assistant","content":"First answer"},
                      {"role":"user","content":"Second question"}],
                     "parameters":{"max_tokens":200,"temperature":0.2,"top_p":0.9}}""".formatted(model));

            assertThat(answer.status()).as(model + ": " + answer.body()).isEqualTo(200);
            assertThat(answer.json().at("/output/text").asString()).as(model).contains("Second question");
        }
    }

    @Test
    void usesTheDefaultRouteWhenNoModelIsNamed() throws Exception {
        Answer answer = post("/v1/generate", "{\"prompt\":\"Hello\"}");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().at("/route/name").asString()).isEqualTo("chat");
        assertThat(answer.json().get("alias").asString()).isEqualTo("claude-3-sonnet");
    }

    @Test
    void acceptsAnInferenceProfileIdOfACatalogModel() throws Exception {
        Answer answer = post("/v1/generate",
                "{\"model\":\"us.anthropic.claude-3-sonnet-20240229-v1:0\",\"prompt\":\"Hi\"}");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("model").asString()).isEqualTo("us.anthropic.claude-3-sonnet-20240229-v1:0");
        assertThat(answer.json().get("alias").asString()).isEqualTo("claude-3-sonnet");
    }

    @Test
    void echoesTheCallersRequestId() throws Exception {
        Answer answer = send(java.net.http.HttpRequest.newBuilder(gateway("/v1/generate"))
                .header("Content-Type", "application/json").header("X-Request-Id", "trace-123")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"prompt\":\"Hi\"}")).build());

        assertThat(answer.header("X-Request-Id")).isEqualTo("trace-123");
    }

    @Test
    void listsTheCatalogInOpenAiShape() throws Exception {
        Answer answer = get("/v1/models");

        assertThat(answer.status()).isEqualTo(200);
        JsonNode json = answer.json();
        assertThat(json.get("object").asString()).isEqualTo("list");
        assertThat(json.get("backend").asString()).isEqualTo("emulator");
        assertThat(json.get("data").findValuesAsString("id"))
                .contains("llama3-70b", "mistral-large", "command-r-plus", "claude-3-sonnet", "sdxl", "titan-text-express");
        JsonNode sonnet = get("/v1/models/claude-3-sonnet").json();
        assertThat(sonnet.get("object").asString()).isEqualTo("model");
        assertThat(sonnet.get("owned_by").asString()).isEqualTo("anthropic");
        assertThat(sonnet.get("context_window").asInt()).isEqualTo(200000);
        assertThat(sonnet.at("/modalities/input").toString()).contains("image");
    }

    private static byte[] onePixelPng() throws Exception {
        BufferedImage image = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        var out = new java.io.ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
