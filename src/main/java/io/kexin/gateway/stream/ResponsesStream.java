package io.kexin.gateway.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads OpenAI Responses API streams: each output text part ({@code response.output_text.delta}) and each function
 * call's arguments ({@code response.function_call_arguments.delta}) is one text. Held text is emitted as a last
 * delta before the matching {@code .done} event, whose full text — and that of later events repeating it
 * ({@code content_part.done}, {@code output_item.done}, {@code response.completed}) — is replaced with what the
 * client was actually sent.
 */
final class ResponsesStream implements StreamShape {
  private final JsonEvents events;
  /** Holds, per text key, everything sent to the client so far. */
  private final Map<String, StringBuilder> sent = new HashMap<>();

  ResponsesStream(ObjectMapper json) {
    this.events = new JsonEvents(json);
  }

  @Override
  public List<SseEvent> onEvent(SseEvent event, TextStreams streams) {
    if (event.data() == null) {
      return List.of(event);
    }
    ObjectNode data = events.object(event);
    String type = data.path("type").asText();
    String item = data.path("item_id").asText("");
    return switch (type) {
      case "response.output_text.delta" -> delta(event, data, streams, textKey(item, data.path("content_index")));
      case "response.function_call_arguments.delta" -> delta(event, data, streams, argsKey(item));
      case "response.output_text.done" ->
          done(event, data, streams, textKey(item, data.path("content_index")), "text", type);
      case "response.function_call_arguments.done" -> done(event, data, streams, argsKey(item), "arguments", type);
      case "response.content_part.done" -> {
        boolean changed = replaceText(data.path("part"), textKey(item, data.path("content_index")));
        yield List.of(events.with(event, data, changed));
      }
      case "response.output_item.done" -> List.of(events.with(event, data, replaceItem(data.path("item"))));
      case "response.completed", "response.incomplete", "response.failed" -> {
        boolean changed = false;
        for (JsonNode output : data.path("response").path("output")) {
          changed |= replaceItem(output);
        }
        yield List.of(events.with(event, data, changed));
      }
      default -> List.of(event);
    };
  }

  private List<SseEvent> delta(SseEvent event, ObjectNode data, TextStreams streams, String key) {
    if (!data.path("delta").isTextual()) {
      return List.of(event);
    }
    String text = data.get("delta").asText();
    String released = streams.open(key).feed(text);
    sent.computeIfAbsent(key, k -> new StringBuilder()).append(released);
    if (released.equals(text)) {
      return List.of(event);
    }
    data.put("delta", released);
    return List.of(events.with(event, data, true));
  }

  private List<SseEvent> done(SseEvent event, ObjectNode data, TextStreams streams, String key, String field,
      String doneType) {
    List<SseEvent> out = new ArrayList<>(2);
    TextStream stream = streams.opened(key);
    String held = stream == null ? "" : stream.finish();
    if (!held.isEmpty()) {
      sent.computeIfAbsent(key, k -> new StringBuilder()).append(held);
      ObjectNode delta = data.deepCopy();
      delta.remove(field);
      delta.put("type", doneType.replace(".done", ".delta"));
      delta.put("delta", held);
      out.add(events.event(doneType.replace(".done", ".delta"), delta));
    }
    StringBuilder all = sent.get(key);
    boolean changed = all != null && !all.toString().equals(data.path(field).asText(null));
    if (changed) {
      data.put(field, all.toString());
    }
    out.add(events.with(event, data, changed));
    return out;
  }

  private boolean replaceItem(JsonNode item) {
    if (!(item instanceof ObjectNode o)) {
      return false;
    }
    String id = o.path("id").asText("");
    if ("function_call".equals(o.path("type").asText())) {
      StringBuilder all = sent.get(argsKey(id));
      if (all != null && !all.toString().equals(o.path("arguments").asText(null))) {
        o.put("arguments", all.toString());
        return true;
      }
      return false;
    }
    boolean changed = false;
    int index = 0;
    for (JsonNode part : o.path("content")) {
      changed |= replaceText(part, id + "#" + index++);
    }
    return changed;
  }

  private boolean replaceText(JsonNode part, String key) {
    StringBuilder all = sent.get(key);
    if (all == null || !(part instanceof ObjectNode p) || !p.path("text").isTextual()
        || all.toString().equals(p.get("text").asText())) {
      return false;
    }
    p.put("text", all.toString());
    return true;
  }

  private static String textKey(String item, JsonNode contentIndex) {
    return item + "#" + contentIndex.asInt(0);
  }

  private static String argsKey(String item) {
    return item + "#args";
  }

  @Override
  public List<SseEvent> onEnd(TextStreams streams) {
    List<SseEvent> out = new ArrayList<>();
    for (String key : List.copyOf(sent.keySet())) {
      TextStream stream = streams.opened(key);
      String held = stream == null ? "" : stream.finish();
      if (!held.isEmpty()) {
        int hash = key.lastIndexOf('#');
        boolean args = key.endsWith("#args");
        String type = args ? "response.function_call_arguments.delta" : "response.output_text.delta";
        ObjectNode data = events.object().put("type", type).put("item_id", key.substring(0, hash));
        if (!args) {
          data.put("content_index", Integer.parseInt(key.substring(hash + 1)));
        }
        out.add(events.event(type, data.put("delta", held)));
      }
    }
    return out;
  }

  @Override
  public List<SseEvent> error(String type, String code, String message) {
    ObjectNode data = events.object().put("type", "error").put("code", code).put("message", message).putNull("param");
    return List.of(events.event("error", data));
  }
}
