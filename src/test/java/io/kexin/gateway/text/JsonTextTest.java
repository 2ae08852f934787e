package io.kexin.gateway.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonTextTest {
  @Test
  void escapesLikeTheSenderInChineseAndEnglish() {
    assertThat(JsonText.escapeLike("张伟 <a>", "plain 文本")).isEqualTo("张伟 <a>");
    assertThat(JsonText.escapeLike("张伟", "\\u6587\\u672c")).isEqualTo("\\u5f20\\u4f1f");
    assertThat(JsonText.escapeLike("<a>&", "x \\u003c y")).isEqualTo("\\u003ca\\u003e\\u0026");
    // ASCII escapes alone say nothing about how the sender writes other characters.
    assertThat(JsonText.escapeLike("张伟", "a\\u0020b")).isEqualTo("张伟");
  }

  @Test
  void aStyleOnceSeenStaysAsAStreamGoesOn() {
    String style = JsonText.styleOf("", "hello\\u0020");
    assertThat(style).isEmpty();
    style = JsonText.styleOf(style, "\\u4f60\\u597d");
    assertThat(JsonText.escapeLike("张伟", style)).isEqualTo("\\u5f20\\u4f1f");
    style = JsonText.styleOf(style, "later text without escapes");
    assertThat(JsonText.escapeLike("张伟", style)).isEqualTo("\\u5f20\\u4f1f");
    style = JsonText.styleOf(style, "Go writes \\u003c");
    assertThat(JsonText.escapeLike("<张>", style)).isEqualTo("\\u003c\\u5f20\\u003e");
    assertThat(JsonText.styleOf(style, "anything")).isEqualTo(style);
  }
}
