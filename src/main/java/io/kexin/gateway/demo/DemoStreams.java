package io.kexin.gateway.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the demo model's streams as SSE event blocks in each API's complete event sequence: chat chunks per choice
 * (tool call deltas, a usage chunk when asked), completions chunks, Responses events from {@code response.created}
 * through the added and done items and parts to {@code response.completed}, and Anthropic events from a
 * {@code message_start} with usage to {@code message_stop} (a {@code tool_use} block streamed as
 * {@code input_json_delta}).
 */
final class DemoStreams {
  /** How many characters of tool call arguments go in one delta. */
  private static final int ARGUMENT_PIECE = 8;
  private final ObjectMapper json = new ObjectMapper();
  private final DemoReplies replies;

  DemoStreams(DemoReplies replies) {
    this.replies = replies;
  }

  /** Returns the stream for {@code path} as SSE event blocks, each ending with a blank line. */
  List<String> stream(String path, DemoAnswer a) {
    List<String> events = new ArrayList<>();
    switch (path) {
      case "/v1/chat/completions" -> chat(a, events);
      case "/v1/completions" -> completion(a, events);
      case "/v1/responses" -> new ResponseEvents(a, events).emit();
      case "/v1/messages" -> message(a, events);
      default -> throw new IllegalArgumentException("path: " + path + " (expected: a text generation endpoint)");
    }
    return events;
  }

  private void chat(DemoAnswer a, List<String> events) {
    for (int i = 0; i < a.choices(); i++) {
      ObjectNode first = json.createObjectNode().put("role", "assistant");
      if (a.toolCall() == null) {
        first.put("content", "");
      } else {
        first.putNull("content");
        first.putArray("tool_calls").add(replies.chatToolCall(a.toolCall(), false));
      }
      events.add(data(chatChunk(a, i, first, null)));
      if (a.toolCall() == null) {
        for (String t : a.tokens()) {
          events.add(data(chatChunk(a, i, json.createObjectNode().put("content", t), null)));
        }
      } else {
        for (String piece : pieces(a.toolCall().arguments())) {
          ObjectNode delta = json.createObjectNode();
          delta.putArray("tool_calls").addObject().put("index", 0).putObject("function").put("arguments", piece);
          events.add(data(chatChunk(a, i, delta, null)));
        }
      }
      events.add(data(chatChunk(a, i, json.createObjectNode(), a.toolCall() == null ? "stop" : "tool_calls")));
    }
    if (a.streamUsage()) {
      ObjectNode last = chunkHead(a, "chat.completion.chunk");
      last.putArray("choices");
      last.set("usage", replies.chatUsage(a));
      events.add(data(last));
    }
    events.add("data: [DONE]\n\n");
  }

  private void completion(DemoAnswer a, List<String> events) {
    for (int i = 0; i < a.choices(); i++) {
      for (String t : a.tokens()) {
        events.add(data(completionChunk(a, i, t, null)));
      }
      events.add(data(completionChunk(a, i, "", "stop")));
    }
    if (a.streamUsage()) {
      ObjectNode last = chunkHead(a, "text_completion");
      last.putArray("choices");
      last.set("usage", replies.chatUsage(a));
      events.add(data(last));
    }
    events.add("data: [DONE]\n\n");
  }

  private void message(DemoAnswer a, List<String> events) {
    ObjectNode start = json.createObjectNode().put("type", "message_start");
    ObjectNode message = start.putObject("message").put("id", "msg_" + a.id()).put("type", "message")
        .put("role", "assistant").put("model", DemoModel.MODEL);
    message.putArray("content");
    message.putNull("stop_reason").putNull("stop_sequence");
    message.set("usage", replies.messageUsage(a, 1));
    events.add(named("message_start", start));
    ObjectNode blockStart = json.createObjectNode().put("type", "content_block_start").put("index", 0);
    blockStart.putObject("content_block").put("type", "text").put("text", "");
    events.add(named("content_block_start", blockStart));
    for (String t : a.tokens()) {
      ObjectNode delta = json.createObjectNode().put("type", "content_block_delta").put("index", 0);
      delta.putObject("delta").put("type", "text_delta").put("text", t);
      events.add(named("content_block_delta", delta));
    }
    events.add(named("content_block_stop", json.createObjectNode().put("type", "content_block_stop")
        .put("index", 0)));
    if (a.toolCall() != null) {
      ObjectNode useStart = json.createObjectNode().put("type", "content_block_start").put("index", 1);
      ObjectNode block = useStart.putObject("content_block").put("type", "tool_use").put("id", "toolu_" + a.id())
          .put("name", a.toolCall().name());
      block.putObject("input");
      events.add(named("content_block_start", useStart));
      for (String piece : pieces(a.toolCall().arguments())) {
        ObjectNode delta = json.createObjectNode().put("type", "content_block_delta").put("index", 1);
        delta.putObject("delta").put("type", "input_json_delta").put("partial_json", piece);
        events.add(named("content_block_delta", delta));
      }
      events.add(named("content_block_stop", json.createObjectNode().put("type", "content_block_stop")
          .put("index", 1)));
    }
    ObjectNode end = json.createObjectNode().put("type", "message_delta");
    end.putObject("delta").put("stop_reason", a.toolCall() == null ? "end_turn" : "tool_use")
        .putNull("stop_sequence");
    end.set("usage", replies.messageUsage(a, a.completionTokens()));
    events.add(named("message_delta", end));
    events.add(named("message_stop", json.createObjectNode().put("type", "message_stop")));
  }

