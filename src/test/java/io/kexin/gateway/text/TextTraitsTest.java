package io.kexin.gateway.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Checks the traits of a text: the percent sign, and every trait as the pass computed it before it ruled out a space
 * by the unit after it and read separators from a table (the reference below), on random English and Chinese text
 * with spelled-out signs, addresses written apart, letter-spaced runs, escapes and references planted.
 */
class TextTraitsTest {
  private static final String[] PIECES = {"the ", "order ", "订单", "号码", "%", "%40", "%2B86", " 100%", "\\n", "&#64;",
      "'ghp_' + 'x'", " [at] ", "艾特", "１２３", " A K I A 1 2 3 4 ", "zhang#163.com", "。", "\u200B", " ", "5"};

  @Test
  void percentTellsWhetherTheTextHoldsAPercentSignAndChangesNoOtherTrait() {
    Random random = new Random(11);
    for (int round = 0; round < 20_000; round++) {
      StringBuilder sb = new StringBuilder();
      for (int k = random.nextInt(12); k > 0; k--) {
        sb.append(PIECES[random.nextInt(PIECES.length)]);
      }
      String text = sb.toString();
      int traits = TextTraits.of(text);
      assertThat((traits & TextTraits.PERCENT) != 0).as(text).isEqualTo(text.indexOf('%') >= 0);
      assertThat(traits & ~TextTraits.PERCENT).as(text).isEqualTo(TextTraits.of(text.replace('%', '~')));
    }
  }

  @Test
  void percentInEnglishAndChineseText() {
    assertThat(TextTraits.of("50% off") & TextTraits.PERCENT).isEqualTo(TextTraits.PERCENT);
    assertThat(TextTraits.of("打五折，优惠５０％") & TextTraits.PERCENT).isZero();
    assertThat(TextTraits.of("邮箱 zhang%40example.cn") & TextTraits.PERCENT).isEqualTo(TextTraits.PERCENT);
    assertThat(TextTraits.of("plain text, 纯文本")).isZero();
  }

  private static final String[] SPELLING = {"the ", "order ", "订单", "号码", "john", " at ", " AT ", " At ", " DOT ",
      " dot ", "gmail", ".", " . ", "com", "qq", " @ ", "@", "alice@", "\u3000", "\u3000@", "[at]", "(dot)", "[.]", "艾特",
      "点", " 点 ", "#", "。", "\uFF61", "zhang", "163", " A K I A 1 2 3 4 ", "-x-y-z-w-v-u-t-s-", "\u3000x\u3000y",
      "a\tb\tc", "S a y t h a t", "\\n", "&#64;", "&commat;", "'ghp_' + 'x'", "%40", "１２３", "\u200B", "\u00A0",
      "\u2003", "_", "-", " ", "  ", "\n", "a", "D", "DO", "T", "Please summarize the report for the board. ",
      "请帮我总结一下这份季度报告的要点，"};

  @Test
  void everyTraitIsWhatThePassBeforeItsShortcutsFound() {
    Random random = new Random(29);
    for (int round = 0; round < 40_000; round++) {
      StringBuilder sb = new StringBuilder();
      for (int k = random.nextInt(16); k > 0; k--) {
        sb.append(SPELLING[random.nextInt(SPELLING.length)]);
      }
      char[] u = sb.toString().toCharArray();
      int n = random.nextInt(6) == 0 ? random.nextInt(u.length + 1) : u.length;
      int whole = before(u, n);
      assertThat(TextTraits.of(u, n)).as("'%s' (%d units)", sb, n).isEqualTo(whole);
      // the pass that stops at the first trait the decoding reads: whole without one, else one of them and no other
      int partial = TextTraits.of(u, n, DecodedText.DECODED);
      if ((whole & DecodedText.DECODED) == 0) {
        assertThat(partial).as("'%s' (%d units) up to a decoded trait", sb, n).isEqualTo(whole);
      } else {
        assertThat(partial & DecodedText.DECODED).as("'%s' (%d units) up to a decoded trait", sb, n).isNotZero();
        assertThat(partial & ~whole).as("'%s' (%d units) up to a decoded trait", sb, n).isZero();
      }
      if (n == u.length) {
        assertThat(TextTraits.joins(sb.toString(), u)).as("'%s' joins", sb)
            .isEqualTo((whole & TextTraits.JOINED) != 0);
        // read from the string, a window past each quote copied: the same answer without the text's units
        assertThat(TextTraits.joins(sb.toString())).as("'%s' joins, from the string", sb)
            .isEqualTo((whole & TextTraits.JOINED) != 0);
      }
    }
    for (int c = 0; c < 0x10000; c++) {
      assertThat(TextTraits.isSeparator((char) c)).as("U+%04X", c).isEqualTo(separatorBefore((char) c));
    }
  }

