package io.kexin.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Checks that both ways of reading a request body agree on validity, model and stream flag. */
class RequestBodyTest {
  private final ObjectMapper json = new ObjectMapper();

  private RequestBody read(String text, boolean tree) {
    ByteBuf buf = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    try {
      return RequestBody.read(json, buf, tree);
    } finally {
      buf.release();
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      {"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"你好"}]}  | gpt-4o | true
      {"messages":[{"content":{"a":[1,2,{"b":null}]}}],"model":"claude","stream":false} | claude | false
      {"model":42,"stream":"yes"}                                                       |        | false
      """)
  void readsModelAndStreamTheSameWayBothWays(String body, String model, boolean stream) {
    for (boolean tree : new boolean[] {true, false}) {
      RequestBody r = read(body, tree);
      assertThat(r).isNotNull();
      assertThat(r.model()).isEqualTo(model);
      assertThat(r.stream()).isEqualTo(stream);
      assertThat(r.tree() != null).isEqualTo(tree);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "[1,2]", "\"text\"", "{\"model\":\"m\",\"messages\":[{]}", "{\"a\":1} trailing",
      "{\"a\":1}{\"b\":2}", "{\"a\":", "{\"a\":[1,2}"})
  void refusesWhatIsNotOneJsonObjectBothWays(String body) {
    assertThat(read(body, true)).isNull();
    assertThat(read(body, false)).isNull();
  }
}
