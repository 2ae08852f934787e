package io.kexin.gateway.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.provider.EventFields;
import java.util.ArrayList;
import java.util.List;

/**
 * Shares what OpenAI's chat and completion streams have in common: {@code data:} events of JSON chunks, a final
 * {@code data: [DONE]}, and errors sent as a chunk carrying an {@code error} object (a null {@code error} is no
 * error). Every chunk, an error chunk included, has the strings its shape does not stream inspected as whole texts.
 */
abstract class OpenAiStream implements StreamShape {
  private static final String[] TEMPLATE_FIELDS = {"id", "object", "created", "model", "system_fingerprint"};
  final JsonEvents events;
  final Remainder remainder;
  /** The data of the last chunk seen, whose identifying fields new chunks copy; parsed only when needed. */
  private String last;
  private boolean ended;

  OpenAiStream(ObjectMapper json, EventFields fields) {
    this.events = new JsonEvents(json);
    this.remainder = new Remainder(fields);
  }

  @Override
  public List<SseEvent> onEvent(SseEvent event, TextStreams streams) {
    if (event.data() == null) {
      return List.of(event);
    }
    if (event.data().equals("[DONE]")) {
      ended = true;
      List<SseEvent> out = new ArrayList<>(flush(streams, -1));
      out.add(event);
      return out;
    }
    List<SseEvent> fast = fastChunk(event, streams);
    if (fast != null) {
      return fast;
    }
    ObjectNode data = events.object(event);
    if (data.hasNonNull("error")) {
      // The held text goes out before the upstream's error; the error's own strings are inspected like any other.
      List<SseEvent> out = new ArrayList<>(flush(streams, -1));
      out.add(events.with(event, data, remainder.inspect(data, streams)));
      return out;
    }
    last = event.data();
    return chunk(event, data, streams);
  }

  @Override
  public List<SseEvent> onEnd(TextStreams streams) {
    return flush(streams, -1);
  }

  @Override
  public boolean ended() {
    return ended;
  }

  @Override
  public List<SseEvent> error(String type, String code, String message) {
    ObjectNode data = events.object();
    data.putObject("error").put("message", message).put("type", type).put("code", code).putNull("param");
    return List.of(events.event(null, data), SseEvent.of(null, "[DONE]"));
  }

  /**
   * Returns a new chunk with the identifying fields of the last chunk seen, each as the client was sent it (an id or
   * model the inspection rewrote goes out rewritten here too).
   */
  ObjectNode template(TextStreams streams) {
    ObjectNode chunk = events.object();
    ObjectNode from = last == null ? null : events.parse(SseEvent.of(null, last));
    for (String field : TEMPLATE_FIELDS) {
      JsonNode value = from == null ? null : from.get(field);
      if (value != null && value.isTextual()) {
        chunk.put(field, remainder.declared().sent(field, value.textValue(), streams));
      } else if (value != null && value.isValueNode()) {
        chunk.set(field, value);
      }
    }
    return chunk;
  }

  /** Remembers the data of a chunk that is not an error, for {@link #template}. */
  void remember(String data) {
    last = data;
  }

  /**
   * Returns the events for a chunk handled without a JSON tree, or null to take the tree path (which every chunk
   * outside the shape's common form takes, an error chunk included).
   */
  List<SseEvent> fastChunk(SseEvent event, TextStreams streams) {
    return null;
  }

  /**
   * Returns the events for one chunk, feeding its texts and inspecting the rest through {@link #remainder};
   * {@code data} may be changed in place.
   */
  abstract List<SseEvent> chunk(SseEvent event, ObjectNode data, TextStreams streams);

  /** Returns chunks carrying the held text of {@code choice} (-1: every choice). */
  abstract List<SseEvent> flush(TextStreams streams, int choice);
}
