package io.kexin.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.content.StrictJson;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Checks that an alias's model replaces the top-level model byte for byte, and nothing else changes. */
class ModelFieldTest {
  private final ObjectMapper json = StrictJson.mapper();

  private String replace(String body, String model) throws IOException {
    ByteBuf in = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
    ByteBuf out = ModelField.replace(json, in, model);
    try {
      assertThat(in.refCnt()).isPositive(); // held by the slices of the result only
      return out.toString(StandardCharsets.UTF_8);
    } finally {
      out.release();
      assertThat(in.refCnt()).isZero();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"model\":\"chat-default\",\"messages\":[{\"role\":\"user\",\"content\":\"你好 hello\"}]}",
      "{ \"messages\" : [{\"model\":\"chat-default\",\"content\":\"模型 chat-default\"}] ,\n \"model\" :"
          + " \"chat-default\" , \"temperature\":1e2}",
      "{\"metadata\":{\"model\":\"x\"},\"model\":\"chat\\u002ddefault\",\"n\":1.000000000000000000001}",
      "{\"model\":\"chat-default\"}"})
  void onlyTheTopLevelModelChanges(String body) throws IOException {
    String out = replace(body, "gpt-4o-mini");

    assertThat(json.readTree(out).get("model").asText()).isEqualTo("gpt-4o-mini");
    int at = out.indexOf("\"gpt-4o-mini\"");
    String before = out.substring(0, at);
    String after = out.substring(at + "\"gpt-4o-mini\"".length());
    assertThat(body).startsWith(before).endsWith(after);
    JsonNode rest = ((ObjectNode) json.readTree(out)).without("model");
    assertThat((Object) rest).isEqualTo(((ObjectNode) json.readTree(body)).without("model"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "{\"model\":1}", "{\"messages\":[]}", "{\"model\":\"a\"", "\"model\""})
  void aBodyWithoutATopLevelModelStringIsRefusedAndReleased(String body) {
    ByteBuf in = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);

    assertThatThrownBy(() -> ModelField.replace(json, in, "gpt-4o-mini")).isInstanceOf(IOException.class);
    assertThat(in.refCnt()).isZero();
  }
}
