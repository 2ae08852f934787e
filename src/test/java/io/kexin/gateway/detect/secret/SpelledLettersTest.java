package io.kexin.gateway.detect.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Checks that {@link SpelledLetters#any}, the gate asked of every text before any folding, says a text holds a chain
 * exactly when {@link SpelledLetters#read} would change it, on random English and Chinese texts with chains of NATO
 * words, words glued a few at a time, letters said again by their words, case words and signs planted in them and
 * near-misses around them.
 */
class SpelledLettersTest {
  private static final String[] PIECES = {
      "alpha", "Alfa", "KILO", "india", "x-ray", "X-Ray", "niner", "three", "7", "0", "quebec", "Golf", "hotel",
      "capital", "cap", "small", "upper", "lower", "case", "uppercase", "LOWERCASE", "underscore", "dash", "hyphen",
      "大写", "小写", "下划线", "横线", "减号", "A", "k", "Q", "x", "the", "and", "team", "密钥", "是", "的", "hotel", "India", "golf club",
      "1)", "2024", "AKIA", "ghp", "alphakilo", "EchoGolf", "oneone", "sixth", "fourteen", "november", "as", "in",
      "for", "like", "如", "big", "little", "large", "caps", "大写的", "小写的"};
  private static final String[] GAPS = {" ", " ", " ", ", ", " - ", "、", "；", "\n", "", "(", ")", " ---- ", "..", "，"};

  @Test
  void theGateSaysAChainIsThereExactlyWhenReadingChangesTheText() {
    Random random = new Random(13);
    int chains = 0;
    for (int round = 0; round < 20_000; round++) {
      StringBuilder text = new StringBuilder();
      int words = 1 + random.nextInt(24);
      boolean planted = random.nextInt(4) == 0;
      for (int w = 0; w < words; w++) {
        if (planted && w == words / 2) {
          text.append(chain(random));
        }
        text.append(PIECES[random.nextInt(PIECES.length)]).append(GAPS[random.nextInt(GAPS.length)]);
      }
      char[] units = text.toString().toCharArray();
      int n = units.length;
      int[] starts = IntStream.range(0, n).toArray();
      int[] ends = IntStream.range(1, n + 1).toArray();
      char[] read = units.clone();
      int length = SpelledLetters.read(read, starts, ends, n);
      boolean changed = length != n || !new String(read, 0, length).equals(text.toString());

      assertThat(SpelledLetters.any(units, n)).as(text.toString()).isEqualTo(changed);
      chains += changed ? 1 : 0;
    }
    // the planted chains are read, and some random texts hold one by chance or hold none
    assertThat(chains).isBetween(2_000, 10_000);
  }

  /** Returns a chain of eight to twelve tokens, some said in a case, in English or Chinese, and a separator. */
  private static String chain(Random random) {
    String[] letters = {"alpha", "kilo", "India", "QUEBEC", "echo", "golf", "x-ray", "zulu"};
    String[] cases = {"capital ", "small ", "upper case ", "lowercase ", "大写", "小写 ", "cap ", "下划线、大写", "big ",
        "little ", "caps ", "大写的", "小写的 "};
    StringBuilder chain = new StringBuilder();
    int tokens = 8 + random.nextInt(5);
    String gap = random.nextBoolean() ? " " : "、";
    for (int t = 0; t < tokens; t++) {
      int kind = random.nextInt(6);
      if (kind == 0) {
        chain.append(random.nextInt(10));
      } else if (kind == 4) {
        // a few words glued into one
        chain.append(letters[random.nextInt(letters.length)].replace("-", ""))
            .append(random.nextBoolean() ? "three" : letters[random.nextInt(letters.length)].replace("-", ""));
      } else if (kind == 5) {
        // a letter said again by its word
        String word = letters[random.nextInt(letters.length)];
        chain.append(random.nextBoolean() ? word.charAt(0) : Character.toUpperCase(word.charAt(0)))
            .append(new String[] {" as in ", " for ", " like ", " 如 ", "如"}[random.nextInt(5)]).append(word);
      } else if (kind == 1) {
        chain.append(cases[random.nextInt(cases.length)]).append((char) ('a' + random.nextInt(26)));
      } else {
        if (random.nextBoolean()) {
          chain.append(cases[random.nextInt(cases.length)]);
        }
        chain.append(letters[random.nextInt(letters.length)]);
      }
      chain.append(gap);
    }
    return chain.toString();
  }
}
