package io.kexin.gateway.detect.regex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kexin.gateway.detect.Finding;
import io.kexin.gateway.text.ScanText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RegexDetectorTest {

  static Stream<Arguments> matches() {
    return Stream.of(
        // pattern, case-insensitive, normalized, text, expected matched substrings
        Arguments.of("\\d{3}-\\d{4}", false, false, "call 555-1234 or 555-9876", List.of("555-1234", "555-9876")),
        Arguments.of("1[3-9]\\d{9}", false, false, "手机号13812345678，请联系", List.of("13812345678")),
        Arguments.of("身份证号?[:：]\\s*\\d{17}[\\dXx]", false, false, "身份证号：11010519491231002X 已登记",
            List.of("身份证号：11010519491231002X")),
        Arguments.of("\\p{Han}{2}机密", false, false, "这是国家机密文件", List.of("国家机密")),
        Arguments.of("secret", true, false, "SECRET Secret secret", List.of("SECRET", "Secret", "secret")),
        Arguments.of("secret", false, false, "SECRET Secret secret", List.of("secret")),
        Arguments.of("sk\\d", true, false, "\u017F\u212A1 SK2", List.of("\u017F\u212A1", "SK2")),
        Arguments.of("(?i)api[_-]?key", false, false, "API_KEY apikey", List.of("API_KEY", "apikey")),
        Arguments.of("\\bcat\\b", false, false, "cat concat cat.", List.of("cat", "cat")),
        Arguments.of("a*", false, false, "baab", List.of("aa")),
        Arguments.of("1[3-9]\\d{9}", false, true, "手机号１３８１２３４５６７８。", List.of("１３８１２３４５６７８")),
        Arguments.of("password", false, true, "PASS\u200BWORD", List.of("PASS\u200BWORD")),
        Arguments.of("敏感词", false, true, "敏*感*詞", List.of("敏*感*詞")),
        Arguments.of("\\d+", false, false, "no digits here 没有", List.of()));
  }

  @ParameterizedTest(name = "{0} on {3}")
  @MethodSource("matches")
  void findsMatches(String pattern, boolean caseInsensitive, boolean normalized, String text, List<String> expected) {
    RegexDetector d = RegexDetector.builder("regex.test", pattern)
        .caseInsensitive(caseInsensitive).normalized(normalized).build();
    List<Finding> findings = d.scan(ScanText.of(text));
    assertThat(findings).extracting(f -> text.substring(f.start(), f.end())).containsExactlyElementsOf(expected);
    assertThat(findings).allSatisfy(f -> {
      assertThat(f.ruleId()).isEqualTo("regex.test");
      assertThat(f.entity()).isEqualTo("PATTERN");
    });
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of("(a)\\1", "backreference '\\1' at index 3"),
        Arguments.of("(?P<x>a)\\k<x>", "named backreference '\\k<' at index 8"),
        Arguments.of("(a)\\g1", "backreference '\\g1' at index 3"),
        Arguments.of("(?P<x>a)(?P=x)", "named backreference '(?P=' at index 8"),
        Arguments.of("(?=a)b", "lookahead '(?=' at index 0"),
        Arguments.of("x(?!a)", "negative lookahead '(?!' at index 1"),
        Arguments.of("(?<=a)b", "lookbehind '(?<=' at index 0"),
        Arguments.of("ab(?<!a)", "negative lookbehind '(?<!' at index 2"),
        Arguments.of("(?>a+)b", "atomic group '(?>' at index 0"),
        Arguments.of("a++", "possessive quantifier '++' at index 1"),
        Arguments.of("ba*+", "possessive quantifier '*+' at index 2"),
        Arguments.of("a?+", "possessive quantifier '?+' at index 1"),
        Arguments.of("\\d{2,3}+", "possessive quantifier '{2,3}+' at index 2"),
        Arguments.of("(?(1)a|b)", "conditional '(?(' at index 0"),
        Arguments.of("a(?R)?", "recursion '(?R' at index 1"),
        Arguments.of("(a)(?1)", "recursion '(?1' at index 3"),
        Arguments.of("\\Z", "invalid escape sequence '\\Z' at index 0"),
        Arguments.of("(ab", "missing closing )"),
        Arguments.of("[a", "missing closing ]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void refusesConstructsThatCannotRunInLinearTime(String pattern, String message) {
    assertThatThrownBy(() -> RegexDetector.builder("r", pattern).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("pattern: ")
        .hasMessageContaining(message)
        .hasMessageEndingWith(PatternAnalyzer.EXPECTED + ")");
  }

  @Test
  void acceptsLookalikesOfRefusedConstructs() {
    for (String pattern : List.of("\\\\1", "[(?=]", "[+]+", "a+?", "a{2}?", "\\(\\?=", "a{,3}", "\\Q(?=\\E")) {
      assertThat(RegexDetector.builder("r", pattern).build().pattern()).isEqualTo(pattern);
    }
  }

  static Stream<Arguments> tooCostly() {
    return Stream.of(
        Arguments.of("((a{1000}){1000}){1000}", "repetition '{1000}' at index 10 expands the pattern to about 1002000"
            + " instructions (expected: at most 100000; reduce nested repetition counts)"),
        Arguments.of("(a{1,1000}){1,1000}", "repetition '{1,1000}' at index 11 expands the pattern to about"),
        Arguments.of("(?:x{500}){500}", "repetition '{500}' at index 10 expands the pattern to about 250000"),
        Arguments.of("(?:机密{1000}){1000}", "repetition '{1000}' at index 12 expands the pattern to about 1001000"),
        Arguments.of("(?i)(?:secret|机密){5}(?:[a-z\\p{Han}]{1000}){1000}", "repetition '{1000}' at index 42"),
        Arguments.of("(a|b){1000}{1000}", "repetition '{1000}' at index 11"),
        Arguments.of("a{2000000000}", "invalid repeat count '{2000000000}' at index 1 (expected: counts of at most"
            + " 1000)"),
        Arguments.of("x{99999999999999}", "invalid repeat count '{99999999999999}' at index 1"),
        Arguments.of("a{1001}", "invalid repeat count '{1001}' at index 1"),
        Arguments.of("(".repeat(101) + "a" + ")".repeat(101), "groups nested more than 100 deep at index 100"
            + " (expected: at most 100 levels of parentheses)"),
        Arguments.of("(?:".repeat(2000) + "密" + ")".repeat(2000), "groups nested more than 100 deep at index 300"),
        Arguments.of("x".repeat(8193), "pattern: 8193 characters long (expected: at most 8192; a long list of terms"
            + " belongs in a keyword detector's wordList)"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("tooCostly")
  void refusesPatternsTooCostlyToBuildBeforeBuildingThem(String pattern, String message) {
    assertThatThrownBy(() -> RegexDetector.builder("r", pattern).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("pattern: ")
        .hasMessageContaining(message);
  }

  @Test
  void acceptsTheLargestCountsAndDeepestNestingAllowed() {
    RegexDetector deep = RegexDetector.builder("r", "(".repeat(100) + "机密" + ")".repeat(100)).build();
    RegexDetector counted = RegexDetector.builder("r", "(?:ab{9}){1000}").build();

    assertThat(deep.scan(ScanText.of("这是机密"))).hasSize(1);
    assertThat(counted.scan(ScanText.of("ab".repeat(5)))).isEmpty();
  }

  @Test
  void largeClassesAndUnionsOfClassesLoadAndMatch() {
    StringBuilder han = new StringBuilder();
    for (int i = 0; i < 3000; i++) {
      han.appendCodePoint(0x4E00 + 2 * i);
    }
    StringBuilder union = new StringBuilder("(?:");
    for (int j = 0; j < 200; j++) {
      union.append(j == 0 ? "" : "|").append('[');
      for (int i = 0; i < 30; i++) {
        union.appendCodePoint(0x4E00 + j * 7 + 2 * i);
      }
      union.append(']');
    }
    union.append("){2}Key");

    RegexDetector repeated = RegexDetector.builder("r", "[" + han + "]{100}").caseInsensitive(true).build();
    RegexDetector unionOfClasses = RegexDetector.builder("r", union.toString()).caseInsensitive(true).build();

    assertThat(repeated.scan(ScanText.of("前 " + "一".repeat(100) + " 后"))).hasSize(1);
    assertThat(repeated.scan(ScanText.of("丁".repeat(100)))).isEmpty();
    assertThat(unionOfClasses.scan(ScanText.of("这是一丂KEY"))).extracting(Finding::end).containsExactly(7);
    assertThat(unionOfClasses.scan(ScanText.of("this is english key"))).isEmpty();
  }

  @Test
  void theProgramEstimateIsNeverBelowTheCompiledProgram() throws Exception {
    List<String> patterns = new ArrayList<>(List.of("a", "abc", "(abc)", "(?:abc)", "a|b", "ab|cd|ef", "a*", "a+",
        "a?", "a{3}", "a{3,5}", "a{3,}", "(a){3}", "(ab){2,4}", "^a$", "\\ba", "[a-z]", "(?i)abc", "x(a{10}){10}",
        "", "a{0}", "a{0,3}", "(a|b)*", "(?:a{1,1000}){0,10}", "(?P<k>密钥)[:：]\\s*\\w{8,64}", "\\Q(?=\\E",
        "(?i)api[_-]?key", "(?:(?:ab){2,3}|c{4}){5,}"));
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    try (Stream<Path> files = Files.list(Path.of("policies"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
        for (JsonNode rule : yaml.readTree(f.toFile()).path("rules")) {
          for (String kind : List.of("regex", "secret")) {
            JsonNode pattern = rule.path("detector").path(kind).path("pattern");
            if (pattern.isTextual()) {
              patterns.add(pattern.asText());
            }
          }
        }
      }
    }
    assertThat(patterns).hasSizeGreaterThan(60);

    for (String p : patterns) {
      long estimate = PatternAnalyzer.analyze(p, false, Long.MAX_VALUE).programSize();
      assertThat(estimate).as(p).isGreaterThanOrEqualTo(com.google.re2j.Pattern.compile(p).programSize());
    }
  }

  @Test
  void aRuleOpeningWithManyFieldNamesIsGatedByThem() {
    // 40 field names: with at most 32 strings of which a match must contain one, the rule ran on every text.
    StringBuilder names = new StringBuilder();
    for (String first : List.of("Legal", "Last", "First", "Family", "Given", "Middle", "Maiden", "Guest")) {
      for (String tail : List.of(" name", " names", " Name", "-name", "_name")) {
        names.append(names.length() == 0 ? "" : "|").append(first).append(tail);
      }
    }
    RegexDetector d = RegexDetector.builder("regex.test", "(?:" + names + "):[ \\t]{0,3}(\\p{Lu}\\p{Ll}{1,24})")
        .group(1).build();
    assertThat(d.gatedByLiterals()).isTrue();
    assertThat(d.scan(ScanText.of("Guest_name: Katharina"))).extracting(Finding::start).containsExactly(12);
    assertThat(d.scan(ScanText.of("Katharina Müller checked in"))).isEmpty();
  }

  @Test
  void everyShippedPersonalDataPatternIsGated() throws Exception {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    List<String> ungated = new ArrayList<>();
    int count = 0;
    for (JsonNode rule : yaml.readTree(Path.of("policies/pii.yaml").toFile()).path("rules")) {
      JsonNode regex = rule.path("detector").path("regex");
      if (regex.path("pattern").isTextual()) {
        count++;
        RegexDetector d = RegexDetector.builder(rule.path("id").asText(), regex.path("pattern").asText())
            .group(regex.path("group").asInt(0)).build();
        if (!d.gatedByLiterals()) {
          ungated.add(rule.path("id").asText());
        }
      }
    }
    assertThat(count).isGreaterThan(8);
    // A digit run alone gates little: four digits stand in most texts.
    assertThat(ungated).as("rules searched wherever their digits stand").isEmpty();
  }

  @Test
  void lastRoundsChatAndSwiftRulesStayClosedOnProseAndOpenWhereTheyMatch() throws Exception {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    List<String> ids = List.of("pii.person-name-chat", "pii.person-name-swift", "pii.street-address-swift");
    // prose with commas, colons, brackets (none followed by a space), parentheses and digits: no chat-export header, no MT103 field
    List<ScanText> prose = List.of(
        ScanText.of("One more thing: the invoice shows a shipping fee of 12 yuan, but the checkout page [v2.3], said"
            + " shipping was free for orders over 99 yuan, so please check it (order 20261207, 10:42)."),
        ScanText.of("我的订单总额是 356 元，所以这笔运费是不是收错了？请帮我核实一下，并告诉我退款大概需要多久到账。"
            + "另外，如果键盘在周五之前到不了，我能否改成到店自提？[附件]: 发票.pdf, 截图: 12:30"));
    int checked = 0;
    for (JsonNode rule : yaml.readTree(Path.of("policies/pii.yaml").toFile()).path("rules")) {
      if (!ids.contains(rule.path("id").asText())) {
        continue;
      }
      checked++;
      JsonNode regex = rule.path("detector").path("regex");
      RegexDetector d = RegexDetector.builder(rule.path("id").asText(), regex.path("pattern").asText())
          .group(regex.path("group").asInt(0)).build();
      for (ScanText text : prose) {
        assertThat(d.mayMatch(text)).as(rule.path("id").asText() + " opened by prose").isFalse();
      }
      for (JsonNode example : rule.path("examples").path("match")) {
        ScanText text = ScanText.of(example.asText());
        assertThat(d.mayMatch(text)).as(example.asText()).isTrue();
        assertThat(d.scan(text)).as(example.asText()).isNotEmpty();
      }
    }
    assertThat(checked).isEqualTo(ids.size());
  }

  static Stream<Arguments> bounds() {
    return Stream.of(
        Arguments.of("abc", OptionalInt.of(3)),
        Arguments.of("a{2,5}", OptionalInt.of(5)),
        Arguments.of("(ab|cde)f", OptionalInt.of(4)),
        Arguments.of("\\d{3}-\\d{4}", OptionalInt.of(8)),
        Arguments.of("1[3-9]\\d{9}", OptionalInt.of(11)),
        Arguments.of("x?", OptionalInt.of(1)),
        Arguments.of(".", OptionalInt.of(2)),
        Arguments.of("[a-z]", OptionalInt.of(1)),
        Arguments.of("[^a]", OptionalInt.of(2)),
        Arguments.of("\\p{Han}{2}", OptionalInt.of(4)),
        Arguments.of("(?i)abc", OptionalInt.of(3)),
        Arguments.of("(?i:ab)c", OptionalInt.of(3)),
        Arguments.of("^$", OptionalInt.of(0)),
        Arguments.of("(?:ab){3}", OptionalInt.of(6)),
        Arguments.of("(?P<n>ab){2}c?", OptionalInt.of(5)),
        Arguments.of("\\Qa.b\\E", OptionalInt.of(3)),
        Arguments.of("a{,3}", OptionalInt.of(5)),
        Arguments.of("\uD83D\uDE00", OptionalInt.of(2)),
        Arguments.of("\\x{1F600}|\\x41", OptionalInt.of(2)),
        Arguments.of("[\uD83D\uDE00a]", OptionalInt.of(2)),
        Arguments.of("\\b\\w{1,10}\\b", OptionalInt.of(10)),
        Arguments.of("敏感词", OptionalInt.of(3)),
        Arguments.of("a{1000}b{1000}", OptionalInt.of(2000)),
        Arguments.of("a+", OptionalInt.empty()),
        Arguments.of("a*", OptionalInt.empty()),
        Arguments.of("(ab){2,}", OptionalInt.empty()),
        Arguments.of("x|y.*", OptionalInt.empty()),
        Arguments.of("(x|)*", OptionalInt.empty()));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("bounds")
  void derivesMatchLengthBound(String pattern, OptionalInt expected) {
    RegexDetector d = RegexDetector.builder("r", pattern).build();
    assertThat(d.boundedLength()).isEqualTo(expected);
    assertThat(d.maxMatchLength()).isEqualTo(expected.orElse(Integer.MAX_VALUE));
  }

  @Test
  void explicitCapLimitsMaxMatchLength() {
    assertThat(RegexDetector.builder("r", "a+").maxMatchLength(64).build().maxMatchLength()).isEqualTo(64);
    assertThat(RegexDetector.builder("r", "abc").maxMatchLength(64).build().maxMatchLength()).isEqualTo(3);
    assertThat(RegexDetector.builder("r", "abc").normalized(true).build().maxMatchLength()).isEqualTo(24);
    assertThatThrownBy(() -> RegexDetector.builder("r", "a").maxMatchLength(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxMatchLength: 0 (expected: > 0)");
  }

  @Test
  void prefiltersWithAnAutomatonWhenOneIsSmallEnough() {
    for (String p : List.of("1[3-9]\\d{9}", "(?i)api[_-]?key", "[\\w.+-]+@[\\w-]+\\.[\\w.]+", "\\p{Han}{2}机密",
        "sk-[A-Za-z0-9]{20,48}", "[^a]b")) {
      assertThat(RegexDetector.builder("r", p).build().prefilterBytes()).as(p).isBetween(1L, 1L << 20);
    }
    // Nullable patterns and automata that explode when determinized run on RE2J alone.
    for (String p : List.of("a*", "x?y?", "[ab]*a[ab]{20}")) {
      assertThat(RegexDetector.builder("r", p).build().prefilterBytes()).as(p).isEqualTo(-1);
    }
  }

  @Test
  void nestedQuantifierRunsInLinearTime() {
    String as = "a".repeat(100_000);
    RegexDetector d = RegexDetector.builder("r", "(a+)+$").build();
    List<Finding> matched = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> d.scan(ScanText.of(as)));
    assertThat(matched).extracting(Finding::start, Finding::end)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 100_000));
    List<Finding> failed = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> d.scan(ScanText.of(as + "!")));
    assertThat(failed).isEmpty();
  }

  @Test
  void agreesWithJavaUtilRegexOnRandomInputs() {
    List<String> patterns = List.of("a+b", "(ab|a)c", "\\d+", "[a-c]+x?", "foo|foobar", "(a|b)*c", "\\bab\\b",
        "x{2,3}", "^a", "b$", "[^ab]+", "a.c", "(?:ab){2}", "\\w+@\\w+", "ab?c?", "[0-9]{2}-[0-9]{2}",
        "c[ab]{1,3}?", "\\s+", "(a|ab)(c|bcd)", "[ac]x+", "\\Aab", "ab\\z", "\\Bb", "(?m)^a|b$", "a\\b",
        "(?i:ab)c", "(?i)ca{1,2}b", "ab[c]|abx", "\\Qa.\\Eb", "[^a ]{2}", "0{2}|1{3}", "\\x41|[\\x30-\\x31]{2}");
    String alphabet = "abcx01 -@f";
    Random random = new Random(3);
    for (String p : patterns) {
      for (boolean caseInsensitive : new boolean[] {false, true}) {
        RegexDetector d = RegexDetector.builder("r", p).caseInsensitive(caseInsensitive).build();
        java.util.regex.Pattern expected =
            java.util.regex.Pattern.compile(p, caseInsensitive ? java.util.regex.Pattern.CASE_INSENSITIVE : 0);
        for (int round = 0; round < 320; round++) {
          StringBuilder sb = new StringBuilder();
          // Long texts make candidates dense enough to leave the windowed search.
          int length = round < 300 ? random.nextInt(30) : 2000 + random.nextInt(2000);
          for (int i = 0; i < length; i++) {
            char c = alphabet.charAt(random.nextInt(alphabet.length()));
            sb.append(random.nextInt(4) == 0 ? Character.toUpperCase(c) : c);
          }
          String text = sb.toString();
          List<String> want = new ArrayList<>();
          java.util.regex.Matcher m = expected.matcher(text);
          while (m.find()) {
            if (m.end() > m.start()) {
              want.add(m.start() + "-" + m.end());
            }
          }
          assertThat(d.scan(ScanText.of(text))).as("%s on '%s'", p, text)
              .extracting(f -> f.start() + "-" + f.end()).containsExactlyElementsOf(want);
        }
      }
    }
  }

  static Stream<Arguments> groups() {
    return Stream.of(
        // pattern, text, expected findings (the group's text): a context word required but not reported
        Arguments.of("(?:微信号?|WeChat ID)[:：]?\\s*([A-Za-z][-_A-Za-z0-9]{5,19})\\b", "加我微信：zhang_xm1990，备注",
            List.of("zhang_xm1990")),
        Arguments.of("(?:微信号?|WeChat ID)[:：]?\\s*([A-Za-z][-_A-Za-z0-9]{5,19})\\b", "WeChat ID: travelbug_2021 ok",
            List.of("travelbug_2021")),
        Arguments.of("(?:\\bQQ|扣扣)\\s*[:：]?\\s*([1-9][0-9]{4,10})\\b", "QQ 284759163, 扣扣：1093847561",
            List.of("284759163", "1093847561")),
        Arguments.of("(?:我叫|姓名[:：])([王李张]\\p{Han}{1,2}?)(?:[^\\p{Han}]|$)", "我叫王小明，姓名：李娜", List.of("王小明", "李娜")),
        Arguments.of("\\bName: ([A-Z][a-z]+(?: [A-Z][a-z]+)?)", "Name: Maria Garcia\nName: bob", List.of("Maria Garcia")),
        // the group took no part, or is empty: no finding, though the pattern matched
        Arguments.of("(?:QQ([0-9]{5,})|QQ群)", "QQ群 and QQ12345", List.of("12345")),
        Arguments.of("Name:\\s*([A-Z]*)", "Name: lower", List.of()),
        // unbounded: the pattern runs over the whole text
        Arguments.of("(?:vx|wx)[:：]\\s*([a-z]+[0-9]+)", "vx: lily88 wx：abc123", List.of("lily88", "abc123")));
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("groups")
  void reportsTheCapturingGroupAsTheFinding(String pattern, String text, List<String> expected) {
    RegexDetector d = RegexDetector.builder("regex.test", pattern).group(1).build();
    assertThat(d.scan(ScanText.of(text))).extracting(f -> text.substring(f.start(), f.end()))
        .containsExactlyElementsOf(expected);
  }

  @Test
  void reportsTheGroupOnTheNormalizedTextAtItsOriginalSpan() {
    String text = "微信：ＺＨＡＮＧ\u200B_xm1990 吧";
    RegexDetector d = RegexDetector.builder("regex.test", "微信[:：]\\s*([a-z][_a-z0-9]{5,19})").normalized(true)
        .group(1).build();
    assertThat(d.scan(ScanText.of(text))).extracting(f -> text.substring(f.start(), f.end()))
        .containsExactly("ＺＨＡＮＧ\u200B_xm1990");
  }

  @Test
  void refusesAGroupThePatternDoesNotHave() {
    assertThatThrownBy(() -> RegexDetector.builder("r", "QQ([0-9]+)").group(2).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("group: 2 (expected: 0..1");
    assertThatThrownBy(() -> RegexDetector.builder("r", "QQ").group(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("group: -1 (expected: >= 0)");
  }

  @Test
  void reportsTheSameGroupsAsJavaUtilRegexOnRandomInputs() {
    // Patterns that take each search path: a literal start, literal windows, digit runs, the automaton, none.
    List<String> patterns = List.of("ab([0-9]{2,4})", "\\bx ?(a+|b+)c", "(?:a|b)([0-9]{3})x?", "(a)?b(c+)?",
        "f(a*)", "(?:ab|x)([a-c]{1,3})\\b", "(x|a)+(0)");
    String alphabet = "abcx01 f";
    Random random = new Random(5);
    for (String p : patterns) {
      RegexDetector d = RegexDetector.builder("r", p).group(1).build();
      java.util.regex.Pattern expected = java.util.regex.Pattern.compile(p);
      for (int round = 0; round < 320; round++) {
        StringBuilder sb = new StringBuilder();
        int length = round < 300 ? random.nextInt(30) : 2000 + random.nextInt(2000);
        for (int i = 0; i < length; i++) {
          sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        String text = sb.toString();
        List<String> want = new ArrayList<>();
        java.util.regex.Matcher m = expected.matcher(text);
        while (m.find()) {
          if (m.end() > m.start() && m.start(1) >= 0 && m.end(1) > m.start(1)) {
            want.add(m.start(1) + "-" + m.end(1));
          }
        }
        assertThat(d.scan(ScanText.of(text))).as("%s on '%s'", p, text)
            .extracting(f -> f.start() + "-" + f.end()).containsExactlyElementsOf(want);
      }
    }
  }
}
