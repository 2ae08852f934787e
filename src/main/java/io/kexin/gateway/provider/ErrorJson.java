package io.kexin.gateway.provider;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Renders small error bodies with Jackson's streaming writer, so every string is escaped. Thread-safe. */
final class ErrorJson {
  /** Writes one JSON document to a generator. */
  @FunctionalInterface
  interface Writer {
    void write(JsonGenerator json) throws IOException;
  }

  private final JsonFactory factory = new JsonFactory();

  /** Returns the UTF-8 bytes that {@code writer} produces. */
  byte[] render(Writer writer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    try (JsonGenerator json = factory.createGenerator(out)) {
      writer.write(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Writes a string field, or null when {@code value} is null. */
  static void field(JsonGenerator json, String name, String value) throws IOException {
    if (value == null) {
      json.writeNullField(name);
    } else {
      json.writeStringField(name, value);
    }
  }
}
