package io.kexin.gateway.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Parses and re-encodes the JSON data of stream events. Thread-safe. */
final class JsonEvents {
  private final ObjectMapper json;
  /**
   * Reads an event's data as one JSON value and nothing after it: a parser that stops at the first value would leave
   * what follows it (a second object, a line of text) relayed and unread.
   */
  private final ObjectReader reader;

  JsonEvents(ObjectMapper json) {
    this.json = json;
    this.reader = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /** Returns the event's data as a JSON object, or null when it is not one. */
  ObjectNode parse(SseEvent event) {
    if (event.data() == null || event.data().isEmpty() || event.data().charAt(0) != '{') {
      return null;
    }
    try {
      JsonNode node = reader.readTree(event.data());
      return node instanceof ObjectNode o ? o : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** Returns the event's data as a JSON object; fails the stream when it is not one. */
  ObjectNode object(SseEvent event) {
    ObjectNode data = parse(event);
    if (data == null) {
      throw new SseException("an event that is not a JSON object");
    }
    return data;
  }

  /** Returns {@code event} carrying {@code data}: the same bytes when unchanged, else re-encoded. */
  SseEvent with(SseEvent event, ObjectNode data, boolean changed) {
    return changed ? event.withData(write(data)) : event;
  }

  /** Returns a new event of type {@code type} (null: none) carrying {@code data}. */
  SseEvent event(String type, ObjectNode data) {
    return SseEvent.of(type, write(data));
  }

  ObjectNode object() {
    return json.createObjectNode();
  }

  private String write(ObjectNode data) {
    try {
      return json.writeValueAsString(data);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode a stream event", e);
    }
  }
}
