package io.kexin.gateway.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** Builds the demo model's replies in each API's own shape, whole or as the events of a stream. */
final class DemoReplies {
  private final ObjectMapper json = new ObjectMapper();

  /** Returns the whole JSON reply for {@code path}. */
  ObjectNode whole(String path, String id, String answer) {
    ObjectNode o = json.createObjectNode();
    switch (path) {
      case "/v1/chat/completions" -> {
        o.put("id", id).put("object", "chat.completion").put("created", 1_700_000_000L).put("model", DemoModel.MODEL);
        ObjectNode choice = o.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", answer);
        choice.put("finish_reason", "stop");
        usage(o, answer);
      }
      case "/v1/completions" -> {
        o.put("id", id).put("object", "text_completion").put("created", 1_700_000_000L).put("model", DemoModel.MODEL);
        o.putArray("choices").addObject().put("index", 0).put("text", answer).put("finish_reason", "stop");
        usage(o, answer);
      }
      case "/v1/responses" -> {
        o.put("id", id).put("object", "response").put("status", "completed").put("model", DemoModel.MODEL);
        ObjectNode msg = o.putArray("output").addObject();
        msg.put("type", "message").put("id", "msg_" + id).put("role", "assistant").put("status", "completed");
        msg.putArray("content").addObject().put("type", "output_text").put("text", answer)
            .putArray("annotations");
      }
      case "/v1/messages" -> {
        o.put("id", id).put("type", "message").put("role", "assistant").put("model", DemoModel.MODEL);
        o.putArray("content").addObject().put("type", "text").put("text", answer);
        o.put("stop_reason", "end_turn").putNull("stop_sequence");
        o.putObject("usage").put("input_tokens", 10).put("output_tokens", answer.length() / 4 + 1);
      }
      default -> throw new IllegalArgumentException("path: " + path + " (expected: a text generation endpoint)");
    }
    return o;
  }

  /** Returns the stream for {@code path} as SSE event blocks, each ending with a blank line. */
  List<String> stream(String path, String id, List<String> tokens) throws Exception {
    List<String> events = new ArrayList<>();
    switch (path) {
      case "/v1/chat/completions" -> {
        events.add(data(chatChunk(id, json.createObjectNode().put("role", "assistant").put("content", ""), null)));
        for (String t : tokens) {
          events.add(data(chatChunk(id, json.createObjectNode().put("content", t), null)));
        }
        events.add(data(chatChunk(id, json.createObjectNode(), "stop")));
        events.add("data: [DONE]\n\n");
      }
      case "/v1/completions" -> {
        for (String t : tokens) {
          ObjectNode o = json.createObjectNode().put("id", id).put("object", "text_completion")
              .put("model", DemoModel.MODEL);
          o.putArray("choices").addObject().put("index", 0).put("text", t).putNull("finish_reason");
          events.add(data(o));
        }
        events.add("data: [DONE]\n\n");
      }
      case "/v1/responses" -> {
        events.add(named("response.created", json.createObjectNode().put("type", "response.created")
            .set("response", json.createObjectNode().put("id", id).put("status", "in_progress"))));
        int seq = 1;
        for (String t : tokens) {
          events.add(named("response.output_text.delta", json.createObjectNode()
              .put("type", "response.output_text.delta").put("item_id", "msg_" + id).put("output_index", 0)
              .put("content_index", 0).put("delta", t).put("sequence_number", seq++)));
        }
        events.add(named("response.completed", json.createObjectNode().put("type", "response.completed")
            .set("response", whole(path, id, String.join("", tokens)))));
      }
      case "/v1/messages" -> {
        ObjectNode start = json.createObjectNode().put("type", "message_start");
        start.putObject("message").put("id", id).put("type", "message").put("role", "assistant")
            .put("model", DemoModel.MODEL).putArray("content");
        events.add(named("message_start", start));
        ObjectNode blockStart = json.createObjectNode().put("type", "content_block_start").put("index", 0);
        blockStart.putObject("content_block").put("type", "text").put("text", "");
        events.add(named("content_block_start", blockStart));
        for (String t : tokens) {
          ObjectNode delta = json.createObjectNode().put("type", "content_block_delta").put("index", 0);
          delta.putObject("delta").put("type", "text_delta").put("text", t);
          events.add(named("content_block_delta", delta));
        }
        events.add(named("content_block_stop", json.createObjectNode().put("type", "content_block_stop")
            .put("index", 0)));
        ObjectNode end = json.createObjectNode().put("type", "message_delta");
        end.putObject("delta").put("stop_reason", "end_turn").putNull("stop_sequence");
        end.putObject("usage").put("output_tokens", tokens.size());
        events.add(named("message_delta", end));
        events.add(named("message_stop", json.createObjectNode().put("type", "message_stop")));
      }
      default -> throw new IllegalArgumentException("path: " + path + " (expected: a text generation endpoint)");
    }
    return events;
  }

  /** Returns the embeddings reply: one small deterministic vector per input. */
  ObjectNode embeddings(int inputs) {
    ObjectNode o = json.createObjectNode().put("object", "list").put("model", DemoModel.MODEL);
    ArrayNode data = o.putArray("data");
    for (int i = 0; i < inputs; i++) {
      ArrayNode v = data.addObject().put("object", "embedding").put("index", i).putArray("embedding");
      for (int d = 0; d < 8; d++) {
        v.add(Math.round(Math.sin(i * 8 + d) * 1000) / 1000.0);
      }
    }
    o.putObject("usage").put("prompt_tokens", inputs).put("total_tokens", inputs);
    return o;
  }

  /** Returns the models list. */
  ObjectNode models() {
    ObjectNode o = json.createObjectNode().put("object", "list");
    o.putArray("data").addObject().put("id", DemoModel.MODEL).put("object", "model").put("owned_by", "kexin");
    return o;
  }

  private ObjectNode chatChunk(String id, ObjectNode delta, String finish) {
    ObjectNode o = json.createObjectNode().put("id", id).put("object", "chat.completion.chunk")
        .put("created", 1_700_000_000L).put("model", DemoModel.MODEL);
    ObjectNode choice = o.putArray("choices").addObject().put("index", 0);
    choice.set("delta", delta);
    if (finish == null) {
      choice.putNull("finish_reason");
    } else {
      choice.put("finish_reason", finish);
    }
    return o;
  }

  private static void usage(ObjectNode o, String answer) {
    o.putObject("usage").put("prompt_tokens", 10).put("completion_tokens", answer.length() / 4 + 1)
        .put("total_tokens", 10 + answer.length() / 4 + 1);
  }

  private String data(ObjectNode o) throws Exception {
    return "data: " + json.writeValueAsString(o) + "\n\n";
  }

  private String named(String event, ObjectNode o) throws Exception {
    return "event: " + event + "\ndata: " + json.writeValueAsString(o) + "\n\n";
  }
}