  @Test
  void joinsReadFromTheStringAnswersAsFromItsUnitsWhateverTheGapEnglishAndChinese() {
    String[] pieces = {"'", "\"", "+", "++", ".", "..", "|", "||", " ", "\t", "\n", "\\n", "\\t", "\\'", "\\\"",
        "ghp_", "key", "订单", "密钥", "x"};
    Random random = new Random(31);
    int joined = 0;
    for (int round = 0; round < 40_000; round++) {
      StringBuilder sb = new StringBuilder();
      for (int k = random.nextInt(12); k > 0; k--) {
        String piece = pieces[random.nextInt(pieces.length)];
        // white space runs from one unit to past the longest gap a join may hold
        sb.append(piece.equals(" ") ? " ".repeat(1 + random.nextInt(JoinedLiterals.MAX_GAP + 4)) : piece);
      }
      String text = sb.toString();
      boolean fromUnits = TextTraits.joins(text, text.toCharArray());
      assertThat(TextTraits.joins(text)).as("'%s'", text).isEqualTo(fromUnits);
      joined += fromUnits ? 1 : 0;
    }
    assertThat(joined).isGreaterThan(1000);
  }

  /**
   * The pass as it was: every separator looked at closer, separators by a chain of compares; what it asks of a spelled
   * sign or domain ({@code spells}, {@code spokenDomainAt}) is unchanged and asked of the pass itself.
   */
  private static int before(char[] u, int n) {
    long[] invisible = Invisible.starts();
    int traits = 0;
    int run = 0;
    int lastSingle = -2;
    for (int i = 0; i < n; i++) {
      char c = u[i];
      if (separatorBefore(c)) {
        if (c == ' ' && i + 3 < n && (u[i + 1] == 'A' && u[i + 2] == 'T' && u[i + 3] == ' '
            || u[i + 1] == 'D' && u[i + 2] == 'O' && i + 4 < n && u[i + 3] == 'T' && u[i + 4] == ' ')) {
          traits |= TextTraits.SPELLED;
        }
        if (c == ' ' && i + 3 < n && (u[i + 1] | 0x20) == 'a' && (u[i + 2] | 0x20) == 't' && u[i + 3] == ' '
            && TextTraits.spokenDomainAt(u, i + 4, n)) {
          traits |= TextTraits.SPELLED;
        }
        if ((c == ' ' || c == '\u3000') && (i + 1 < n && (u[i + 1] == '@' || u[i + 1] == '.') || i > 0 && u[i - 1] == '@')) {
          traits |= TextTraits.SPELLED;
        }
        if (i + 2 < n && separatorBefore(u[i + 2]) && (!separatorBefore(u[i + 1]) || u[i + 1] != c && u[i + 2] == c)) {
          run = lastSingle == i - 2 || lastSingle == i - 3 && u[i - 1] == c ? run + 1 : 1;
          lastSingle = i;
          if (run >= TextTraits.MIN_SPACED - 1) {
            traits |= TextTraits.SPACED;
          }
        }
      } else if (c == '\\') {
        traits |= TextTraits.BACKSLASH;
      } else if (c == '%') {
        traits |= TextTraits.PERCENT;
      } else if (c == '&') {
        if (CharacterReferences.mayStart(u, i, n)) {
          traits |= TextTraits.ENTITY;
        }
      } else if (c == '"' || c == '\'') {
        if (JoinedLiterals.joinedAt(u, i, n, true) >= 0) {
          traits |= TextTraits.JOINED;
        }
      } else if (c == ']' || c == ')' || c == '}' || c == '>' || c == '\uFF3D' || c == '\uFF09' || c == '\u3011'
          || c == '艾' || c == '点' || c == '#' || c == '\u3002' || c == '\uFF61') {
        if (TextTraits.spells(u, i, n)) {
          traits |= TextTraits.SPELLED;
        }
      } else {
        if ((invisible[c >>> 6] & 1L << c) != 0) {
          traits |= TextTraits.INVISIBLE;
        }
        if (TextTraits.asciiForm(c) != 0 || c == 0xD835 || c == 0xD83C) {
          traits |= TextTraits.COMPATIBLE;
        }
      }
    }
    return traits;
  }

  private static boolean separatorBefore(char c) {
    return c == ' ' || c == '-' || c == '_' || c == '.' || c == '\t' || c == '\n' || c == 0xA0 || c == 0x3000
        || c >= 0x2000 && c <= 0x200A || c == 0x202F || c == 0x205F || c == 0x1680;
  }
}
