package io.kexin.gateway.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/**
 * Builds the demo model's embeddings reply: one small deterministic vector per input, as JSON floats or, for
 * {@code encoding_format: "base64"}, as the base64 of little-endian float32 values (what the OpenAI SDKs ask for).
 */
final class DemoEmbeddings {
  static final int DEFAULT_DIMENSIONS = 8;
  static final int MAX_DIMENSIONS = 3072;
  private final ObjectMapper json = new ObjectMapper();

  /** Returns the reply to an embeddings request body. */
  ObjectNode reply(JsonNode body) {
    JsonNode input = body.path("input");
    int inputs = input.isArray() ? Math.max(1, input.size()) : 1;
    int dims = Math.max(1, Math.min(MAX_DIMENSIONS, body.path("dimensions").asInt(DEFAULT_DIMENSIONS)));
    boolean base64 = body.path("encoding_format").asText("float").equals("base64");
    ObjectNode o = json.createObjectNode().put("object", "list").put("model", DemoModel.MODEL);
    ArrayNode data = o.putArray("data");
    int tokens = 0;
    for (int i = 0; i < inputs; i++) {
      ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
      float[] v = vector(i, dims);
      if (base64) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * dims).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
          bytes.putFloat(f);
        }
        item.put("embedding", Base64.getEncoder().encodeToString(bytes.array()));
      } else {
        ArrayNode values = item.putArray("embedding");
        for (float f : v) {
          values.add((double) f);
        }
      }
      JsonNode one = input.isArray() ? input.path(i) : input;
      tokens += one.isTextual() ? Math.max(1, one.asText().length() / 4) : Math.max(1, one.size());
    }
    o.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
    return o;
  }

  /** Returns the vector of input {@code i}: values exactly representable in float32, so both encodings agree. */
  static float[] vector(int i, int dims) {
    float[] v = new float[dims];
    for (int d = 0; d < dims; d++) {
      v[d] = (float) (Math.round(Math.sin(i * dims + d) * 1024) / 1024.0);
    }
    return v;
  }
}
