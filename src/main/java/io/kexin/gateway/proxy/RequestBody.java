package io.kexin.gateway.proxy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Holds what the proxy needs from a JSON request body: the parsed tree (only when an inspection will read it), the
 * {@code model} and the {@code stream} flag.
 */
record RequestBody(ObjectNode tree, String model, boolean stream) {

  /**
   * Reads a body that must be one JSON object; returns null when it is not. Without {@code needTree} the body is
   * only tokenized (validated) and its top-level {@code model} and {@code stream} read, which costs far less than
   * building a tree.
   */
  static RequestBody read(ObjectMapper json, ByteBuf content, boolean needTree) {
    return read(json, treeReader(json), content, needTree);
  }

  /**
   * Returns the reader {@link #read} builds trees with: {@code json} refusing anything after the value, and keeping
   * each number with a fraction or an exponent exactly as written (a double would round an 18-digit ID and turn
   * {@code 13812345678e99999} into infinity, so inspection would read other digits than the provider gets).
   */
  static ObjectReader treeReader(ObjectMapper json) {
    return json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);
  }

  /** Reads a body as {@link #read(ObjectMapper, ByteBuf, boolean)} does, building a tree with {@code trees}. */
  static RequestBody read(ObjectMapper json, ObjectReader trees, ByteBuf content, boolean needTree) {
    try (InputStream in = new ByteBufInputStream(content.duplicate())) {
      if (needTree) {
        JsonNode node = trees.readTree(in);
        if (!(node instanceof ObjectNode object)) {
          return null;
        }
        JsonNode model = object.get("model");
        return new RequestBody(object, model != null && model.isTextual() ? model.asText() : null,
            object.path("stream").asBoolean(false));
      }
      return scan(json, in);
    } catch (IOException e) {
      return null;
    }
  }

  private static RequestBody scan(ObjectMapper json, InputStream in) throws IOException {
    try (JsonParser p = json.createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      String model = null;
      boolean stream = false;
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if ("model".equals(name) && value == JsonToken.VALUE_STRING) {
          model = p.getText();
        } else if ("stream".equals(name)) {
          stream = value == JsonToken.VALUE_TRUE;
        } else if (value.isStructStart()) {
          skip(p);
        }
      }
      if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
        return null;
      }
      return new RequestBody(null, model, stream);
    }
  }

  /** Skips a nested value while still tokenizing it, so malformed JSON inside it is caught. */
  private static void skip(JsonParser p) throws IOException {
    int depth = 1;
    while (depth > 0) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new IOException("unexpected end of input");
      }
      if (t.isStructStart()) {
        depth++;
      } else if (t.isStructEnd()) {
        depth--;
      }
    }
  }
}
