package io.kexin.gateway.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Anthropic message streams: each content block is one text — {@code text_delta.text}, a tool call's
 * {@code input_json_delta.partial_json}, or {@code thinking_delta.thinking}. Held text is emitted in a
 * {@code content_block_delta} of the block's kind just before its {@code content_block_stop}.
 */
final class AnthropicStream implements StreamShape {
  private static final Map<String, String> TEXT_FIELD = Map.of(
      "text_delta", "text", "input_json_delta", "partial_json", "thinking_delta", "thinking");
  private final JsonEvents events;
  /** Remembers each block's delta type, to wrap its held text. */
  private final Map<Integer, String> blockTypes = new HashMap<>();

  AnthropicStream(ObjectMapper json) {
    this.events = new JsonEvents(json);
  }

  @Override
  public List<SseEvent> onEvent(SseEvent event, TextStreams streams) {
    if (event.data() == null) {
      return List.of(event);
    }
    ObjectNode data = events.object(event);
    String type = data.path("type").asText(event.event() == null ? "" : event.event());
    int index = data.path("index").asInt(0);
    switch (type) {
      case "content_block_delta" -> {
        if (data.path("delta") instanceof ObjectNode delta) {
          String deltaType = delta.path("type").asText();
          String field = TEXT_FIELD.get(deltaType);
          if (field != null && delta.path(field).isTextual()) {
            blockTypes.put(index, deltaType);
            String text = delta.get(field).asText();
            String released = streams.open("b" + index).feed(text);
            if (!released.equals(text)) {
              if (released.isEmpty()) {
                return List.of();
              }
              delta.put(field, released);
              return List.of(events.with(event, data, true));
            }
          }
        }
        return List.of(event);
      }
      case "content_block_stop" -> {
        List<SseEvent> out = new ArrayList<>(flush(streams, index));
        out.add(event);
        return out;
      }
      case "message_stop" -> {
        List<SseEvent> out = new ArrayList<>(onEnd(streams));
        out.add(event);
        return out;
      }
      default -> {
        return List.of(event);
      }
    }
  }

  @Override
  public List<SseEvent> onEnd(TextStreams streams) {
    List<SseEvent> out = new ArrayList<>();
    for (int index : List.copyOf(blockTypes.keySet())) {
      out.addAll(flush(streams, index));
    }
    return out;
  }

  private List<SseEvent> flush(TextStreams streams, int index) {
    String deltaType = blockTypes.remove(index);
    TextStream stream = streams.opened("b" + index);
    String held = stream == null || deltaType == null ? "" : stream.finish();
    if (held.isEmpty()) {
      return List.of();
    }
    ObjectNode data = events.object().put("type", "content_block_delta").put("index", index);
    data.putObject("delta").put("type", deltaType).put(TEXT_FIELD.get(deltaType), held);
    return List.of(events.event("content_block_delta", data));
  }

  @Override
  public List<SseEvent> error(String type, String code, String message) {
    ObjectNode data = events.object().put("type", "error");
    data.putObject("error").put("type", type).put("message", message);
    return List.of(events.event("error", data));
  }
}
