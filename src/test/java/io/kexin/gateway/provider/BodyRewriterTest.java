package io.kexin.gateway.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.content.Replacement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import static io.kexin.gateway.provider.Bodies.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BodyRewriterTest {
  private static final String JSON = """
      {"b":1,"a":{"x~y":"old","p/q":["zero","one"]},"s":"text","n":null,"num":3.25}
      """;

  @Test
  void setsStringsAtEscapedPointersAndKeepsOrder() {
    ObjectNode body = parse(JSON);

    BodyRewriter.rewrite(body, List.of(
        new Replacement("/a/x~0y", "新"),
        new Replacement("/a/p~1q/1", "uno"),
        new Replacement("/s", "")));

    assertThat(Bodies.print(body))
        .isEqualTo("{\"b\":1,\"a\":{\"x~y\":\"新\",\"p/q\":[\"zero\",\"uno\"]},\"s\":\"\",\"n\":null,\"num\":3.25}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/b", "/n", "/missing", "/a/p~1q/2", "/a/p~1q/-", "/a", "s", "/num"})
  void refusesPointersThatDoNotNameAString(String pointer) {
    ObjectNode body = parse(JSON);
    String before = Bodies.print(body);

    assertThatThrownBy(() -> BodyRewriter.rewrite(body,
        List.of(new Replacement("/s", "changed"), new Replacement(pointer, "x"))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Bodies.print(body)).isEqualTo(before);
  }

  @Test
  void refusesTheSamePointerTwice() {
    assertThatThrownBy(() -> BodyRewriter.rewrite(parse(JSON),
        List.of(new Replacement("/s", "1"), new Replacement("/s", "2"))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
