package io.kexin.gateway.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads OpenAI chat completion chunks: per choice ({@code n > 1} included) the {@code delta.content}, the
 * {@code delta.reasoning_content} and each tool call's {@code function.arguments} are separate texts. Held text is
 * emitted in a chunk of its own (same id, model, created) just before the chunk that finishes its choice.
 */
final class OpenAiChatStream extends OpenAiStream {
  /** Maps each open text key to how to wrap held text for it: choice index, and tool call index or -1. */
  private final Map<String, int[]> keys = new LinkedHashMap<>();

  OpenAiChatStream(ObjectMapper json) {
    super(json);
  }

  @Override
  List<SseEvent> chunk(SseEvent event, ObjectNode data, TextStreams streams) {
    List<SseEvent> out = new ArrayList<>(2);
    boolean changed = false;
    for (JsonNode choice : data.path("choices")) {
      int index = choice.path("index").asInt(0);
      JsonNode delta = choice.path("delta");
      if (delta instanceof ObjectNode d) {
        changed |= feed(d, "content", "c" + index, new int[] {index, -1, 0}, streams);
        changed |= feed(d, "reasoning_content", "r" + index, new int[] {index, -1, 1}, streams);
        for (JsonNode call : d.path("tool_calls")) {
          int callIndex = call.path("index").asInt(0);
          if (call.path("function") instanceof ObjectNode fn) {
            changed |= feed(fn, "arguments", "t" + index + "." + callIndex, new int[] {index, callIndex, 2}, streams);
          }
        }
      }
      if (!choice.path("finish_reason").isNull() && !choice.path("finish_reason").isMissingNode()) {
        out.addAll(flush(streams, index));
      }
    }
    if (!changed || !holdsNothing(data)) {
      out.add(events.with(event, data, changed));
    }
    return out;
  }

  /** Says whether a chunk only carries empty content (all of it held back), so it need not be sent at all. */
  private static boolean holdsNothing(ObjectNode data) {
    if (data.hasNonNull("usage")) {
      return false;
    }
    for (JsonNode choice : data.path("choices")) {
      JsonNode delta = choice.path("delta");
      if (!choice.path("finish_reason").isNull() || delta.size() != 1 || !"".equals(delta.path("content").asText(null))) {
        return false;
      }
    }
    return true;
  }

  private boolean feed(ObjectNode holder, String field, String key, int[] where, TextStreams streams) {
    JsonNode value = holder.get(field);
    if (value == null || !value.isTextual()) {
      return false;
    }
    keys.putIfAbsent(key, where);
    String released = streams.open(key).feed(value.asText());
    if (released.equals(value.asText())) {
      return false;
    }
    holder.put(field, released);
    return true;
  }

  @Override
  List<SseEvent> flush(TextStreams streams, int choice) {
    List<SseEvent> out = new ArrayList<>(1);
    for (Map.Entry<String, int[]> e : keys.entrySet()) {
      int[] where = e.getValue();
      if (choice >= 0 && where[0] != choice) {
        continue;
      }
      TextStream stream = streams.opened(e.getKey());
      String held = stream == null ? "" : stream.finish();
      if (held.isEmpty()) {
        continue;
      }
      ObjectNode chunk = template();
      ObjectNode c = ((ArrayNode) chunk.putArray("choices")).addObject();
      c.put("index", where[0]);
      ObjectNode delta = c.putObject("delta");
      switch (where[2]) {
        case 0 -> delta.put("content", held);
        case 1 -> delta.put("reasoning_content", held);
        default -> delta.putArray("tool_calls").addObject().put("index", where[1]).putObject("function")
            .put("arguments", held);
      }
      c.putNull("finish_reason");
      out.add(events.event(null, chunk));
    }
    return out;
  }
}
