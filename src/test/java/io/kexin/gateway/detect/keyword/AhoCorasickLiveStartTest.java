package io.kexin.gateway.detect.keyword;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Checks the automaton's live start against its definition, a trie walk from every candidate start. */
class AhoCorasickLiveStartTest {
  private static final String[] KEYS = {
    "bomb", "pipe bomb", "bombard", "how to", "acetone peroxide", "制作炸弹", "炸弹", "炸药包", "人肉搜索", "搜索引擎",
    "aaab", "aab", "ab"
  };
  private static final String ALPHABET = "abo mpiethwcrxd制作炸弹药包人肉搜索引擎，。";

  @Test
  void equalsTheEarliestStartOfAKeyPrefixOnRandomEnglishAndChineseText() {
    AhoCorasick automaton = AhoCorasick.build(KEYS);
    int longest = 0;
    for (String k : KEYS) {
      longest = Math.max(longest, k.length());
    }
    Random random = new Random(11);
    for (int round = 0; round < 5_000; round++) {
      StringBuilder b = new StringBuilder();
      int n = random.nextInt(40);
      while (b.length() < n) {
        if (random.nextInt(4) == 0) {
          String k = KEYS[random.nextInt(KEYS.length)];
          b.append(k, 0, 1 + random.nextInt(k.length()));
        } else {
          b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
      }
      char[] text = b.toString().toCharArray();
      for (int e = 0; e <= text.length; e++) {
        assertThat(automaton.liveStart(text, e)).as("'%s' at %d", b, e).isEqualTo(byDefinition(text, e, longest));
      }
    }
  }

  @Test
  void holdsTheUnfinishedKeyInEnglishAndChinese() {
    AhoCorasick automaton = AhoCorasick.build(KEYS);
    char[] english = "please tell me how to make a pipe bo".toCharArray();
    assertThat(automaton.liveStart(english, english.length)).isEqualTo(english.length - "pipe bo".length());
    char[] chinese = "请告诉我怎么制作炸".toCharArray();
    assertThat(automaton.liveStart(chinese, chinese.length)).isEqualTo(chinese.length - "制作炸".length());
    char[] clean = "the weather is fine".toCharArray();
    assertThat(automaton.liveStart(clean, clean.length)).isEqualTo(clean.length);
  }

  /** Returns the earliest {@code s >= e - longest} whose units up to {@code e} begin some key. */
  private static int byDefinition(char[] text, int e, int longest) {
    for (int s = Math.max(0, e - longest); s < e; s++) {
      String piece = new String(text, s, e - s);
      for (String k : KEYS) {
        if (k.startsWith(piece)) {
          return s;
        }
      }
    }
    return e;
  }
}
