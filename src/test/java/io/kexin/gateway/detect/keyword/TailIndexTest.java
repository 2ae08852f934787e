package io.kexin.gateway.detect.keyword;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.text.NormalizedText;
import io.kexin.gateway.text.Normalizer;
import io.kexin.gateway.text.ScanText;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Checks the answers a stream gets from the end of a text against the same questions answered from the whole text's
 * normalization: where a term may still be live, and whether a term occurs from an index, at every length of random
 * English and Chinese text (one character more at a time) with planted terms written the ways normalization reads
 * them (case, full width, Traditional characters, separators between Han ideographs, space runs, invisible
 * characters, combining marks), and for the keyword detectors of a set, whose live index is the least of theirs.
 */
class TailIndexTest {
  private static final Normalizer NORMALIZER = ScanText.defaultNormalizer();
  private static final String[][] LISTS = {
    {"Project Phoenix", "凤凰计划", "blue harbor initiative"},
    {"how to make a pipe bomb at home right now", "制作炸药", "炸弹"},
    {"ssn", "社会安全号码", "a"},
  };
  private static final String[] PLANTED = {"Project Phoenix", "PROJECT  PHOENIX", "ＰＲＯＪＥＣＴ ＰＨＯＥＮＩＸ",
    "proje\u0301ct phoenix", "Project\u200B Phoenix", "凤凰计划", "鳳凰計劃", "凤 凰 计 划", "凤-凰·计 划", "凤*凰**计划",
    "制作炸药", "製作炸藥", "炸 弹", "how to make a pipe bomb at home right now", "how to make a pipe", "blue harbor",
    "SSN", "ssn:", "a", "A.", "社会安全号码", "社會安全號碼"};
  private static final String[] WORDS = {"the", "weather", "report", "is", "ready", "phoenix", "project", "今天", "天气",
    "报告", "凤凰", "计", "，", "。", "（", "）", "-", "·", "  ", "\n", "\u200B", "\u0301", "ａ", "Ω", "한국어", "カタカナ",
    "😀", "𠀋", "12", "３", "!", "..."};

  private static String text(Random random) {
    StringBuilder sb = new StringBuilder();
    int parts = 10 + random.nextInt(50);
    for (int i = 0; i < parts; i++) {
      sb.append(random.nextInt(6) == 0 ? PLANTED[random.nextInt(PLANTED.length)] : WORDS[random.nextInt(WORDS.length)]);
      if (random.nextInt(3) == 0) {
        sb.append(' ');
      }
    }
    return sb.toString();
  }

  /** Returns where a term may be live, from the whole text's normalization: the answer before tails. */
  private static int wholeLiveFrom(AhoCorasick[] automata, String original) {
    NormalizedText normalized = NORMALIZER.normalize(original);
    if (normalized.length() == 0) {
      return original.length();
    }
    char[] u = normalized.units();
    int e = normalized.stableEnd();
    int s = e;
    for (AhoCorasick a : automata) {
      s = Math.min(s, a.liveStart(u, e));
    }
    return normalized.originalStart(s);
  }

  /** Says whether a term occurs in the whole text's normalization at a unit that starts at or after {@code at}. */
  private static boolean wholeOccursFrom(AhoCorasick[] automata, String original, int at) {
    NormalizedText normalized = NORMALIZER.normalize(original);
    boolean[] found = {false};
    for (AhoCorasick a : automata) {
      a.findAll(normalized.units(), normalized.length(), (key, start, end) -> {
        if (normalized.originalStart(start) >= at) {
          found[0] = true;
        }
      });
    }
    return found[0];
  }

  private static AhoCorasick[] automata(String[] terms) {
    String[] keys = new String[terms.length];
    for (int i = 0; i < terms.length; i++) {
      keys[i] = NORMALIZER.normalize(terms[i]).text().strip();
    }
    return new AhoCorasick[] {AhoCorasick.build(keys)};
  }

  @Test
  void theTailAnswersWhatTheWholeTextAnswersAtEveryLength() {
    Random random = new Random(20261211);
    List<AhoCorasick[]> sets = new ArrayList<>();
    for (String[] list : LISTS) {
      sets.add(automata(list));
    }
    int checked = 0;
    for (int t = 0; t < 60; t++) {
      String text = text(random);
      AhoCorasick[] automata = sets.get(t % sets.size());
      TailIndex index = new TailIndex(NORMALIZER, automata);
      for (int n = 0; n <= text.length(); n++) {
        String prefix = text.substring(0, n);
        if (n > 0 && Character.isHighSurrogate(prefix.charAt(n - 1))) {
          continue;
        }
        ScanText scan = ScanText.of(prefix);
        assertThat(index.of(scan).liveFrom()).as("live from, %s", prefix).isEqualTo(wholeLiveFrom(automata, prefix));
        for (int k = 0; k < 3; k++) {
          int at = k == 0 ? Math.max(0, n - 1 - random.nextInt(8)) : random.nextInt(n + 1);
          assertThat(index.of(scan).occursFrom(at)).as("occurs from %d, %s", at, prefix)
              .isEqualTo(wholeOccursFrom(automata, prefix, at));
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThan(3000);
  }

  @Test
  void aSetsLiveIndexIsTheLeastOfItsDetectorsAndItsOccurrencesTheirUnion() {
    List<KeywordDetector> alone = new ArrayList<>();
    for (int i = 0; i < LISTS.length; i++) {
      alone.add(KeywordDetector.builder("k" + i).build(List.of(LISTS[i])));
    }
    List<KeywordDetector> shared = KeywordDetector.sharing(alone);
    Random random = new Random(20261212);
    for (int t = 0; t < 40; t++) {
      String text = text(random);
      for (int n = 0; n <= text.length(); n += 1 + random.nextInt(3)) {
        String prefix = text.substring(0, n);
        if (n > 0 && Character.isHighSurrogate(prefix.charAt(n - 1))) {
          continue;
        }
        int least = prefix.length();
        ScanText scan = ScanText.of(prefix);
        for (KeywordDetector d : alone) {
          least = Math.min(least, d.liveFrom(ScanText.of(prefix)));
        }
        int at = random.nextInt(n + 1);
        boolean any = false;
        for (KeywordDetector d : alone) {
          any |= d.mayFindFrom(ScanText.of(prefix), at);
        }
        for (KeywordDetector d : shared) {
          assertThat(d.liveFrom(scan)).as(prefix).isEqualTo(least);
          assertThat(d.mayFindFrom(scan, at)).as("from %d, %s", at, prefix).isEqualTo(any);
        }
      }
    }
  }

  @Test
  void aDetectorThatSaysNoTermOccursFromAnIndexFindsNoneStartingThere() {
    KeywordDetector d = KeywordDetector.builder("k").build(List.of(LISTS[0]));
    Random random = new Random(20261213);
    for (int t = 0; t < 60; t++) {
      String text = text(random);
      ScanText scan = ScanText.of(text);
      for (int at = 0; at <= text.length(); at++) {
        if (!d.mayFindFrom(scan, at)) {
          int from = at;
          assertThat(d.scan(ScanText.of(text))).as("from %d, %s", at, text).allMatch(f -> f.start() < from);
        }
      }
    }
  }
}
