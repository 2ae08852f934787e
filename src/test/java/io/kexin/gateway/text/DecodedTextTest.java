package io.kexin.gateway.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Checks which escapes of source code read as their characters, in English and Chinese text, and which stay, and that
 * a text that only skips invisible characters maps back as the full decoding loop maps it.
 */
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
  void readsEscapesEscapedTwiceInNestedJson() {
    // a tool call's arguments holding a JSON string whose escapes were escaped again
    assertThat(DecodedText.of("{\"tel\":\"\\\\u0031\\\\u0033\\\\u0038\"}", true).text()).isEqualTo("{\"tel\":\"138\"}");
    assertThat(DecodedText.of("{\"电话\":\"\\\\u0031\\\\u0033\"}", true).text()).isEqualTo("{\"电话\":\"13\"}");
    // an escaped backslash before anything else stays one backslash; outside JSON the double escape stays
    assertThat(DecodedText.of("{\"p\":\"C:\\\\users\\\\u00\"}", true).text()).isEqualTo("{\"p\":\"C:\\users\\u00\"}");
    assertThat(DecodedText.of("a \\\\u0031 b", false).text()).isEqualTo("a \\1 b");
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

  @Test
  void textsJoinedByInvisibleBreaksMapBackAsTheFullLoopMapsThem() {
    // Texts whose only decoding is invisible characters skipped (a system prompt and user turns read as one, set apart
    // by U+200B) build their map when first asked; the same text followed by a backslash, which the full loop reads,
    // must map every unit before it the same way.
    String[] pieces = {"Hello", " ", "订单", "。", "?", "zhang.wei@example.cn", "138 0013 8000", "\u200B", "\u200C",
        "\u00AD", "\uFEFF", "\u2060", "AKIAQ3EG", "你好", "\n"};
    Random random = new Random(20261206L);
    for (int c = 0; c < 2000; c++) {
      StringBuilder b = new StringBuilder();
      for (int i = random.nextInt(9); i >= 0; i--) {
        b.append(pieces[random.nextInt(pieces.length)]);
      }
      String text = b.toString();
      DecodedText lazy = DecodedText.of(ScanText.of(text), c % 2 == 0);
      DecodedText full = DecodedText.of(ScanText.of(text + "\\q"), c % 2 == 0);
      int n = lazy.length();
      assertThat(full.text()).as(text).isEqualTo(lazy.text() + "\\q");
      for (int i = 0; i < n; i++) {
        assertThat(lazy.originalStart(i)).as("start %d of %s", i, text).isEqualTo(full.originalStart(i));
        assertThat(lazy.originalEnd(i + 1)).as("end %d of %s", i + 1, text).isEqualTo(full.originalEnd(i + 1));
      }
      for (int at = 0; at < text.length(); at++) {
        assertThat(lazy.decodedIndex(at)).as("index of %d in %s", at, text).isEqualTo(full.decodedIndex(at));
      }
      assertThat(lazy.identity()).isEqualTo(text.equals(lazy.text()));
    }
  }

  @Test
  void aValueSplitByABreakMapsToItsWholeSpanInEnglishAndChinese() {
    String text = "The key is AKIAQ3EG\u200BRT5LMWX2ZUTB。电话 138\u200B0013 8000";
    DecodedText d = DecodedText.of(ScanText.of(text), false);

    assertThat(d.text()).isEqualTo("The key is AKIAQ3EGRT5LMWX2ZUTB。电话 1380013 8000");
    int key = d.text().indexOf("AKIA");
    assertThat(text.substring(d.originalStart(key), d.originalEnd(key + 20))).isEqualTo("AKIAQ3EG\u200BRT5LMWX2ZUTB");
    int phone = d.text().indexOf("138");
    assertThat(text.substring(d.originalStart(phone), d.originalEnd(phone + 12))).isEqualTo("138\u200B0013 8000");
    assertThat(d.decodedIndex(text.indexOf("RT5"))).isEqualTo(key + 8);
  }

  @Test
  void aReadingDecodedFromItsPartsIsTheReadingDecodedUnitByUnit() {
    // Parts of English and Chinese with what decodes (escapes, references, invisible units, a break inside a part),
    // surrogates in the first part and later ones, and joined string literals: the same text, map and identity.
    String[] pieces = {"Hello", " ", "订单", "。", "zhang.wei@example.cn", "138 0013 8000", "\u200B", "\u200C", "你好",
        "\n", "\\u0041", "\\x41", "&#64;", "&amp;", "&", "\\", "\uD83D\uDE00", "\uDB40\uDC41", "\"a\" + \"b\"",
        "'k' + 'ey'", "don't", "\"", "AKIAQ3EG"};
    Random random = new Random(20261207L);
    for (int c = 0; c < 4000; c++) {
      java.util.List<String> parts = new java.util.ArrayList<>();
      for (int p = 2 + random.nextInt(4); p > 0; p--) {
        StringBuilder b = new StringBuilder();
        // mostly clean parts, so that the joined path is taken as often as the unit-by-unit one
        for (int i = random.nextInt(6); i >= 0; i--) {
          b.append(pieces[random.nextInt(c % 3 == 0 ? pieces.length : 6)]);
        }
        parts.add(b.toString());
      }
      String text = String.join("\u200B", parts);
      boolean json = c % 2 == 0;
      DecodedText joined = DecodedText.ofParts(ScanText.of(text), parts, '\u200B', json);
      DecodedText units = DecodedText.of(ScanText.of(text), json);
      assertThat(joined.text()).as(text).isEqualTo(units.text());
      assertThat(joined.identity()).as(text).isEqualTo(units.identity());
      for (int i = 0; i < units.length(); i++) {
        assertThat(joined.originalStart(i)).as("start %d of %s", i, text).isEqualTo(units.originalStart(i));
        assertThat(joined.originalEnd(i + 1)).as("end %d of %s", i + 1, text).isEqualTo(units.originalEnd(i + 1));
      }
      for (int at = 0; at <= text.length(); at++) {
        assertThat(joined.decodedIndex(at)).as("index of %d in %s", at, text).isEqualTo(units.decodedIndex(at));
      }
    }
  }

  @Test
  void partsWhoseBreaksAreNotWhereTheTextHasThemAreDecodedFromTheText() {
    String text = "订单 138\u200B0013 8000";
    DecodedText shifted = DecodedText.ofParts(ScanText.of(text), java.util.List.of("订单 13", "80013 8000"), '\u200B', false);
    assertThat(shifted.text()).isEqualTo("订单 1380013 8000");
    assertThat(text.substring(shifted.originalStart(3), shifted.originalEnd(15))).isEqualTo("138\u200B0013 8000");
    DecodedText shorter = DecodedText.ofParts(ScanText.of(text), java.util.List.of("订单", "8000"), '\u200B', false);
    assertThat(shorter.text()).isEqualTo("订单 1380013 8000");
  }
}
