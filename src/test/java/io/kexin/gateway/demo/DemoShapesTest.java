package io.kexin.gateway.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Checks the demo model's whole replies and streams have the complete shapes the providers' SDKs read. */
class DemoShapesTest {
  private static final String WEATHER = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},"
      + "\"days\":{\"type\":\"integer\"},\"unit\":{\"type\":\"string\",\"enum\":[\"c\",\"f\"]}}}";
  private final ObjectMapper json = new ObjectMapper();
  private final DemoModel model = new DemoModel();
  private final DemoReplies replies = new DemoReplies();
  private final DemoStreams streams = new DemoStreams(replies);

  @Test
  void chatAnswersInNChoicesWithUsage() throws Exception {
    JsonNode r = whole("/v1/chat/completions",
        "{\"n\":3,\"messages\":[{\"role\":\"user\",\"content\":\"你好 world\"}]}");

    assertThat(r.path("choices")).hasSize(3);
    assertThat(r.at("/choices/2/index").asInt()).isEqualTo(2);
    assertThat(r.at("/choices/2/message/content").asText()).isEqualTo("Kexin demo model. You said: 你好 world");
    int completion = r.at("/usage/completion_tokens").asInt();
    assertThat(completion).isPositive();
    assertThat(r.at("/usage/total_tokens").asInt()).isEqualTo(r.at("/usage/prompt_tokens").asInt() + completion);
  }

  @Test
  void anOfferedToolIsCalledWithTheUserTextAndItsResultIsAnswered() throws Exception {
    String tools = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":"
        + WEATHER + "}}]";
    JsonNode call = whole("/v1/chat/completions",
        "{" + tools + ",\"messages\":[{\"role\":\"user\",\"content\":\"北京\"}]}");
    JsonNode refused = whole("/v1/chat/completions",
        "{" + tools + ",\"tool_choice\":\"none\",\"messages\":[{\"role\":\"user\",\"content\":\"北京\"}]}");
    JsonNode after = whole("/v1/chat/completions", "{" + tools + ",\"messages\":[{\"role\":\"user\",\"content\":"
        + "\"北京\"},{\"role\":\"tool\",\"tool_call_id\":\"c\",\"content\":\"晴\"}]}");

    assertThat(call.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
    assertThat(call.at("/choices/0/message/content").isNull()).isTrue();
    assertThat(call.at("/choices/0/message/tool_calls/0/function/name").asText()).isEqualTo("get_weather");
    assertThat(json.readTree(call.at("/choices/0/message/tool_calls/0/function/arguments").asText()))
        .isEqualTo(json.readTree("{\"city\":\"北京\",\"days\":1,\"unit\":\"c\"}"));
    assertThat(refused.at("/choices/0/message/content").asText()).isEqualTo("Kexin demo model. You said: 北京");
    JsonNode named = whole("/v1/messages", "{\"tools\":[{\"name\":\"a\",\"input_schema\":{}},{\"name\":\"b\","
        + "\"input_schema\":" + WEATHER + "}],\"tool_choice\":{\"type\":\"tool\",\"name\":\"b\"},"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    JsonNode none = whole("/v1/messages", "{\"tools\":[{\"name\":\"a\",\"input_schema\":{}}],"
        + "\"tool_choice\":{\"type\":\"none\"},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertThat(named.at("/content/1/name").asText()).isEqualTo("b");
    assertThat(named.at("/content/1/input/city").asText()).isEqualTo("hi");
    assertThat(none.path("content")).hasSize(1);
    assertThat(none.path("stop_reason").asText()).isEqualTo("end_turn");
    assertThat(after.at("/choices/0/message/content").asText()).isEqualTo("Kexin demo model. The tool said: 晴");
  }

  @Test
  void chatStreamsEachChoiceAndAUsageChunkWhenAsked() throws Exception {
    List<JsonNode> events = stream("/v1/chat/completions", "{\"n\":2,\"stream_options\":{\"include_usage\":true},"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

    assertThat(events.stream().filter(e -> e.at("/choices/0/finish_reason").asText().equals("stop"))
        .map(e -> e.at("/choices/0/index").asInt())).containsExactly(0, 1);
    JsonNode last = events.get(events.size() - 1);
    assertThat(last.path("choices")).isEmpty();
    assertThat(last.at("/usage/total_tokens").asInt()).isPositive();
  }

  @Test
  void anthropicStreamStartsWithUsageAndStreamsToolInputAsJsonDeltas() throws Exception {
    List<JsonNode> events = stream("/v1/messages", "{\"tools\":[{\"name\":\"get_weather\",\"input_schema\":"
        + WEATHER + "}],\"messages\":[{\"role\":\"user\",\"content\":\"東京 😀 weather\"}]}");

    JsonNode start = events.get(0);
    assertThat(start.path("type").asText()).isEqualTo("message_start");
    assertThat(start.at("/message/usage/input_tokens").asInt()).isPositive();
    assertThat(start.at("/message/stop_reason").isNull()).isTrue();
    StringBuilder input = new StringBuilder();
    int pieces = 0;
    for (JsonNode e : events) {
      if (e.at("/delta/type").asText().equals("input_json_delta")) {
        input.append(e.at("/delta/partial_json").asText());
        pieces++;
      }
    }
    assertThat(pieces).isGreaterThan(1);
    assertThat(json.readTree(input.toString()).path("city").asText()).isEqualTo("東京 😀 weather");
    assertThat(events.get(events.size() - 2).at("/delta/stop_reason").asText()).isEqualTo("tool_use");
    assertThat(events.get(events.size() - 2).at("/usage/output_tokens").asInt()).isPositive();
  }

  @Test
  void responsesStreamNumbersEveryEventAndAddsItemsAndPartsBeforeTheirText() throws Exception {
    List<JsonNode> events = stream("/v1/responses", "{\"input\":\"你好\"}");

    assertThat(events.stream().map(e -> e.path("type").asText()).distinct()).containsExactly("response.created",
        "response.in_progress", "response.output_item.added", "response.content_part.added",
        "response.output_text.delta", "response.output_text.done", "response.content_part.done",
        "response.output_item.done", "response.completed");
    assertThat(events).hasSize(8 + model.tokens("Kexin demo model. You said: 你好").size());
    for (int i = 0; i < events.size(); i++) {
      assertThat(events.get(i).path("sequence_number").asInt()).isEqualTo(i);
    }
    JsonNode created = events.get(0).path("response");
    assertThat(created.path("output").isArray()).isTrue();
    assertThat(created.path("created_at").asLong()).isPositive();
    assertThat(created.path("model").asText()).isEqualTo(DemoModel.MODEL);
    JsonNode done = events.get(events.size() - 1).path("response");
    assertThat(done.at("/output/0/content/0/text").asText()).isEqualTo("Kexin demo model. You said: 你好");
    assertThat(done.at("/usage/total_tokens").asInt()).isPositive();
  }

  @Test
  void embeddingsInBase64DecodeToTheFloatValues() throws Exception {
    DemoEmbeddings embeddings = new DemoEmbeddings();
    JsonNode floats = embeddings.reply(json.readTree("{\"input\":[\"a\",\"二\"],\"dimensions\":16}"));
    JsonNode base64 = embeddings.reply(json.readTree(
        "{\"input\":[\"a\",\"二\"],\"dimensions\":16,\"encoding_format\":\"base64\"}"));

    ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(base64.at("/data/1/embedding").asText()))
        .order(ByteOrder.LITTLE_ENDIAN);
    assertThat(bytes.remaining()).isEqualTo(16 * 4);
    for (int d = 0; d < 16; d++) {
      assertThat((double) bytes.getFloat()).isEqualTo(floats.at("/data/1/embedding/" + d).asDouble());
    }
    assertThat(floats.at("/usage/prompt_tokens").asInt()).isPositive();
  }

  private JsonNode whole(String path, String body) throws Exception {
    return replies.whole(path, model.answer(path, json.readTree(body)));
  }

  private List<JsonNode> stream(String path, String body) throws Exception {
    List<JsonNode> events = new ArrayList<>();
    for (String block : streams.stream(path, model.answer(path, json.readTree(body)))) {
      String data = block.substring(block.indexOf("data: ") + 6).trim();
      if (!data.equals("[DONE]")) {
        events.add(json.readTree(data));
      }
    }
    return events;
  }
}
