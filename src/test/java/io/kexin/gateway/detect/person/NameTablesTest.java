package io.kexin.gateway.detect.person;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Checks the name tables' lookups against plain collections on random English and Chinese texts with planted words:
 * {@link TokenSet} (its first-pair filter and hash table) against a map, {@link CueWords} against a walk over its list.
 */
class NameTablesTest {
  private static final String HAN = "王张李赵陈刘杨黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
      + "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤建国伟娜静敏"
      + "先生女士经理老师说表示发给通知联系周末关于上海的了是在我有和";
  private static final String LATIN = "AaBbEeIiLlMmNnOoRrSsTtUuWwYy '.-";

  private static String randomWord(Random random, String alphabet, int min, int max) {
    int length = min + random.nextInt(max - min + 1);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < length; i++) {
      b.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  @Test
  void tokenSetAnswersAsAMapDoes() {
    Random random = new Random(11);
    for (int round = 0; round < 40; round++) {
      String alphabet = round % 2 == 0 ? HAN : LATIN;
      Map<String, Integer> words = new HashMap<>();
      int count = 1 + random.nextInt(round < 20 ? 20 : 2000);
      for (int i = 0; i < count; i++) {
        words.merge(randomWord(random, alphabet, 1, 6), 1 << random.nextInt(5), (a, b) -> a | b);
      }
      TokenSet set = new TokenSet(words);
      assertThat(set.size()).isEqualTo(words.size());
      List<String> planted = new ArrayList<>(words.keySet());
      StringBuilder text = new StringBuilder();
      while (text.length() < 3000) {
        text.append(random.nextInt(3) == 0 ? planted.get(random.nextInt(planted.size()))
            : randomWord(random, alphabet, 1, 8));
      }
      char[] units = text.toString().toCharArray();
      for (int from = 0; from < units.length; from++) {
        for (int to = from; to <= Math.min(units.length, from + 7); to++) {
          int expected = words.getOrDefault(new String(units, from, to - from), 0);
          assertThat(set.valueOf(units, from, to)).as("%s", new String(units, from, to - from)).isEqualTo(expected);
          assertThat(set.contains(units, from, to)).isEqualTo(expected != 0);
        }
      }
    }
  }

  @Test
  void cueWordsFindTheFirstWordOfTheirListAsAWalkDoes() {
    Random random = new Random(7);
    for (int round = 0; round < 40; round++) {
      String alphabet = round % 2 == 0 ? HAN : LATIN;
      String[] list = new String[1 + random.nextInt(round < 20 ? 5 : 120)];
      for (int i = 0; i < list.length; i++) {
        list[i] = randomWord(random, alphabet, 1, 4);
      }
      CueWords starting = CueWords.starting(list);
      CueWords ending = CueWords.ending(list);
      StringBuilder text = new StringBuilder();
      while (text.length() < 2000) {
        text.append(random.nextInt(2) == 0 ? list[random.nextInt(list.length)] : randomWord(random, alphabet, 1, 5));
      }
      char[] units = text.toString().toCharArray();
      int n = units.length - random.nextInt(3);
      for (int at = 0; at <= n; at++) {
        if (at < n) {
          assertThat(starting.startsAt(units, n, at)).isEqualTo(walkStarting(units, n, at, list));
        }
        assertThat(ending.endsAt(units, at)).isEqualTo(walkEnding(units, at, list));
      }
    }
  }

  @Test
  void cueWordsIgnoringCaseOfferEveryWordThatMatchesInListOrder() {
    Random random = new Random(5);
    String lower = "aeilmnorstuyóćđ '.-";
    String text = "AaEeIiLlMmNnOoRrSsTtUuYyÓóĆćĐđ '.-K\u212a";
    for (int round = 0; round < 40; round++) {
      String[] list = new String[1 + random.nextInt(round < 20 ? 5 : 120)];
      for (int i = 0; i < list.length; i++) {
        list[i] = randomWord(random, lower, 1, 4);
      }
      CueWords starting = CueWords.startingIgnoringCase(list);
      CueWords ending = CueWords.endingIgnoringCase(list);
      char[] units = randomWord(random, text, 2000, 2000).toCharArray();
      for (int at = 0; at < units.length; at++) {
        List<String> first = new ArrayList<>();
        List<String> last = new ArrayList<>();
        for (String w : list) {
          if (ignoringCase(units[at], w.charAt(0))) {
            first.add(w);
          }
          if (ignoringCase(units[at], w.charAt(w.length() - 1))) {
            last.add(w);
          }
        }
        assertThat(strings(starting.candidates(units[at]))).isEqualTo(first);
        assertThat(strings(ending.candidates(units[at]))).isEqualTo(last);
      }
    }
    assertThatThrownBy(() -> CueWords.startingIgnoringCase("Mr")).isInstanceOf(IllegalArgumentException.class);
  }

  private static boolean ignoringCase(char c, char d) {
    return c == d || Character.toLowerCase(c) == d;
  }

  private static List<String> strings(char[][] words) {
    List<String> out = new ArrayList<>();
    for (char[] w : words) {
      out.add(new String(w));
    }
    return out;
  }

  @Test
  void cueWordsOfTheChineseScoringAreFound() {
    char[] units = "请把合同发给王建国先生，联系人：张伟说好的".toCharArray();
    assertThat(CueWords.ending("发给", "交给").endsAt(units, 6)).isEqualTo(2);
    assertThat(CueWords.starting("先生", "女士").startsAt(units, units.length, 9)).isEqualTo(2);
    assertThat(CueWords.ending("联系人", "我叫").endsAt(units, 15)).isEqualTo(3);
    assertThat(CueWords.ending("联系人").endsAt(units, 0)).isZero();
    assertThat(CueWords.starting("说", "说好").startsAt(units, units.length, 18)).isEqualTo(1);
  }

  private static int walkStarting(char[] units, int n, int at, String[] words) {
    for (String w : words) {
      if (at + w.length() <= n && new String(units, at, w.length()).equals(w)) {
        return w.length();
      }
    }
    return 0;
  }

  private static int walkEnding(char[] units, int at, String[] words) {
    for (String w : words) {
      int from = at - w.length();
      if (from >= 0 && new String(units, from, w.length()).equals(w)) {
        return w.length();
      }
    }
    return 0;
  }
}
