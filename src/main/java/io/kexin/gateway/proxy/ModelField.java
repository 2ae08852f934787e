package io.kexin.gateway.proxy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;

/**
 * Replaces the top-level {@code model} of a JSON request body with another name, byte for byte: everything else
 * goes upstream exactly as it was (as inspected), only the model's string token changes. Stateless.
 */
final class ModelField {
  private ModelField() {}

  /**
   * Returns {@code body} with its top-level {@code model} string replaced by {@code model}; takes ownership of
   * {@code body}. The body must be one JSON object with one top-level {@code model} string (admission made sure).
   *
   * @throws IOException if the body is not such an object
   */
  static ByteBuf replace(ObjectMapper json, ByteBuf body, String model) throws IOException {
    long start = -1;
    long end = -1;
    try (InputStream in = new ByteBufInputStream(body.duplicate()); JsonParser p = json.createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw notAnObject();
      }
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if ("model".equals(name) && value == JsonToken.VALUE_STRING) {
          start = p.currentTokenLocation().getByteOffset();
          p.getText(); // reads the whole string, so the location below is just past its closing quote
          end = p.currentLocation().getByteOffset();
        } else if (value.isStructStart()) {
          p.skipChildren();
        }
      }
      if (t != JsonToken.END_OBJECT || start < 0 || end <= start) {
        throw notAnObject();
      }
    } catch (IOException e) {
      body.release();
      throw e;
    }
    byte[] quoted = json.writeValueAsBytes(model);
    int from = body.readerIndex();
    CompositeByteBuf out = Unpooled.compositeBuffer(3);
    out.addComponent(true, body.retainedSlice(from, (int) start));
    out.addComponent(true, Unpooled.wrappedBuffer(quoted));
    out.addComponent(true, body.retainedSlice(from + (int) end, body.readableBytes() - (int) end));
    body.release();
    return out;
  }

  private static IOException notAnObject() {
    return new JsonProcessingException("not a JSON object with a top-level model string") {
      private static final long serialVersionUID = 1L;
    };
  }
}
