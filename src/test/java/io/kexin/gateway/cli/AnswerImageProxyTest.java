package io.kexin.gateway.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.kexin.gateway.document.TestImages;
import io.kexin.gateway.policy.PolicyLoader;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives images that answers carry through a gateway on real sockets, OCR on, WireMock as the LLM API: a generated
 * image (Responses {@code image_generation_call}, a chat message's {@code images}, an Anthropic image block) with a key,
 * a Chinese ID or a phone number drawn in it never reaches the client, whole or streamed (partial images included):
 * the whole answer is refused in the provider's error form, the stream ends with its error event. Text streamed
 * before such an image reaches the client as it was sent, and a clean image passes byte for byte. With OCR off an
 * answer's image passes, counted as uninspected.
 */
class AnswerImageProxyTest {
  @RegisterExtension
  static WireMockExtension upstream = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String AWS = "AKIAZ7Q3M4XK2P5RT5WB";
  private static final String CN_ID = "11010519491231002X";
  private static final String OCR = "limits:\n  images: {ocr: true}\n";
  @TempDir
  Path dir;

  /** Starts a gateway whose one policy blocks an AWS key in answers (the shipped pack guards keys in requests). */
  private TestGateway keyGuard(String provider, String extraYaml) throws Exception {
    Files.writeString(dir.resolve("p.yaml"), """
        apiVersion: kexin.io/v1
        kind: Policy
        metadata: {name: answer-keys}
        rules:
          - id: answer.aws-access-key
            detector:
              secret: {pattern: '\\b(AKIA[A-Z2-7]{16})\\b', keywords: ["AKIA"], secretGroup: 1}
            appliesTo: {directions: [response]}
            action: block
        """);
    return new TestGateway(TestGateway.config(provider, upstream.baseUrl(), extraYaml, "[answer-keys]"),
        new PolicyLoader().load(dir));
  }

  private static String b64(byte[] png) {
    return Base64.getEncoder().encodeToString(png);
  }

  private void answer(String path, String body) {
    upstream.stubFor(post(path).willReturn(aResponse().withStatus(200).withHeader("content-type", "application/json")
        .withBody(body)));
  }

  private void stream(String path, String events) {
    upstream.stubFor(post(path).willReturn(aResponse().withStatus(200)
        .withHeader("content-type", "text/event-stream").withBody(events)));
  }

  private static String responsesImage(String result) {
    return """
        {"id":"resp_1","object":"response","created_at":1,"status":"completed","model":"gpt-4o","output":[\
        {"id":"msg_1","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text",\
        "text":"Here is the picture.","annotations":[]}]},\
        {"id":"ig_1","type":"image_generation_call","status":"completed","output_format":"png",\
        "revised_prompt":"a note","result":"%s"}]}""".formatted(result);
  }

  private static String chatImages(String dataUrl) {
    return """
        {"id":"c1","object":"chat.completion","created":1,"model":"gemini-image","choices":[{"index":0,"message":\
        {"role":"assistant","content":"Here is the picture.","images":[{"type":"image_url","image_url":\
        {"url":"%s"}}]},"finish_reason":"stop"}]}""".formatted(dataUrl);
  }

  private static final String RESPONSES_ASK = """
      {"model":"gpt-4o","input":"draw a note","tools":[{"type":"image_generation"}]}""";
  private static final String CHAT_ASK = """
      {"model":"gemini-image","messages":[{"role":"user","content":"draw a note"}]}""";

  @Test
  void aKeyDrawnInAGeneratedImageNeverReachesTheClientInResponsesOrChat() throws Exception {
    TestImages.requireOcr();
    String image = b64(TestImages.png("Deploy notes", "aws_access_key_id = " + AWS));
    try (TestGateway gateway = keyGuard("openai", OCR)) {
      answer("/v1/responses", responsesImage(image));
      HttpResponse<String> r = gateway.post("/v1/responses", RESPONSES_ASK, "authorization",
          "Bearer " + TestGateway.CLIENT_KEY);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
      assertThat(r.body()).startsWith("{\"error\"").contains("answer.aws-access-key").doesNotContain(image)
          .doesNotContain("Here is the picture");

      answer("/v1/chat/completions", chatImages("data:image/png;base64," + image));
      r = gateway.post("/v1/chat/completions", CHAT_ASK, "authorization", "Bearer " + TestGateway.CLIENT_KEY);
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).startsWith("{\"error\"").contains("answer.aws-access-key").doesNotContain(image);
    }
  }

  @Test
  void aChineseIdDrawnInAGeneratedImageIsRefusedWithTheShippedPackWhileACleanOnePassesByteForByte()
      throws Exception {
    TestImages.requireOcr();
    String id = b64(TestImages.png("员工档案：张伟，身份证号" + CN_ID));
    String clean = b64(TestImages.png("季度收入增长了百分之四。", "Quarterly revenue grew by four percent."));
    try (TestGateway gateway = TestGateway.withShippedPolicy("openai", upstream.baseUrl(), OCR)) {
      answer("/v1/responses", responsesImage(id));
      HttpResponse<String> r = gateway.post("/v1/responses", RESPONSES_ASK, "authorization",
          "Bearer " + TestGateway.CLIENT_KEY);
      // the pack masks an ID in answers; an image cannot be masked, so it is refused
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).contains("the text drawn in an image").doesNotContain(CN_ID).doesNotContain(id);

      answer("/v1/responses", responsesImage(clean));
      r = gateway.post("/v1/responses", RESPONSES_ASK, "authorization", "Bearer " + TestGateway.CLIENT_KEY);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(JSON.readTree(r.body()).at("/output/1/result").asText()).isEqualTo(clean);
    }
  }

  @Test
  void anIdDrawnInAnAnthropicAnswersImageBlockIsRefusedInAnthropicsForm() throws Exception {
    TestImages.requireOcr();
    String png = b64(TestImages.png("张伟的身份证号是 " + CN_ID + "。"));
    answer("/v1/messages", """
        {"id":"msg_1","type":"message","role":"assistant","model":"claude","content":[{"type":"text","text":"好的"},\
        {"type":"image","source":{"type":"base64","media_type":"image/png","data":"%s"}}],\
        "stop_reason":"end_turn","usage":{"input_tokens":3,"output_tokens":5}}""".formatted(png));
    try (TestGateway gateway = TestGateway.withShippedPolicy("anthropic", upstream.baseUrl(), OCR)) {
      HttpResponse<String> r = gateway.post("/v1/messages", """
          {"model":"claude","max_tokens":10,"messages":[{"role":"user","content":"画一张便条"}]}""", "x-api-key",
          TestGateway.CLIENT_KEY);

      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).startsWith("{\"type\":\"error\"").doesNotContain(CN_ID).doesNotContain(png);
    }
  }

  @Test
  void theImagesEndpointsAreNotServedSoTheirB64AnswersNeverPassUnread() throws Exception {
    answer("/v1/images/generations", "{\"created\":1,\"data\":[{\"b64_json\":\"" + b64(new byte[300]) + "\"}]}");
    answer("/v1/images/edits", "{\"created\":1,\"data\":[{\"b64_json\":\"" + b64(new byte[300]) + "\"}]}");
    try (TestGateway gateway = TestGateway.withShippedPolicy("openai", upstream.baseUrl(), OCR)) {
      for (String path : new String[] {"/v1/images/generations", "/v1/images/edits"}) {
        HttpResponse<String> r = gateway.post(path, "{\"model\":\"gpt-image-1\",\"prompt\":\"画一张便条 a note\"}",
            "authorization", "Bearer " + TestGateway.CLIENT_KEY);
        assertThat(r.statusCode()).as(path).isEqualTo(404);
        assertThat(r.body()).startsWith("{\"error\"").doesNotContain("b64_json");
      }
      assertThat(upstream.getAllServeEvents()).isEmpty();
    }
  }

  @Test
  void withOcrOffAnAnswersImagePassesAndIsCountedAsUninspected() throws Exception {
    String image = b64(TestImages.png("aws_access_key_id = " + AWS));
    answer("/v1/responses", responsesImage(image));
    try (TestGateway gateway = keyGuard("openai", "")) {
      HttpResponse<String> r = gateway.post("/v1/responses", RESPONSES_ASK, "authorization",
          "Bearer " + TestGateway.CLIENT_KEY);

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains(image);
      assertThat(gateway.metricsShowing("kexin_uninspected_total{direction=\"response\""))
          .contains("kexin_uninspected_total{direction=\"response\",refused=\"false\",route=\"main\"} 1.0");
    }
  }

  private static final String TEXT = "Here is the picture you asked for, drawn as a note on a white card.";

  /** Returns a Responses stream: a message streamed in two deltas, then an image generation with partial images. */
  private static String responsesStream(String partial, String result) {
    List<String> events = new ArrayList<>();
    events.add("{\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\",\"object\":\"response\","
        + "\"status\":\"in_progress\",\"model\":\"gpt-4o\",\"output\":[]}}");
    events.add("{\"type\":\"response.output_item.added\",\"output_index\":0,\"item\":{\"id\":\"msg_1\","
        + "\"type\":\"message\",\"status\":\"in_progress\",\"role\":\"assistant\",\"content\":[]}}");
    events.add("{\"type\":\"response.output_text.delta\",\"item_id\":\"msg_1\",\"output_index\":0,"
        + "\"content_index\":0,\"delta\":\"Here is the picture you asked for, \"}");
    events.add("{\"type\":\"response.output_text.delta\",\"item_id\":\"msg_1\",\"output_index\":0,"
        + "\"content_index\":0,\"delta\":\"drawn as a note on a white card.\"}");
    events.add("{\"type\":\"response.output_text.done\",\"item_id\":\"msg_1\",\"output_index\":0,"
        + "\"content_index\":0,\"text\":\"" + TEXT + "\"}");
    String message = "{\"id\":\"msg_1\",\"type\":\"message\",\"status\":\"completed\",\"role\":\"assistant\","
        + "\"content\":[{\"type\":\"output_text\",\"text\":\"" + TEXT + "\",\"annotations\":[]}]}";
    events.add("{\"type\":\"response.output_item.done\",\"output_index\":0,\"item\":" + message + "}");
    events.add("{\"type\":\"response.output_item.added\",\"output_index\":1,\"item\":{\"id\":\"ig_1\","
        + "\"type\":\"image_generation_call\",\"status\":\"in_progress\"}}");
    events.add("{\"type\":\"response.image_generation_call.partial_image\",\"output_index\":1,\"item_id\":\"ig_1\","
        + "\"partial_image_index\":0,\"partial_image_b64\":\"" + partial + "\"}");
    String image = "{\"id\":\"ig_1\",\"type\":\"image_generation_call\",\"status\":\"completed\","
        + "\"output_format\":\"png\",\"result\":\"" + result + "\"}";
    events.add("{\"type\":\"response.output_item.done\",\"output_index\":1,\"item\":" + image + "}");
    events.add("{\"type\":\"response.completed\",\"response\":{\"id\":\"resp_1\",\"object\":\"response\","
        + "\"status\":\"completed\",\"model\":\"gpt-4o\",\"output\":[" + message + "," + image + "]}}");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < events.size(); i++) {
      String data = events.get(i).replaceFirst("^\\{", "{\"sequence_number\":" + i + ",");
      sb.append("event: ").append(data.replaceAll(".*?\"type\":\"([^\"]+)\".*", "$1")).append('\n')
          .append("data: ").append(data).append("\n\n");
    }
    return sb.toString();
  }

  @Test
  void aKeyInAStreamedPartialImageEndsTheStreamAfterTheTextStreamedBeforeIt() throws Exception {
    TestImages.requireOcr();
    String key = b64(TestImages.png("aws_access_key_id = " + AWS));
    String clean = b64(TestImages.png("A note with nothing in it."));
    stream("/v1/responses", responsesStream(key, clean));
    try (TestGateway gateway = keyGuard("openai", OCR)) {
      HttpResponse<String> r = gateway.post("/v1/responses", RESPONSES_ASK.replace("}]}", "}],\"stream\":true}"),
          "authorization", "Bearer " + TestGateway.CLIENT_KEY);

      List<JsonNode> events = ResponsesStreamSplitProxyTest.events(r.body());
      StringBuilder text = new StringBuilder();
      events.stream().filter(e -> e.path("type").asText().equals("response.output_text.delta"))
          .forEach(e -> text.append(e.path("delta").asText()));
      // the text streamed before the image reached the client, but for what the hold-back window still held
      assertThat(text.length()).isGreaterThan(20);
      assertThat(TEXT).startsWith(text.toString());
      assertThat(events.get(events.size() - 1).path("type").asText()).isEqualTo("error");
      assertThat(events.get(events.size() - 1).path("message").asText()).contains("answer.aws-access-key");
      assertThat(r.body()).doesNotContain(key).doesNotContain("partial_image");
    }
  }

  @Test
  void aChineseIdInTheFinalStreamedImageEndsTheStream() throws Exception {
    TestImages.requireOcr();
    String clean = b64(TestImages.png("季度收入增长了百分之四。"));
    String id = b64(TestImages.png("身份证号 " + CN_ID));
    stream("/v1/responses", responsesStream(clean, id));
    try (TestGateway gateway = TestGateway.withShippedPolicy("openai", upstream.baseUrl(), OCR)) {
      HttpResponse<String> r = gateway.post("/v1/responses", RESPONSES_ASK.replace("}]}", "}],\"stream\":true}"),
          "authorization", "Bearer " + TestGateway.CLIENT_KEY);

      List<JsonNode> events = ResponsesStreamSplitProxyTest.events(r.body());
      assertThat(events.get(events.size() - 1).path("type").asText()).isEqualTo("error");
      assertThat(r.body()).doesNotContain(id).doesNotContain(CN_ID).doesNotContain("response.completed");
    }
  }

  @Test
  void aCleanStreamedImagePassesByteForByteAndIsReadOnceThoughThreeEventsRepeatIt() throws Exception {
    TestImages.requireOcr();
    Path log = dir.resolve("reads.log");
    String clean = b64(TestImages.png("Quarterly revenue grew by four percent."));
    stream("/v1/responses", responsesStream(clean, clean));
    String config = "limits:\n  images: {ocr: true, command: '" + TestImages.countingEngine(dir, log) + "'}\n";
    try (TestGateway gateway = TestGateway.withShippedPolicy("openai", upstream.baseUrl(), config)) {
      HttpResponse<String> r = gateway.post("/v1/responses", RESPONSES_ASK.replace("}]}", "}],\"stream\":true}"),
          "authorization", "Bearer " + TestGateway.CLIENT_KEY);

      List<JsonNode> events = ResponsesStreamSplitProxyTest.events(r.body());
      assertThat(events.get(events.size() - 1).path("type").asText()).isEqualTo("response.completed");
      assertThat(events.get(events.size() - 1).at("/response/output/1/result").asText()).isEqualTo(clean);
      assertThat(events).anySatisfy(e -> assertThat(e.path("partial_image_b64").asText()).isEqualTo(clean));
      StringBuilder text = new StringBuilder();
      events.stream().filter(e -> e.path("type").asText().equals("response.output_text.delta"))
          .forEach(e -> text.append(e.path("delta").asText()));
      assertThat(text.toString()).isEqualTo(TEXT);
      assertThat(Files.readAllLines(log)).hasSize(1);
    }
  }

  @Test
  void anIdInAnAnthropicStreamsImageBlockEndsTheStreamThoughItsDataFieldIsDeclaredOpaque() throws Exception {
    TestImages.requireOcr();
    String png = b64(TestImages.png("张伟的身份证号是 " + CN_ID + "。"));
    stream("/v1/messages", "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m1\","
        + "\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude\"}}\n\n"
        + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
        + "{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"" + png
        + "\"}}}\n\n"
        + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
        + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"}}\n\n"
        + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
    try (TestGateway gateway = TestGateway.withShippedPolicy("anthropic", upstream.baseUrl(), OCR)) {
      HttpResponse<String> r = gateway.post("/v1/messages", """
          {"model":"claude","max_tokens":10,"stream":true,"messages":[{"role":"user","content":"画一张便条"}]}""",
          "x-api-key", TestGateway.CLIENT_KEY);

      assertThat(r.body()).contains("event: error").doesNotContain(png).doesNotContain(CN_ID)
          .doesNotContain("message_stop");
    }
  }

  @Test
  void aKeyInAChatStreamsDeltaImageEndsTheStreamWithItsErrorEvent() throws Exception {
    TestImages.requireOcr();
    String key = b64(TestImages.png("aws_access_key_id = " + AWS));
    stream("/v1/chat/completions", """
        data: {"id":"c1","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"Here "},"finish_reason":null}]}

        data: {"id":"c1","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{"content":"it is."},"finish_reason":null}]}

        data: {"id":"c1","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{"images":[{"type":"image_url","image_url":{"url":"data:image/png;base64,%s"}}]},"finish_reason":null}]}

        data: {"id":"c1","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}

        data: [DONE]

        """.formatted(key));
    try (TestGateway gateway = keyGuard("openai", OCR)) {
      HttpResponse<String> r = gateway.post("/v1/chat/completions", CHAT_ASK.replace("}]}", "}],\"stream\":true}"),
          "authorization", "Bearer " + TestGateway.CLIENT_KEY);

      // text the hold-back window still held when the image stopped the stream goes with it, as at any block
      assertThat(r.body()).contains("answer.aws-access-key").doesNotContain(key).doesNotContain("finish_reason\":\"stop");
    }
  }
}
