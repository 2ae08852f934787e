package io.kexin.gateway.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.content.TextSegment;
import java.io.UncheckedIOException;
import java.util.List;

/** Parses and prints bodies for the adapter tests. */
final class Bodies {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Bodies() {}

  /** Returns the body parsed from JSON text. */
  static ObjectNode parse(String json) {
    try {
      return (ObjectNode) MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns the body as compact JSON. */
  static String print(ObjectNode body) {
    try {
      return MAPPER.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Returns each segment as "pointer|ROLE|text", for compact assertions; the reading of a request's sibling strings
   * is left out ({@code SiblingReadingTest} and {@link #siblings} read it).
   */
  static List<String> rows(Extraction extraction) {
    return extraction.segments().stream().filter(s -> s.form() != TextSegment.Form.SIBLINGS).map(Bodies::row)
        .toList();
  }

  /** Returns the text of the reading of a request's sibling strings, or null when it has none. */
  static String siblings(Extraction extraction) {
    return extraction.segments().stream().filter(s -> s.form() == TextSegment.Form.SIBLINGS).map(TextSegment::text)
        .findFirst().orElse(null);
  }

  static String row(TextSegment s) {
    return s.jsonPointer() + "|" + s.role() + "|" + s.text();
  }
}
