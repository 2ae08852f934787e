package io.kexin.gateway.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Checks which escapes of source code read as their characters, in English and Chinese text, and which stay. */
class DecodedTextTest {

  private static String decoded(String text) {
    return DecodedText.of(ScanText.of(text), false).text();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      hex escape in a key                 | key \\x41KIAQ3EGRT5                 | key AKIAQ3EGRT5
      hex escape of an at sign in Chinese | 邮箱 zhang.wei\\x40example.cn         | 邮箱 zhang.wei@example.cn
      octal escapes of digits             | 电话 \\061\\063\\070                  | 电话 138
      eight-digit escape                  | key \\U00000041KIA                  | key AKIA
      braced escape                       | 密钥 \\u{41}KIA \\u{0041}KIA          | 密钥 AKIA AKIA
      a space reads, controls stay        | a\\x20b \\040c \\x1b[31m \\000 \\x7f    | a b  c \\x1b[31m \\000 \\x7f
      a Windows path keeps non-escapes    | C:\\new\\table \\9\\x\\xZZ \\u{}         | C:\\new\\table \\9\\x\\xZZ \\u{}
      a regex back-reference stays        | (a)\\1 and \\12                      | (a)\\1 and \\12
      a surrogate or beyond-BMP value stays| \\U0001F600 \\u{D800}               | \\U0001F600 \\u{D800}
      """)
  void decodesCodeEscapesOfPrintableCharacters(String name, String text, String expected) {
    assertThat(decoded(text)).isEqualTo(expected);
  }

  @Test
  void lineBreaksAndTabsReadInEnglishAndChinese() {
    assertThat(decoded("how\\x20do\\x0aI\\x09go")).isEqualTo("how do\nI\tgo");
    assertThat(decoded("第一行\\012第二行\\x0d")).isEqualTo("第一行\n第二行\r");
  }

  @Test
  void spansMapBackToTheWholeEscape() {
    DecodedText d = DecodedText.of(ScanText.of("mail wei\\x40example.cn now"), false);
    int at = d.text().indexOf('@');

    assertThat(d.originalStart(at)).isEqualTo(8);
    assertThat(d.originalEnd(at + 1)).isEqualTo(12);
    assertThat(d.originalEnd(d.text().indexOf(" now"))).isEqualTo(22);
  }
}
