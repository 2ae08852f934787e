package io.kexin.gateway.stream;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
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
  private final ChatChunkReader reader;
  /** Text keys of the first choices, so the per-token path builds no strings: [kind][choice]. */
  private final String[][] keyCache = new String[2][8];
  /** Per choice and kind of the chunk being handled: the released text, or null when unchanged. */
  private String[] released = new String[4];

  OpenAiChatStream(ObjectMapper json) {
    this(json, true);
  }

  /** Creates the shape; without {@code splice} every chunk takes the tree path (to compare the two in tests). */
  OpenAiChatStream(ObjectMapper json, boolean splice) {
    super(json);
    this.reader = splice ? new ChatChunkReader(json.getFactory()) : null;
  }

  /**
   * Handles a chunk of the common form (no tool calls) without a JSON tree: released text is spliced into the
   * upstream's JSON in place of the original string, so every other byte of the chunk stays as received.
   */
  @Override
  List<SseEvent> fastChunk(SseEvent event, TextStreams streams) {
    String data = event.data();
    if (reader == null || !reader.read(data)) {
      return null;
    }
    if (reader.error()) {
      return List.of(event);
    }
    remember(data);
    int choices = reader.choices();
    if (released.length < 2 * choices) {
      released = new String[2 * choices];
    }
    List<SseEvent> out = null;
    boolean changed = false;
    boolean holdsNothing = !reader.usage();
    for (int c = 0; c < choices; c++) {
      int index = reader.index(c);
      for (int kind = 0; kind < 2; kind++) {
        String text = reader.text(c, kind);
        released[2 * c + kind] = null;
        if (text == null) {
          continue;
        }
        String key = key(kind, index);
        if (!keys.containsKey(key)) {
          keys.put(key, new int[] {index, -1, kind});
        }
        String sent = streams.open(key).feed(text);
        if (!sent.equals(text)) {
          released[2 * c + kind] = sent;
          changed = true;
        }
      }
      String content = released[2 * c] != null ? released[2 * c] : reader.text(c, 0);
      holdsNothing &= reader.oneFieldUnfinished(c) && "".equals(content);
      if (reader.finished(c)) {
        List<SseEvent> held = flush(streams, index);
        if (!held.isEmpty()) {
          out = out == null ? new ArrayList<>(held.size() + 1) : out;
          out.addAll(held);
        }
      }
    }
    if (changed && holdsNothing) {
      return out == null ? List.of() : out;
    }
    SseEvent chunk = changed ? event.withData(splice(data, choices)) : event;
    if (out == null) {
      return List.of(chunk);
    }
    out.add(chunk);
    return out;
  }

  /** Returns {@code data} with each released text in place of the JSON string it replaces, in document order. */
  private String splice(String data, int choices) {
    StringBuilder sb = new StringBuilder(data.length() + 16);
    int copied = 0;
    while (true) {
      // At most two texts per choice: pick the next one by position rather than sorting.
      int next = -1;
      int nextStart = Integer.MAX_VALUE;
      for (int k = 0; k < 2 * choices; k++) {
        int start = reader.start(k / 2, k % 2);
        if (released[k] != null && start >= copied && start < nextStart) {
          next = k;
          nextStart = start;
        }
      }
      if (next < 0) {
        return sb.append(data, copied, data.length()).toString();
      }
      sb.append(data, copied, nextStart).append('"');
      JsonStringEncoder.getInstance().quoteAsString(released[next], sb);
      sb.append('"');
      copied = reader.end(next / 2, next % 2);
    }
  }

  private String key(int kind, int index) {
    if (index >= 0 && index < keyCache[kind].length) {
      String key = keyCache[kind][index];
      if (key == null) {
        key = (kind == 0 ? "c" : "r") + index;
        keyCache[kind][index] = key;
      }
      return key;
    }
    return (kind == 0 ? "c" : "r") + index;
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
