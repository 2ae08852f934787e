package io.kexin.gateway.detect.regex;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.detect.Finding;
import io.kexin.gateway.text.NormalizedText;
import io.kexin.gateway.text.ScanText;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RegexPrefilterTest {
  /** Patterns in the shape of real rules, plus small ones that stress windows, anchors and case folding. */
  static final List<String> PATTERNS = List.of(
      "1[3-9]\\d{9}", "\\d{17}[\\dXx]", "\\b\\d{3}-\\d{2}-\\d{4}\\b",
      "[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63}){0,8}\\.[A-Za-z]{2,24}",
      "[\\w.+-]+@[\\w-]+\\.[\\w.]+", "(?i)api[_-]?key\\s*[:=]\\s*[A-Za-z0-9]{4,8}", "sk-[A-Za-z0-9]{3,6}",
      "AKIA[0-9A-Z]{2}", "\\b(?:\\d{2}[ -]?){2}\\d{2}\\b", "(?i)password\\s*[:=]\\s*\\S{2,6}",
      "\\b\\d{1,3}(?:\\.\\d{1,3}){3}\\b", "(?i)bearer\\s+[a-z0-9._-]{2,20}", "身份证号?[:：]?\\s*\\d{3,5}",
      "\\p{Han}{2}机密", "(?i)ignore (?:all )?previous", "-----BEGIN [A-Z ]{0,5}KEY-----", "(?i)sk\\d",
      "(?i)jdbc:[a-z]{2,12}://\\S{1,20}", "\\+86\\s?1\\d{3}", "^ab|cd$", "(?m)^a1|b2$", "\\bk\\d+\\b", "a.c",
      "ab+c", "x[ab]{2,}y", "(?i)ſk", "\\d{3}", "[0-5]{3}", "@", "(?i)straße", "a\\.b|c-d", "ß\\d",
      "(?i:pwd|token|密码)[a-z_-]{0,3}[\\x27\"]?\\s{0,2}[=:：]\\s?([A-Za-z0-9]{3,8})(?:$|[\\s,，])",
      "(?:ab|cd)\\d{1,3}", "\\bsk\\d{2}", "[京津沪渝冀豫粤][A-HJ-NP-Z][·・ ]?[A-HJ-NP-Z0-9]{2,3}\\b",
      "\\b[京津沪渝冀豫]\\d{2}", "(?:[京津沪渝冀豫]|粤[a-c])k?\\d");
  static final String ALPHABET = "abcdkxyABCK0123456789 .-:=_@\n\'\"，：pwdtokenPWD密码身份证号：机密国家\u212A\u017Fß\uD83D\uDE00ignorepasswrdskAKI+86京沪粤·・津渝冀豫ABJ";

  static Stream<Arguments> conditions() {
    return Stream.of(
        Arguments.of("[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}\\.[A-Za-z]{2,24}", Set.of("@"), 0),
        Arguments.of("(?i)password\\s*[:=]\\s*\\S{6,64}", Set.of("password"), 0),
        Arguments.of("AKIA[0-9A-Z]{16}", Set.of("akia"), 0),
        Arguments.of("身份证号?[:：]?\\s*\\d{15,18}",
            Set.of("身份证", "身份证号", "身份证:", "身份证：", "身份证号:", "身份证号："), 15),
        Arguments.of("\\+86\\s?1\\d{10}", Set.of("+86"), 11),
        Arguments.of("(?i)ignore (?:all )?previous instructions",
            Set.of("ignore previous instructions", "ignore all previous instructions"), 0),
        Arguments.of("-----BEGIN [A-Z ]{0,20}PRIVATE KEY-----", Set.of("private key-----"), 0),
        Arguments.of("1[3-9]\\d{9}", Set.of("1"), 11),
        Arguments.of("\\d{17}[\\dXx]", Set.of(), 17),
        Arguments.of("\\b\\d{1,3}(?:\\.\\d{1,3}){3}\\b", Set.of("."), 1),
        Arguments.of("\\b(?:\\d{4}[ -]?){3}\\d{4}\\b", Set.of(), 4),
        Arguments.of("cat|dog", Set.of("cat", "dog"), 0),
        // A literal beside a list of more than sixteen words gates by the longer strings, not by the literal alone.
        Arguments.of("[A-Z][a-z]{2,24}, (?:AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY) [0-9]{5}",
            Set.of(", al ", ", ak ", ", az ", ", ar ", ", ca ", ", co ", ", ct ", ", de ", ", dc ", ", fl ", ", ga ",
                ", hi ", ", id ", ", il ", ", in ", ", ia ", ", ks ", ", ky "), 5),
        Arguments.of("(?i)straße", Set.of("stra"), 0),
        // Classes of more than four members give no literal; their first units do when they are few and rare.
        Arguments.of("[京津沪渝冀豫][A-HJ-NP-Z][·・ ]?[A-HJ-NP-Z0-9]{5,6}\\b",
            Set.of("京", "津", "沪", "渝", "冀", "豫"), 0),
        Arguments.of("[a京津沪渝冀豫][A-Z]{3}", Set.of(), 0),
        Arguments.of("[京津沪渝冀豫][A-Z]+", Set.of(), 0),
        Arguments.of("a*", Set.of(), 0),
        Arguments.of("\\w+", Set.of(), 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("conditions")
  void derivesRequiredLiteralsAndDigitRuns(String pattern, Set<String> literals, int digitRun) {
    PatternAnalyzer.Analysis analysis = PatternAnalyzer.analyze(pattern, false, RegexDetector.DEFAULT_MAX_PROGRAM_SIZE);
    Condition c = Condition.of(analysis, (int) analysis.maxLength().orElse(-1));
    assertThat(c.literals()).isEqualTo(literals);
    assertThat(c.digitRun()).isEqualTo(digitRun);
  }

  @Test
  void tellsWhichPatternsStartWithTheirLiterals() {
    assertThat(startsWithLiteral("(?i:password|pwd|密码)[a-z]{0,3}\\s?[=:]\\s?(\\S{8,16})")).isTrue();
    assertThat(startsWithLiteral("sk-(?:proj-)?[A-Za-z0-9]{20}")).isTrue();
    assertThat(startsWithLiteral("\\bsk-[A-Za-z0-9]{20}")).isFalse();
    assertThat(startsWithLiteral("^sk-[A-Za-z0-9]{20}")).isFalse();
    assertThat(startsWithLiteral("x?sk-[A-Za-z0-9]{20}")).isFalse();
    assertThat(startsWithLiteral("[A-Za-z0-9]{1,8}@[a-z]{1,8}")).isFalse();
  }

  private static boolean startsWithLiteral(String pattern) {
    PatternAnalyzer.Analysis analysis = PatternAnalyzer.analyze(pattern, false, RegexDetector.DEFAULT_MAX_PROGRAM_SIZE);
    return Condition.of(analysis, (int) analysis.maxLength().orElse(-1)).startsWithLiteral();
  }

  @Test
  void sharedPrefilterFindsWhatRe2jAloneFinds() {
    Random random = new Random(7);
    for (boolean normalized : new boolean[] {false, true}) {
      List<RegexDetector> alone = new ArrayList<>();
      List<com.google.re2j.Pattern> reference = new ArrayList<>();
      for (String p : PATTERNS) {
        alone.add(RegexDetector.builder("r", p).normalized(normalized).build());
        reference.add(com.google.re2j.Pattern.compile(p));
      }
      List<RegexDetector> shared = RegexDetector.sharingPrefilter(alone);
      for (int round = 0; round < 400; round++) {
        String text = randomText(random, round < 350 ? random.nextInt(60) : 500 + random.nextInt(3000));
        ScanText scan = ScanText.of(text);
        for (int i = 0; i < PATTERNS.size(); i++) {
          List<String> want = re2j(reference.get(i), scan, normalized);
          assertThat(spans(alone.get(i).scan(ScanText.of(text)))).as("%s alone on '%s'", PATTERNS.get(i), text)
              .isEqualTo(want);
          assertThat(spans(shared.get(i).scan(scan))).as("%s shared on '%s'", PATTERNS.get(i), text)
              .isEqualTo(want);
        }
      }
    }
  }

  @Test
  void agreesWithJavaUtilRegexOnPatternsBothSupport() {
    Random random = new Random(11);
    List<String> patterns = PATTERNS.stream().filter(p -> !p.contains("\\p") && !p.contains("ß")
        && !p.contains("(?i)") && !p.contains("\\b")).toList();
    List<RegexDetector> shared = RegexDetector.sharingPrefilter(
        patterns.stream().map(p -> RegexDetector.builder("r", p).build()).toList());
    for (int round = 0; round < 300; round++) {
      String text = randomText(random, random.nextInt(200));
      ScanText scan = ScanText.of(text);
      for (int i = 0; i < patterns.size(); i++) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(patterns.get(i)).matcher(text);
        List<String> want = new ArrayList<>();
        while (m.find()) {
          if (m.end() > m.start()) {
            want.add(m.start() + "-" + m.end());
          }
        }
        assertThat(spans(shared.get(i).scan(scan))).as("%s on '%s'", patterns.get(i), text).isEqualTo(want);
      }
    }
  }

  @Test
  void skipsTextsWithoutCandidatesAndSharesOneScanPerText() {
    List<RegexDetector> shared = RegexDetector.sharingPrefilter(List.of(
        RegexDetector.builder("a", "AKIA[0-9A-Z]{16}").build(), RegexDetector.builder("b", "1[3-9]\\d{9}").build()));
    ScanText scan = ScanText.of("no keys here, call 13812345678");
    assertThat(shared.get(0).scan(scan)).isEmpty();
    assertThat(shared.get(1).scan(scan)).extracting(Finding::start, Finding::end)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(19, 30));
  }

  private static String randomText(Random random, int length) {
    StringBuilder sb = new StringBuilder();
    while (sb.length() < length) {
      int k = random.nextInt(ALPHABET.length());
      char c = ALPHABET.charAt(k);
      if (Character.isHighSurrogate(c)) {
        sb.append(c).append(ALPHABET.charAt(k + 1));
      } else if (!Character.isLowSurrogate(c)) {
        sb.append(random.nextInt(5) == 0 ? Character.toUpperCase(c) : c);
      }
    }
    return sb.toString();
  }

  private static List<String> re2j(com.google.re2j.Pattern p, ScanText scan, boolean normalized) {
    NormalizedText n = scan.normalized();
    String s = normalized ? n.text() : scan.original();
    com.google.re2j.Matcher m = p.matcher(s);
    List<String> spans = new ArrayList<>();
    while (m.find()) {
      if (m.end() > m.start()) {
        spans.add(normalized ? n.originalStart(m.start()) + "-" + n.originalEnd(m.end() - 1)
            : m.start() + "-" + m.end());
      }
    }
    return spans;
  }

  private static List<String> spans(List<Finding> findings) {
    return findings.stream().map(f -> f.start() + "-" + f.end()).toList();
  }

  @Test
  void digitRunsFoundOnFirstUseAreEveryRunOfAsciiDigits() {
    Condition digits = Condition.of(PatternAnalyzer.analyze("\\d{3}", false, 1 << 20), 64);
    RegexPrefilter prefilter = RegexPrefilter.of(List.of(digits), false);
    Random random = new Random(23);
    String alphabet = "a1 9订单号0７٣.x";
    for (int round = 0; round < 5000; round++) {
      StringBuilder sb = new StringBuilder();
      for (int k = random.nextInt(40); k > 0; k--) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String text = sb.toString();
      List<Integer> expected = new ArrayList<>();
      for (int i = 0; i < text.length(); i++) {
        boolean digit = text.charAt(i) >= '0' && text.charAt(i) <= '9';
        boolean before = i > 0 && text.charAt(i - 1) >= '0' && text.charAt(i - 1) <= '9';
        boolean after = i + 1 < text.length() && text.charAt(i + 1) >= '0' && text.charAt(i + 1) <= '9';
        if (digit && !before) {
          expected.add(i);
        }
        if (digit && !after) {
          expected.add(i + 1);
        }
      }
      RegexPrefilter.Hits hits = prefilter.hits(ScanText.of(text));
      assertThat(hits.digitRuns()).as(text).containsExactly(expected.stream().mapToInt(Integer::intValue).toArray());
      assertThat(hits.digitRuns()).as("asked again: " + text)
          .containsExactly(expected.stream().mapToInt(Integer::intValue).toArray());
    }
  }

  @Test
  void literalHitsAreInIdThenEndOrderHoweverManyTheTextHolds() {
    // Few hits are sorted by comparison, many by counting: both must give id, then end order.
    List<Condition> conditions = new ArrayList<>();
    for (String pattern : List.of("cat|dog", "@", "(?i)key\\d", "身份证号?\\d{3}", "\\bsk\\d{2}")) {
      conditions.add(Condition.of(PatternAnalyzer.analyze(pattern, false, 1 << 20), 64));
    }
    RegexPrefilter prefilter = RegexPrefilter.of(conditions, false);
    Random random = new Random(29);
    String[] pieces = {"cat", "dog", "@", "KEY", "key", "身份证", "身份证号", "sk", " ", "a", "订单", "。", "Dog"};
    for (int round = 0; round < 3000; round++) {
      StringBuilder sb = new StringBuilder();
      for (int k = random.nextInt(round % 2 == 0 ? 12 : 120); k > 0; k--) {
        sb.append(pieces[random.nextInt(pieces.length)]);
      }
      String text = sb.toString();
      List<Long> expected = new ArrayList<>();
      for (Condition c : conditions) {
        int[] ids = prefilter.idsOf(c);
        List<String> literals = new ArrayList<>(c.literals());
        for (int j = 0; j < ids.length; j++) {
          String literal = literals.get(j);
          for (int end = literal.length(); end <= text.length(); end++) {
            if (text.regionMatches(true, end - literal.length(), literal, 0, literal.length())
                && !expected.contains((long) ids[j] << 32 | end)) {
              expected.add((long) ids[j] << 32 | end);
            }
          }
        }
      }
      expected.sort(null);
      long[] hits = prefilter.hits(ScanText.of(text)).literals();
      assertThat(hits).as(text).containsExactly(expected.stream().mapToLong(Long::longValue).toArray());
    }
  }

  @Test
  void tellsWhetherAndHowOftenEachOfManyLiteralsOccurs() {
    // 200 literals, so the ids span four words of the presence bits; English and Chinese, some sharing suffixes.
    List<Condition> conditions = new ArrayList<>();
    List<String> literals = new ArrayList<>();
    for (int k = 0; k < 100; k++) {
      literals.add("k" + k + "x");
      literals.add("号" + (char) ('甲' + k) + "码");
    }
    for (String literal : literals) {
      conditions.add(Condition.of(PatternAnalyzer.analyze(literal + "\\d", false, 1 << 20), 64));
    }
    RegexPrefilter prefilter = RegexPrefilter.of(conditions, false);
    Random random = new Random(31);
    for (int round = 0; round < 2000; round++) {
      StringBuilder sb = new StringBuilder();
      for (int k = random.nextInt(round % 2 == 0 ? 6 : 60); k > 0; k--) {
        sb.append(random.nextInt(3) == 0 ? literals.get(random.nextInt(literals.size()))
            : random.nextBoolean() ? " the order 订单 " : "K" + random.nextInt(120));
      }
      String text = sb.toString();
      RegexPrefilter.Hits hits = prefilter.hits(ScanText.of(text));
      for (Condition c : conditions) {
        String literal = c.literals().iterator().next();
        int id = prefilter.idsOf(c)[0];
        int expected = 0;
        for (int end = literal.length(); end <= text.length(); end++) {
          expected += text.regionMatches(true, end - literal.length(), literal, 0, literal.length()) ? 1 : 0;
        }
        assertThat(hits.count(id)).as(literal + " in " + text).isEqualTo(expected);
        assertThat(hits.holds(id)).as(literal + " in " + text).isEqualTo(expected > 0);
      }
    }
  }

  /** The shipped licence-plate rule's pattern: a province's character opens it, and a plate is seven units or more. */
  private static final String PLATE = "[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z][·・ ]?"
      + "(?:[0-9][A-HJ-NP-Z0-9]{4,5}|[A-HJ-NP-Z][0-9][A-HJ-NP-Z0-9]{3,4}|[A-HJ-NP-Z]{2}[0-9][A-HJ-NP-Z0-9]{2,3})\\b";

  @Test
  void aLiteralInARunTooShortForAnyMatchLeavesRe2jNoWindowEnglishAndChinese() {
    RegexDetector plate = RegexDetector.sharingPrefilter(List.of(RegexDetector.builder("p", PLATE).build())).get(0);
    for (String text : List.of("新的订单已发货，黑色包裹的车牌是京A12345，川菜很好吃",
        "The new parcel, plate 京A12345, and 新 alone; a 黑 mark")) {
      int at = text.indexOf("京A12345");
      long[] windows = plate.literalWindows(ScanText.of(text));
      assertThat(windows).as(text).hasSize(1);
      assertThat((int) (windows[0] >>> 32)).as(text).isLessThanOrEqualTo(at);
      assertThat((int) windows[0]).as(text).isGreaterThanOrEqualTo(at + 7);
      assertThat(spans(plate.scan(ScanText.of(text)))).as(text).containsExactly(at + "-" + (at + 7));
    }
    assertThat(plate.literalWindows(ScanText.of("新的一年，黑夜与川流 in the new year"))).isEmpty();
  }

  /** A US address's tail: a town, a state's code among a list of them, five digits. */
  private static final String US_TAIL =
      "[A-Z][a-z]{2,24}, (?:AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY) [0-9]{5}";

  @Test
  void aLiteralFarFromTheDigitsEveryMatchNeedsLeavesRe2jNoWindowEnglishAndChinese() {
    RegexDetector us = RegexDetector.sharingPrefilter(List.of(RegexDetector.builder("u", US_TAIL).build())).get(0);
    for (String text : List.of("Answer concisely, in the language of the question; order #12345 ships to Springfield, IL 62704",
        "请用中文回答, in short; 订单号 12345 已发货。地址 Springfield, IL 62704")) {
      int at = text.indexOf("Springfield");
      long[] windows = us.literalWindows(ScanText.of(text));
      assertThat(windows).as(text).hasSize(1);
      assertThat((int) (windows[0] >>> 32)).as(text).isLessThanOrEqualTo(at);
      assertThat(spans(us.scan(ScanText.of(text)))).as(text).containsExactly(at + "-" + text.length());
    }
    assertThat(us.literalWindows(ScanText.of("Reply briefly, in English; 订单 #12345"))).isEmpty();
  }

  @Test
  void windowsLeftOutForTheirLengthHoldNoMatchOnRandomEnglishAndChineseText() {
    // Patterns whose matches consist of few kinds of units and have a least length, each against RE2J over the
    // whole text: plates among province characters in words, a key of two parts around a period in prose.
    List<String> patterns = List.of(PLATE, "\\b([0-9a-f]{32}\\.[A-Za-z0-9]{16})\\b", "[京沪][A-Z]{2}[0-9]{3}",
        "x[ab]{2,}y", "(?:ab|cd)[0-9]{1,3}", US_TAIL, "(?:ab|cd) ?[0-9]{3}x");
    String[] pieces = {"新的", "黑色", "京A12345", "粤B·D12345", "沪AD12345", "京A·12345", "川 ", "京A ", "沪AB123",
        "the new ", "Plate ", "A1", "12345", " ", "，", "。", ".", "a.b", "xaby", "xay", "ab12", "cd", "9",
        "0123456789abcdef0123456789abcdef", "AbCdEfGh12345678", "Hello.", " end", "订单", "ZZ", ", in ", ", IN ",
        "Springfield, IL 62704", "#12345", "Austin", ", ca ", "Dover, DE ", "123x", " cd 123x", ";"};
    List<RegexDetector> alone = new ArrayList<>();
    List<com.google.re2j.Pattern> reference = new ArrayList<>();
    for (String p : patterns) {
      alone.add(RegexDetector.builder("r", p).build());
      reference.add(com.google.re2j.Pattern.compile(p));
    }
    List<RegexDetector> shared = RegexDetector.sharingPrefilter(alone);
    Random random = new Random(29);
    for (int round = 0; round < 3000; round++) {
      StringBuilder sb = new StringBuilder();
      for (int k = random.nextInt(30); k > 0; k--) {
        sb.append(pieces[random.nextInt(pieces.length)]);
      }
      String text = sb.toString();
      ScanText scan = ScanText.of(text);
      for (int i = 0; i < patterns.size(); i++) {
        assertThat(spans(shared.get(i).scan(scan))).as("%s on '%s'", patterns.get(i), text)
            .isEqualTo(re2j(reference.get(i), scan, false));
      }
    }
  }
}
