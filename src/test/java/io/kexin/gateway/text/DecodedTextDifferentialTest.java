package io.kexin.gateway.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Checks, on random English and Chinese texts with planted escapes, character references, invisible characters,
 * part breaks, surrogate pairs and joined string literals, that the decoded text and every offset of its map back to
 * the original are those of the per-unit decoding it replaced ({@link PerUnitDecodedText}).
 */
class DecodedTextDifferentialTest {
  /** Pieces a text is built from: prose of both languages and everything the decoding reads. */
  private static final String[] PIECES = {
    "hello ", "world", " ", "我的电话是", "，", "。", "邮箱 ", "zhang.wei", "@example.cn", "138", "0013", "8000",
    "\u200B", "\u200D", "\u00AD", "\uFEFF", "\u0000", "\\u0041", "\\u200B", "\\n", "\\t", "\\\"", "\\x41", "\\101",
    "\\U00000041", "\\u{41}", "\\uD83D\\uDE00", "\\uDB40\\uDC41", "\\uD83D", "&#64;", "&#x40;", "&commat;", "&amp;",
    "&", "\\", "😀", "\uDB40\uDC41", "\uD83D", "\uDE00", "'ghp_' + 'Q8b3'", "\"sk-\" . \"proj\"", "'AKIA' || 'X'",
    "\"项目\" \"凤凰\"", "\\\"ghp_\\\" + \\\"abc\\\"", "'a b' + 'c'", "A", "a", "\t", "\n",
  };

  @Test
  void decodesAndMapsAsThePerUnitDecodingDid() {
    Random random = new Random(20261206);
    for (int t = 0; t < 5_000; t++) {
      StringBuilder text = new StringBuilder();
      int pieces = random.nextInt(12);
      for (int p = 0; p < pieces; p++) {
        text.append(PIECES[random.nextInt(PIECES.length)]);
      }
      String s = text.toString();
      for (boolean json : new boolean[] {false, true}) {
        same(s, DecodedText.of(s, json), PerUnitDecodedText.of(s, json));
        same(s, DecodedText.of(ScanText.of(s), json), PerUnitDecodedText.of(ScanText.of(s), json));
      }
    }
  }

  @Test
  void mapsTheJoinedPartsOfAMessageInEnglishAndChinese() {
    String english = "my key is AKIA" + "\u200B" + "Q3EGRT5 and my mail is wei" + "\u200B" + "@example.cn";
    String chinese = "我的手机号是138" + "\u200B" + "0013" + "\u200B\u200B" + "8000，谢谢";
    for (String s : new String[] {english, chinese}) {
      DecodedText d = DecodedText.of(ScanText.of(s), false);
      assertThat(d.identity()).isFalse();
      assertThat(d.text()).doesNotContain("\u200B");
      same(s, d, PerUnitDecodedText.of(ScanText.of(s), false));
    }
  }

  private static void same(String original, DecodedText actual, PerUnitDecodedText expected) {
    assertThat(actual.text()).as("text of %s", escaped(original)).isEqualTo(expected.text());
    assertThat(actual.identity()).as("identity of %s", escaped(original)).isEqualTo(expected.identity());
    for (int k = 0; k <= expected.length() + 1; k++) {
      if (k <= expected.length()) {
        assertThat(actual.originalEnd(k)).as("end %d of %s", k, escaped(original)).isEqualTo(expected.originalEnd(k));
      }
      assertThat(actual.originalStart(k)).as("start %d of %s", k, escaped(original))
          .isEqualTo(expected.originalStart(k));
    }
    for (int o = 0; o <= original.length() + 1; o++) {
      assertThat(actual.decodedIndex(o)).as("index of %d in %s", o, escaped(original))
          .isEqualTo(expected.decodedIndex(o));
    }
  }

  private static String escaped(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\u%04X", (int) c));
    }
    return b.toString();
  }
}
