package io.kexin.gateway.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StartFilterTest {

  @Test
  void letsThroughEveryStartOfChineseAndEnglishKeysAndStopsProse() {
    StartFilter f = filter(List.of("身份证", "密钥", "token", "ak", "@"));
    assertThat(starts(f, "my token is ak-1 @ 身份证 密钥")).containsExactly(3, 12, 17, 19, 23);
    assertThat(starts(f, "the quick brown fox 的快速")).isEmpty();
    assertThat(starts(f, "密")).isEmpty();
    assertThat(starts(f, "@")).containsExactly(0);
  }

  @Test
  void neverStopsWhereARandomKeyStarts() {
    // False positives are allowed (hashed tables); a false negative would lose a match.
    Random random = new Random(9);
    String alphabet = "abAB中文.\u0000";
    for (int round = 0; round < 3000; round++) {
      List<String> keys = new ArrayList<>();
      int count = 1 + random.nextInt(6);
      while (keys.size() < count) {
        keys.add(random(random, alphabet, 1 + random.nextInt(4)));
      }
      String text = random(random, alphabet, random.nextInt(30));
      StartFilter f = filter(keys);
      for (int i = 0; i < text.length(); i++) {
        for (String k : keys) {
          if (text.startsWith(k, i)) {
            assertThat(f.mayStart(text.toCharArray(), text.length(), i)).as("keys %s text %s at %d", keys, text, i)
                .isTrue();
            assertThat(f.mayStartPair(text.toCharArray(), text.length(), i)).as("pair: keys %s text %s at %d", keys,
                text, i).isTrue();
          }
        }
      }
    }
  }

  @Test
  void prefixesAreSeenByThePairTest() {
    StartFilter f = StartFilter.builder().prefix('s', 'k').prefix('密', '钥').build();
    char[] text = "a sk 密钥 so".toCharArray();
    assertThat(f.nextStart(text, text.length, 0)).isEqualTo(2);
    assertThat(f.nextStart(text, text.length, 3)).isEqualTo(5);
    assertThat(f.mayStartPair(text, text.length, 8)).isFalse();
  }

  private static StartFilter filter(List<String> keys) {
    StartFilter.Builder b = StartFilter.builder();
    for (String k : keys) {
      if (k.length() == 1) {
        b.single(k.charAt(0));
      } else if (k.length() == 2) {
        b.pair(k.charAt(0), k.charAt(1));
      } else {
        b.triple(k.charAt(0), k.charAt(1), k.charAt(2));
      }
    }
    return b.build();
  }

  @Test
  void nextStartFindsTheFirstOffsetWherePairsAllow() {
    StartFilter f = filter(List.of("身份证", "token", "@"));
    char[] text = "a token 身份证 @".toCharArray();
    assertThat(f.nextStart(text, text.length, 0)).isEqualTo(2);
    assertThat(f.nextStart(text, text.length, 3)).isEqualTo(8);
    assertThat(f.nextStart(text, text.length, 9)).isEqualTo(12);
    assertThat(f.nextStart(text, text.length, 13)).isEqualTo(text.length);
    assertThat(f.nextStart(text, 0, 0)).isZero();
  }

  private static List<Integer> starts(StartFilter f, String text) {
    List<Integer> found = new ArrayList<>();
    for (int i = 0; i < text.length(); i++) {
      if (f.mayStart(text.toCharArray(), text.length(), i)) {
        found.add(i);
      }
    }
    return found;
  }

  private static String random(Random random, String alphabet, int length) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < length; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
