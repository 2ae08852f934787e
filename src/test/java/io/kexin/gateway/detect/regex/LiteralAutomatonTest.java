package io.kexin.gateway.detect.regex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LiteralAutomatonTest {

  @Test
  void reportsEveryOccurrenceOfChineseAndEnglishKeysIgnoringCase() {
    LiteralAutomaton a = LiteralAutomaton.build(new String[] {"api_key", "身份证", "证号", ".", "key"}, null,
        c -> Literals.fold((char) c));
    assertThat(scan(a, "My API_KEY. 身份证号")).containsExactly("0@10", "4@10", "3@11", "1@15", "2@16");
    assertThat(scan(a, "no keys here")).containsExactly("4@6");
    assertThat(scan(a, "")).isEmpty();
    assertThat(scan(a, ".")).containsExactly("3@1");
  }

  @Test
  void agreesWithBruteForceOnRandomKeysAndTexts() {
    // The scan stays at the root on units whose pair with the next unit starts no key: it must still find
    // every occurrence, at the end of the text and for single-unit keys too.
    Random random = new Random(3);
    String alphabet = "aAbB中文.-";
    for (int round = 0; round < 3000; round++) {
      List<String> keys = new ArrayList<>();
      int count = 1 + random.nextInt(6);
      while (keys.size() < count) {
        String k = random(random, alphabet, 1 + random.nextInt(4)).toLowerCase();
        if (!keys.contains(k)) {
          keys.add(k);
        }
      }
      String text = random(random, alphabet, random.nextInt(30));
      LiteralAutomaton a = LiteralAutomaton.build(keys.toArray(new String[0]), null, c -> Literals.fold((char) c));
      List<String> expected = new ArrayList<>();
      for (int end = 1; end <= text.length(); end++) {
        for (int id = 0; id < keys.size(); id++) {
          String k = keys.get(id);
          if (end >= k.length() && text.substring(end - k.length(), end).equalsIgnoreCase(k)) {
            expected.add(id + "@" + end);
          }
        }
      }
      assertThat(scan(a, text)).as("keys %s text %s", keys, text).containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  @Test
  void agreesWithBruteForceOnEnglishAndChineseProseWithPlantedKeys() {
    // Prose keeps the automaton at depth one often (a unit that starts a key, then one that continues none): the
    // scan goes back to its root there, and must still find keys that start at the next unit.
    Random random = new Random(17);
    String[] words = {"the ", "secret ", "token ", "is ", "in ", "sk", "ss", "a", "订单", "密钥", "身份证号", "。", "Key",
        "API_KEY=", "-----BEGIN ", "ghp_", "Sk-", "ſk", "\u212Aey", "、", " ", "1"};
    String[] keyPool = {"sk", "sk-", "ss", "s", "key", "api_key", "token", "secret", "-----begin", "ghp_", "密钥",
        "身份证", "证号", "in", "is a", "n", "订"};
    for (int round = 0; round < 2000; round++) {
      List<String> keys = new ArrayList<>();
      for (int k = 1 + random.nextInt(6); k > 0; k--) {
        String key = keyPool[random.nextInt(keyPool.length)];
        if (!keys.contains(key)) {
          keys.add(key);
        }
      }
      StringBuilder sb = new StringBuilder();
      for (int w = random.nextInt(40); w > 0; w--) {
        sb.append(random.nextInt(4) == 0 ? keys.get(random.nextInt(keys.size())) : words[random.nextInt(words.length)]);
      }
      String text = sb.toString();
      LiteralAutomaton a = LiteralAutomaton.build(keys.toArray(new String[0]), null, c -> Literals.fold((char) c));
      assertThat(scan(a, text)).as("keys %s text %s", keys, text)
          .containsExactlyInAnyOrderElementsOf(bruteForce(keys, text));
    }
  }

  @Test
  void classesCoverTheWholeBmp() {
    // Every unit of the BMP in place of a key's first, second and last unit: found exactly when it folds to the
    // key's unit there.
    String[] keys = {"api_key", "密钥x", "ab", " e"};
    LiteralAutomaton a = LiteralAutomaton.build(keys, null, c -> Literals.fold((char) c));
    for (int u = 0; u <= Character.MAX_VALUE; u++) {
      char c = (char) u;
      for (String key : keys) {
        for (int at : new int[] {0, 1, key.length() - 1}) {
          String text = "z" + key.substring(0, at) + c + key.substring(at + 1) + "z";
          boolean expected = Literals.fold(c) == key.charAt(at);
          List<String> found = scan(a, text);
          int id = List.of(keys).indexOf(key);
          assertThat(found.contains(id + "@" + (key.length() + 1))).as("key %s unit U+%04X at %d", key, u, at)
              .isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void firstUnitMatchesAsCaseMappingDoesForEveryBmpUnit() {
    String firsts = "aAzZkKsS@`[{09_-.\u212A\u017F\u0130\u0131\u00DF\u00FF\u0178\u03A3\u03C3\u03C2密Ａａ";
    for (char first : firsts.toCharArray()) {
      for (int u = 0; u <= Character.MAX_VALUE; u++) {
        char c = (char) u;
        boolean expected = c == first || c == Character.toLowerCase(first) || c == Character.toUpperCase(first);
        assertThat(LiteralAutomaton.firstUnitMatches(c, first)).as("U+%04X against U+%04X", u, (int) first)
            .isEqualTo(expected);
      }
    }
  }

  private static List<String> bruteForce(List<String> keys, String text) {
    List<String> expected = new ArrayList<>();
    for (int end = 1; end <= text.length(); end++) {
      for (int id = 0; id < keys.size(); id++) {
        String k = keys.get(id);
        if (end >= k.length() && folded(text.substring(end - k.length(), end)).equals(k)) {
          expected.add(id + "@" + end);
        }
      }
    }
    return expected;
  }

  private static String folded(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      sb.append(Literals.fold(s.charAt(i)));
    }
    return sb.toString();
  }

  private static List<String> scan(LiteralAutomaton a, String text) {
    List<String> found = new ArrayList<>();
    a.scan(text.toCharArray(), text.length(), (ids, end) -> {
      for (int id : ids) {
        found.add(id + "@" + end);
      }
    });
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
