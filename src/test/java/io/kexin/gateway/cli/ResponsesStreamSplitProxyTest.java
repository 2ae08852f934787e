package io.kexin.gateway.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Drives Responses API streams through real sockets with the shipped pack and WireMock as the LLM API: an ID number
 * split between two output text parts, or between the reasoning summary and the message, never reaches the client
 * (the stream ends with an error event); parts with nothing across them arrive whole, in order, numbered 0, 1, 2, ….
 */
class ResponsesStreamSplitProxyTest {
  @RegisterExtension
  static WireMockExtension upstream = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Returns the SSE body of a Responses stream: per (item, kind, text), the item's events, two characters a delta. */
  private static String stream(String... itemKindText) throws Exception {
    List<String> events = new ArrayList<>();
    events.add("{\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\",\"status\":\"in_progress\",\"output\":[]}}");
    String item = null;
    int index = 0;
    for (int i = 0; i < itemKindText.length; i += 3) {
      boolean summary = itemKindText[i + 1].equals("reasoning_summary_text");
      if (!itemKindText[i].equals(item)) {
        if (item != null) {
          events.add("{\"type\":\"response.output_item.done\",\"item\":{\"id\":\"" + item + "\"}}");
        }
        item = itemKindText[i];
        index = 0;
        events.add("{\"type\":\"response.output_item.added\",\"item\":{\"id\":\"" + item + "\",\"type\":\""
            + (summary ? "reasoning" : "message") + "\"}}");
      } else {
        index++;
      }
      String at = "\"item_id\":\"" + item + "\",\"" + (summary ? "summary_index" : "content_index") + "\":" + index;
      String text = itemKindText[i + 2];
      for (int c = 0; c < text.length(); c += 2) {
        events.add("{\"type\":\"response." + itemKindText[i + 1] + ".delta\"," + at + ",\"delta\":"
            + JSON.writeValueAsString(text.substring(c, Math.min(text.length(), c + 2))) + "}");
      }
      events.add("{\"type\":\"response." + itemKindText[i + 1] + ".done\"," + at + ",\"text\":"
          + JSON.writeValueAsString(text) + "}");
    }
    events.add("{\"type\":\"response.output_item.done\",\"item\":{\"id\":\"" + item + "\"}}");
    events.add("{\"type\":\"response.completed\",\"response\":{\"id\":\"resp_1\",\"status\":\"completed\"}}");
    StringBuilder sse = new StringBuilder();
    for (int n = 0; n < events.size(); n++) {
      String e = events.get(n);
      String type = JSON.readTree(e).path("type").asText();
      sse.append("event: ").append(type).append("\ndata: ").append(e, 0, e.length() - 1)
          .append(",\"sequence_number\":").append(n).append("}\n\n");
    }
    return sse.toString();
  }

  private static HttpResponse<String> send(String sse) throws Exception {
    upstream.stubFor(post("/v1/responses").willReturn(aResponse().withStatus(200)
        .withHeader("content-type", "text/event-stream").withBody(sse)));
    try (TestGateway gateway = TestGateway.withShippedPolicy("openai", upstream.baseUrl())) {
      return gateway.post("/v1/responses", "{\"model\":\"gpt-4o\",\"stream\":true,\"input\":\"give an example\"}",
          "authorization", "Bearer " + TestGateway.CLIENT_KEY);
    }
  }

  /** Returns the data of every event of an SSE body, in order. */
  static List<JsonNode> events(String body) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String line : body.split("\n")) {
      if (line.startsWith("data: ")) {
        out.add(JSON.readTree(line.substring(6)));
      }
    }
    return out;
  }

  @Test
  void anIdSplitBetweenTwoOutputPartsOrReasoningAndTextNeverReachesTheClient() throws Exception {
    String[][] cases = {{"m1", "output_text", "示例身份证 1101051949", "m1", "output_text", "1231002X 如上"},
      {"r1", "reasoning_summary_text", "example id 11010519", "m1", "output_text", "491231002X here"},
      {"m1", "output_text", "身份证 110105194912", "m2", "output_text", "31002X"}};
    for (String[] texts : cases) {
      upstream.resetAll();
      HttpResponse<String> r = send(stream(texts));
      String as = String.join("|", texts);
      List<JsonNode> events = events(r.body());

      assertThat(r.statusCode()).as(as).isEqualTo(200);
      assertThat(r.body()).as(as).doesNotContain("1949").doesNotContain("002X").doesNotContain("31002")
          .contains("event: error").doesNotContain("response.completed");
      for (int i = 0; i < events.size(); i++) {
        assertThat(events.get(i).path("sequence_number").asLong()).as(as).isEqualTo(i);
      }
    }
  }

  @Test
  void partsWithNothingAcrossThemArriveWholeInOrderAndNumbered() throws Exception {
    upstream.resetAll();
    HttpResponse<String> r = send(stream("r1", "reasoning_summary_text", "The user wants a greeting.", "m1",
        "output_text", "Hello! 你好，", "m1", "output_text", "order 1101 ships today."));
    List<JsonNode> events = events(r.body());
    StringBuilder text = new StringBuilder();
    List<String> types = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      JsonNode e = events.get(i);
      assertThat(e.path("sequence_number").asLong()).isEqualTo(i);
      String type = e.path("type").asText();
      if (type.equals("response.output_text.delta")) {
        text.append(e.path("delta").asText());
      } else if (!type.endsWith(".delta")) {
        types.add(type);
      }
    }

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(text.toString()).isEqualTo("Hello! 你好，order 1101 ships today.");
    assertThat(types).containsExactly("response.created", "response.output_item.added",
        "response.reasoning_summary_text.done", "response.output_item.done", "response.output_item.added",
        "response.output_text.done", "response.output_text.done", "response.output_item.done", "response.completed");
  }
}
