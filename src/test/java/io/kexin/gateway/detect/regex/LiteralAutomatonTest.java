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
