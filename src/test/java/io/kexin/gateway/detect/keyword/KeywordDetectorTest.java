package io.kexin.gateway.detect.keyword;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kexin.gateway.detect.CueWalk;
import io.kexin.gateway.detect.Finding;
import io.kexin.gateway.text.NormalizedText;
import io.kexin.gateway.text.Normalizer;
import io.kexin.gateway.text.ScanText;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KeywordDetectorTest {
  private static final Normalizer NORMALIZER = ScanText.defaultNormalizer();
  private static final KeywordDetector DETECTOR = KeywordDetector.builder("keyword.test")
      .build(List.of("敏感词", "敏感", "法轮功", "secret", "top secret", "pass word", "c++", "api_key", "國家機密"));

  static Stream<Arguments> cases() {
    return Stream.of(
        // text, expected matched original substrings in order
        Arguments.of("plain chinese", "这是敏感词吗", List.of("敏感词")),
        Arguments.of("longest wins", "敏感词敏感", List.of("敏感词", "敏感")),
        Arguments.of("separators between han", "这是敏*感*词吗", List.of("敏*感*词")),
        Arguments.of("spaces between han", "敏 感 词", List.of("敏 感 词")),
        Arguments.of("zero width inside han", "敏\u200B感\u200B词", List.of("敏\u200B感\u200B词")),
        Arguments.of("traditional in text", "討論敏感詞", List.of("敏感詞")),
        Arguments.of("traditional term simplified text", "国家机密文件", List.of("国家机密")),
        Arguments.of("full width separators", "法＊轮－功", List.of("法＊轮－功")),
        Arguments.of("han needs no boundary", "abc法轮功xyz", List.of("法轮功")),
        Arguments.of("english word", "this is a secret.", List.of("secret")),
        Arguments.of("english longest", "a top secret plan", List.of("top secret")),
        Arguments.of("english inside word refused", "secretary secrets", List.of()),
        Arguments.of("english case and width", "SECRET ＳＥＣＲＥＴ", List.of("SECRET", "ＳＥＣＲＥＴ")),
        Arguments.of("english look-alike", "ѕеcrеt", List.of("ѕеcrеt")),
        Arguments.of("english zero width", "se\u200Bcret", List.of("se\u200Bcret")),
        Arguments.of("english whitespace collapsed", "pass \n\t word", List.of("pass \n\t word")),
        Arguments.of("english next to han", "这是secret吗", List.of("secret")),
        Arguments.of("symbol end needs no boundary", "c++x", List.of("c++")),
        Arguments.of("symbol term inside word refused", "xc++", List.of()),
        Arguments.of("underscore is not a word char", "my api_key=1", List.of("api_key")),
        Arguments.of("digits are word chars", "1secret", List.of()),
        Arguments.of("no match", "nothing to see here 没有问题", List.of()),
        Arguments.of("empty text", "", List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void findsTerms(String name, String text, List<String> expected) {
    List<Finding> findings = DETECTOR.scan(ScanText.of(text));
    assertThat(findings).extracting(f -> text.substring(f.start(), f.end())).containsExactlyElementsOf(expected);
    assertThat(findings).allSatisfy(f -> {
      assertThat(f.ruleId()).isEqualTo("keyword.test");
      assertThat(f.entity()).isEqualTo("KEYWORD");
      assertThat(f.explanation()).startsWith("keyword list term #").doesNotContain(text.substring(f.start(), f.end()));
    });
  }

  @Test
  void matchesInsideWordsWhenWholeWordIsOff() {
    KeywordDetector d = KeywordDetector.builder("k").wholeWord(false).build(List.of("secret"));
    assertThat(d.scan(ScanText.of("secretary"))).extracting(Finding::start, Finding::end)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 6));
  }

  @Test
  void namesTheFirstOfDuplicateTerms() {
    KeywordDetector d = KeywordDetector.builder("k").build(List.of("bar", "FOO", "foo", "ｆｏｏ", "baz"));
    assertThat(d.scan(ScanText.of("foo"))).extracting(Finding::explanation).containsExactly("keyword list term #1");
    assertThat(d.termCount()).isEqualTo(5);
  }

  @Test
  void usesItsOwnNormalizerWhenTheTextHasAnother() {
    Normalizer other = Normalizer.standard();
    assertThat(DETECTOR.scan(ScanText.of("敏*感", other))).hasSize(1);
  }

  @Test
  void agreesWithBruteForceLeftmostLongest() {
    Random random = new Random(7);
    for (int round = 0; round < 500; round++) {
      Set<String> terms = new HashSet<>();
      int termCount = 1 + random.nextInt(8);
      while (terms.size() < termCount) {
        terms.add(randomString(random, 1 + random.nextInt(4)));
      }
      String text = randomString(random, random.nextInt(40));
      KeywordDetector d = KeywordDetector.builder("k").wholeWord(false).build(new ArrayList<>(terms));
      List<int[]> expected = bruteForce(terms, text);
      assertThat(d.scan(ScanText.of(text))).as("terms %s text %s", terms, text)
          .extracting(f -> f.start() + "-" + f.end())
          .containsExactlyElementsOf(expected.stream().map(m -> m[0] + "-" + m[1]).toList());
    }
  }

  @Test
  void wholeWordAgreesWithBruteForceOnChineseAndEnglish() {
    // Whole-word terms that start with a letter are looked for only at word starts, the others everywhere: the
    // split must find exactly what one scan of every term at every offset finds.
    Random random = new Random(11);
    String alphabet = "ab中文 -é";
    for (int round = 0; round < 2000; round++) {
      List<String> terms = new ArrayList<>();
      List<String> keys = new ArrayList<>();
      int termCount = 1 + random.nextInt(8);
      while (terms.size() < termCount) {
        String term = randomString(random, alphabet, 1 + random.nextInt(4));
        String key = NORMALIZER.normalize(term).text().strip();
        if (!key.isEmpty()) {
          terms.add(term);
          keys.add(key);
        }
      }
      String text = randomString(random, alphabet, random.nextInt(40));
      List<String> all = new ArrayList<>(terms);
      if (round % 2 == 0) {
        // Enough whole-word terms (that never occur here) for word-start terms to get their own trie.
        for (int f = 0; f < KeywordDetector.MIN_WORD_START_TERMS; f++) {
          all.add("x" + (char) ('a' + f % 26) + (char) ('a' + f / 26));
        }
      }
      KeywordDetector d = KeywordDetector.builder("k").build(all);
      NormalizedText normalized = NORMALIZER.normalize(text);
      String t = normalized.text();
      List<String> expected = new ArrayList<>();
      int i = 0;
      while (i < t.length()) {
        int longest = 0;
        for (String k : keys) {
          if (t.startsWith(k, i) && onBoundaries(t, k, i)) {
            longest = Math.max(longest, k.length());
          }
        }
        if (longest > 0) {
          expected.add(normalized.originalStart(i) + "-" + normalized.originalEnd(i + longest - 1));
          i += longest;
        } else {
          i++;
        }
      }
      assertThat(d.scan(ScanText.of(text))).as("terms %s text '%s'", terms, text)
          .extracting(f -> f.start() + "-" + f.end()).containsExactlyElementsOf(expected);
    }
  }

  private static boolean onBoundaries(String t, String key, int start) {
    int end = start + key.length();
    return (!KeywordDetector.isWordChar(key.codePointAt(0)) || start == 0
            || !KeywordDetector.isWordChar(t.codePointBefore(start)))
        && (!KeywordDetector.isWordChar(key.codePointBefore(key.length())) || end == t.length()
            || !KeywordDetector.isWordChar(t.codePointAt(end)));
  }

  private static String randomString(Random random, String alphabet, int length) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < length; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  private static String randomString(Random random, int length) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < length; i++) {
      sb.append("abc".charAt(random.nextInt(3)));
    }
    return sb.toString();
  }

  private static List<int[]> bruteForce(Set<String> terms, String text) {
    List<int[]> matches = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      int longest = 0;
      for (String t : terms) {
        if (text.startsWith(t, i)) {
          longest = Math.max(longest, t.length());
        }
      }
      if (longest > 0) {
        matches.add(new int[] {i, i + longest});
        i += longest;
      } else {
        i++;
      }
    }
    return matches;
  }

  @Test
  void compilesTwoHundredThousandTerms() {
    Random random = new Random(1);
    List<String> terms = new ArrayList<>(200_000);
    String cjk = "敏感词国家机密文件法轮功测试数据安全";
    for (int i = 0; i < 200_000; i++) {
      StringBuilder sb = new StringBuilder();
      boolean han = random.nextBoolean();
      int length = 3 + random.nextInt(10);
      for (int k = 0; k < length; k++) {
        sb.append(han ? cjk.charAt(random.nextInt(cjk.length())) : (char) ('a' + random.nextInt(26)));
      }
      terms.add(sb.toString());
    }
    KeywordDetector d = KeywordDetector.builder("k").build(terms);
    assertThat(d.termCount()).isEqualTo(200_000);
    for (int i : new int[] {0, 1, 99_999, 199_999}) {
      String term = terms.get(i);
      String text = "前 " + term + " 后";
      List<Finding> findings = d.scan(ScanText.of(text));
      assertThat(findings).extracting(f -> text.substring(f.start(), f.end())).contains(term);
    }
    assertThat(d.scan(ScanText.of("0123456789 !!"))).isEmpty();
  }

  @Test
  void boundsMatchLengthByExpansionFactor() {
    assertThat(KeywordDetector.builder("k").build(List.of("abc", "敏感词汇")).maxMatchLength()).isEqualTo(32);
    assertThat(KeywordDetector.builder("k").expansionFactor(2).build(List.of("abc")).maxMatchLength()).isEqualTo(6);
    assertThat(KeywordDetector.builder("k").build(List.of()).maxMatchLength()).isZero();
    assertThat(KeywordDetector.builder("k").build(List.of()).scan(ScanText.of("abc"))).isEmpty();
  }

  @Test
  void rejectsBadTermsAndOptions() {
    assertThatThrownBy(() -> KeywordDetector.builder("k").build(List.of("ok", "\u200B ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("terms[1]: empty after normalization (expected: at least one visible character)");
    assertThatThrownBy(() -> KeywordDetector.builder("k").expansionFactor(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expansionFactor: 0 (expected: >= 1)");
  }

  @Test
  void asksASharedCueWalkWhereItWasMadeAndFindsTheSame() {
    CueWalk walk = CueWalk.of(NORMALIZER, List.of(List.of("ignore", "忽略", "se"), DETECTOR.terms()));
    KeywordDetector walking = DETECTOR.walkingWith(walk.part(1));
    Random random = new Random(7);
    String[] pieces = {"secret", "Secret", "secretary", "xsecret", "top secret", "敏感词", "敏 感", "这是", "国家机密",
        "c++", "xc++", "api_key", "pass word", "ignore", "忽略", "1secret", "ѕеcrеt", " ", " ", "。", "\n", "的", "s"};
    for (int round = 0; round < 2000; round++) {
      StringBuilder b = new StringBuilder();
      for (int k = random.nextInt(12); k > 0; k--) {
        b.append(pieces[random.nextInt(pieces.length)]);
      }
      String text = b.toString();
      ScanText walked = ScanText.of(text);
      walk.part(0).findAll(walked, (t, s, e) -> { });
      assertThat(walk.part(1).walked(walked)).isTrue();
      assertThat(walking.scan(walked)).as("walked: %s", text).isEqualTo(DETECTOR.scan(ScanText.of(text)));
      ScanText fresh = ScanText.of(text);
      assertThat(walking.scan(fresh)).as("not walked: %s", text).isEqualTo(DETECTOR.scan(ScanText.of(text)));
      assertThat(walk.part(1).walked(fresh)).as("a detector alone makes no walk").isFalse();
    }
  }

  @Test
  void walksOnlyWithWholeWordTerms() {
    assertThat(DETECTOR.boundedAtWordStarts()).isTrue();
    KeywordDetector anywhere = KeywordDetector.builder("k").wholeWord(false).build(List.of("敏感", "kill"));
    assertThat(anywhere.boundedAtWordStarts()).isFalse();
    assertThat(KeywordDetector.builder("k").wholeWord(false).build(List.of("敏感", "--x")).boundedAtWordStarts())
        .as("no term starts with an ASCII letter or digit").isTrue();
    CueWalk walk = CueWalk.of(NORMALIZER, List.of(List.of("ignore"), anywhere.terms()));
    assertThatThrownBy(() -> anywhere.walkingWith(walk.part(1))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("walk:");
  }
}