  /** Emits one Responses stream, numbering its events from zero. */
  private final class ResponseEvents {
    private final DemoAnswer a;
    private final List<String> events;
    private int seq;

    ResponseEvents(DemoAnswer a, List<String> events) {
      this.a = a;
      this.events = events;
    }

    void emit() {
      add("response.created", json.createObjectNode().set("response", replies.response(a, "in_progress")));
      add("response.in_progress", json.createObjectNode().set("response", replies.response(a, "in_progress")));
      String itemId = a.toolCall() == null ? "msg_" + a.id() : "fc_" + a.id();
      add("response.output_item.added", json.createObjectNode().put("output_index", 0)
          .set("item", replies.responseItem(a, "in_progress")));
      if (a.toolCall() == null) {
        add("response.content_part.added", part(itemId).set("part", replies.outputText("")));
        for (String t : a.tokens()) {
          ObjectNode delta = part(itemId).put("delta", t);
          delta.putArray("logprobs");
          add("response.output_text.delta", delta);
        }
        ObjectNode done = part(itemId).put("text", a.text());
        done.putArray("logprobs");
        add("response.output_text.done", done);
        add("response.content_part.done", part(itemId).set("part", replies.outputText(a.text())));
      } else {
        for (String piece : pieces(a.toolCall().arguments())) {
          add("response.function_call_arguments.delta", json.createObjectNode().put("item_id", itemId)
              .put("output_index", 0).put("delta", piece));
        }
        add("response.function_call_arguments.done", json.createObjectNode().put("item_id", itemId)
            .put("output_index", 0).put("name", a.toolCall().name()).put("arguments", a.toolCall().arguments()));
      }
      add("response.output_item.done", json.createObjectNode().put("output_index", 0)
          .set("item", replies.responseItem(a, "completed")));
      add("response.completed", json.createObjectNode().set("response", replies.response(a, "completed")));
    }

    private ObjectNode part(String itemId) {
      return json.createObjectNode().put("item_id", itemId).put("output_index", 0).put("content_index", 0);
    }

    private void add(String type, ObjectNode fields) {
      ObjectNode o = json.createObjectNode().put("type", type).put("sequence_number", seq++);
      o.setAll(fields);
      events.add(named(type, o));
    }
  }

  private ObjectNode chatChunk(DemoAnswer a, int index, ObjectNode delta, String finish) {
    ObjectNode o = chunkHead(a, "chat.completion.chunk");
    ObjectNode choice = o.putArray("choices").addObject().put("index", index);
    choice.set("delta", delta);
    choice.putNull("logprobs");
    if (finish == null) {
      choice.putNull("finish_reason");
    } else {
      choice.put("finish_reason", finish);
    }
    return o;
  }

  private ObjectNode completionChunk(DemoAnswer a, int index, String text, String finish) {
    ObjectNode o = chunkHead(a, "text_completion");
    ObjectNode choice = o.putArray("choices").addObject().put("index", index).put("text", text).putNull("logprobs");
    if (finish == null) {
      choice.putNull("finish_reason");
    } else {
      choice.put("finish_reason", finish);
    }
    return o;
  }

  private ObjectNode chunkHead(DemoAnswer a, String object) {
    String prefix = object.equals("text_completion") ? "cmpl-" : "chatcmpl-";
    return json.createObjectNode().put("id", prefix + a.id()).put("object", object)
        .put("created", DemoReplies.CREATED).put("model", DemoModel.MODEL);
  }

  /** Splits text into pieces of a few characters, never inside a surrogate pair. */
  static List<String> pieces(String text) {
    List<String> out = new ArrayList<>();
    int cps = text.codePointCount(0, text.length());
    for (int i = 0, at = 0; i < cps; i += ARGUMENT_PIECE) {
      int end = text.offsetByCodePoints(at, Math.min(ARGUMENT_PIECE, cps - i));
      out.add(text.substring(at, end));
      at = end;
    }
    return out;
  }

  private String data(ObjectNode o) {
    return "data: " + o + "\n\n";
  }

  private String named(String event, ObjectNode o) {
    return "event: " + event + "\ndata: " + o + "\n\n";
  }
}
