package io.kexin.gateway.detect.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kexin.gateway.detect.Finding;
import io.kexin.gateway.text.ScanText;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SecretDetectorTest {
  private static final String ALIYUN_ID = "\\b(LTAI[A-Za-z0-9]{12,30})\\b";
  private static final String AWS_SECRET = "(?i:aws)[^\\n]{0,40}?(?i:secret|密钥)[^\\n]{0,12}?[=:：是\\s]\\s{0,3}"
      + "([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)";
  private static final String DEEPSEEK = "\\b(sk-[0-9a-f]{32})\\b";

  static Stream<Arguments> cases() {
    return Stream.of(
        // name, pattern, keywords, group, min entropy, text, expected secrets
        Arguments.of("aliyun id in Chinese prose", ALIYUN_ID, List.of("LTAI"), 1, 3.0,
            "我的阿里云 AccessKey 是 LTAI5tQ8mZrW3xK9vB2nC7dF，帮我写个脚本", List.of("LTAI5tQ8mZrW3xK9vB2nC7dF")),
        Arguments.of("aliyun id in English prose", ALIYUN_ID, List.of("LTAI"), 1, 3.0,
            "My Alibaba key is LTAI5tQ8mZrW3xK9vB2nC7dF, please debug.", List.of("LTAI5tQ8mZrW3xK9vB2nC7dF")),
        Arguments.of("keyword is case-insensitive", ALIYUN_ID, List.of("ltai"), 1, 0.0,
            "LTAI5tQ8mZrW3xK9vB2nC7dF", List.of("LTAI5tQ8mZrW3xK9vB2nC7dF")),
        Arguments.of("two secrets one space apart", ALIYUN_ID, List.of("LTAI"), 1, 3.0,
            "LTAI5tQ8mZrW3xK9vB2nC7dF LTAI9pL2kJ7hG4fD1sA6zX3c", List.of("LTAI5tQ8mZrW3xK9vB2nC7dF",
                "LTAI9pL2kJ7hG4fD1sA6zX3c")),
        Arguments.of("too short", ALIYUN_ID, List.of("LTAI"), 1, 3.0, "LTAI5tQ8mZ", List.of()),
        Arguments.of("low entropy", ALIYUN_ID, List.of("LTAI"), 1, 3.0, "LTAIababababababab", List.of()),
        Arguments.of("placeholder", ALIYUN_ID, List.of("LTAI"), 1, 0.0, "LTAIxxxxxxxxxxxxxxxx", List.of()),
        Arguments.of("docs example key", "\\b(AKIA[A-Z2-7]{16})\\b", List.of("AKIA"), 1, 3.0,
            "aws_access_key_id = AKIAIOSFODNN7EXAMPLE", List.of()),
        Arguments.of("aws secret with English context", AWS_SECRET, List.of("aws"), 1, 4.0,
            "aws_secret_access_key = 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", List.of(
                "Zq3mT8vK1xR7pL2nW9cF4hJ6bD0sG5yA+eU/iO3t")),
        Arguments.of("aws secret with Chinese context", AWS_SECRET, List.of("aws"), 1, 4.0,
            "AWS 的密钥是 Zq3mT8vK1xR7pL2nW9cF4hJ6bD0sG5yA+eU/iO3t，别外传", List.of(
                "Zq3mT8vK1xR7pL2nW9cF4hJ6bD0sG5yA+eU/iO3t")),
        Arguments.of("aws secret without context", AWS_SECRET, List.of("aws"), 1, 4.0,
            "secret = Zq3mT8vK1xR7pL2nW9cF4hJ6bD0sG5yA+eU/iO3t", List.of()),
        Arguments.of("deepseek with context", DEEPSEEK, List.of("deepseek"), 1, 3.0,
            "用 DeepSeek 的 key sk-3f9a1c7e5b2d4068a9c1e7f3b5d20a64 调接口", List.of(
                "sk-3f9a1c7e5b2d4068a9c1e7f3b5d20a64")),
        Arguments.of("deepseek without its keyword", DEEPSEEK, List.of("deepseek"), 1, 3.0,
            "key sk-3f9a1c7e5b2d4068a9c1e7f3b5d20a64", List.of()),
        Arguments.of("whole match by default", "sk_live_[A-Za-z0-9]{24}", List.of(), 0, 0.0,
            "stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc", List.of("sk_live_4eC39HqLyjWDarjtT1zdp7dc")),
        Arguments.of("template reference", "(?i:password)\\s*[=:]\\s*([^\\s]{8,64})", List.of("password"), 1, 0.0,
            "password: ${DB_PASSWORD}", List.of()),
        Arguments.of("constant name", "(?i:token)\\s*[=:]\\s*([^\\s]{8,64})", List.of("token"), 1, 0.0,
            "access_token=ACCESS_TOKEN", List.of()),
        Arguments.of("constant name, Chinese", "(?:密码|口令)[=:：]\\s*([^\\s，。]{8,64})", List.of("密码"), 1, 0.0,
            "数据库密码：DB_PASSWORD，请替换", List.of()),
        Arguments.of("upper case with digits is a value", "(?i:token)\\s*[=:]\\s*([^\\s]{8,64})", List.of("token"),
            1, 0.0, "token=K7_Q2ZX9_PLM4", List.of("K7_Q2ZX9_PLM4")),
        Arguments.of("angle-bracket placeholder", "(?i:token)\\s*[=:]\\s*([^\\s]{8,64})", List.of("token"), 1, 0.0,
            "token: <your-token>", List.of()),
        Arguments.of("Chinese password", "(?:密码|口令)[=:：]\\s*([^\\s，。]{8,64})", List.of("密码", "口令"), 1, 3.0,
            "数据库密码：Xk9#mQ2vLp7z，用户名 admin", List.of("Xk9#mQ2vLp7z")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void findsSecrets(String name, String pattern, List<String> keywords, int group, double minEntropy, String text,
      List<String> expected) {
    SecretDetector d = SecretDetector.builder("secret.test", pattern).keywords(keywords).secretGroup(group)
        .minEntropy(minEntropy).build();

    List<Finding> findings = d.scan(ScanText.of(text));

    assertThat(findings).extracting(f -> text.substring(f.start(), f.end())).containsExactlyElementsOf(expected);
    assertThat(findings).allSatisfy(f -> {
      assertThat(f.ruleId()).isEqualTo("secret.test");
      assertThat(f.entity()).isEqualTo("SECRET");
      assertThat(f.explanation()).startsWith("secret.test: ").contains("entropy")
          .doesNotContain(text.substring(f.start(), f.end()));
    });
  }

  @Test
  void explainsWithRuleLengthAndEntropyOnly() {
    SecretDetector d = SecretDetector.builder("secret.aliyun", ALIYUN_ID).entity("CLOUD_KEY").secretGroup(1)
        .minEntropy(3.0).build();

    Finding f = d.scan(ScanText.of("key LTAI5tQ8mZrW3xK9vB2nC7dF")).get(0);

    assertThat(f.entity()).isEqualTo("CLOUD_KEY");
    assertThat(f.explanation()).matches("secret\\.aliyun: 24-char secret, entropy \\d\\.\\d\\d bits/char \\(min 3\\.00\\)");
  }

  @Test
  void boundsTheMatchLengthByThePatternOrTheCap() {
    assertThat(SecretDetector.builder("secret.a", ALIYUN_ID).secretGroup(1).build().maxMatchLength()).isEqualTo(34);
    assertThat(SecretDetector.builder("secret.a", "sk-[a-z]+").maxMatchLength(200).build().maxMatchLength())
        .isEqualTo(200);
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of("(a)\\1", "backreference '\\1' at index 3"),
        Arguments.of("sk-(?=x)", "lookahead '(?=' at index 3"),
        Arguments.of("sk-[a-z]++", "possessive quantifier"),
        Arguments.of("sk-(\\w+)", null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void refusesWhatTheRegexDetectorRefuses(String pattern, String message) {
    if (message == null) {
      assertThatThrownBy(() -> SecretDetector.builder("secret.a", pattern).secretGroup(2).build())
          .isInstanceOf(IllegalArgumentException.class).hasMessage("secretGroup: 2 (expected: 0..1, the pattern's"
              + " capture groups)");
    } else {
      assertThatThrownBy(() -> SecretDetector.builder("secret.a", pattern).build())
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
  }

  @Test
  void refusesBadOptions() {
    SecretDetector.Builder b = SecretDetector.builder("secret.a", "x");
    assertThatThrownBy(() -> b.secretGroup(-1)).hasMessage("secretGroup: -1 (expected: >= 0)");
    assertThatThrownBy(() -> b.minEntropy(-0.5)).hasMessage("minEntropy: -0.5 (expected: 0..32 bits/char)");
    assertThatThrownBy(() -> b.keywords(List.of(""))).hasMessage("keywords: [] (expected: non-empty strings)");
    assertThatThrownBy(() -> b.maxMatchLength(0)).hasMessage("maxMatchLength: 0 (expected: > 0)");
  }

  @Test
  void computesShannonEntropy() {
    assertThat(Entropy.bitsPerChar("")).isZero();
    assertThat(Entropy.bitsPerChar("aaaa")).isZero();
    assertThat(Entropy.bitsPerChar("abcd")).isEqualTo(2.0);
    assertThat(Entropy.bitsPerChar("密钥密钥")).isEqualTo(1.0);
  }

  @Test
  void exactCaseKeywordsGateOnlyInTheirCaseAlsoWhenShared() {
    SecretDetector twilio = SecretDetector.builder("secret.twilio", "\\b(SK[0-9a-fA-F]{32})\\b").keywords(List.of("SK"))
        .keywordCase(true).secretGroup(1).build();
    SecretDetector aliyun = SecretDetector.builder("secret.aliyun", ALIYUN_ID).keywords(List.of("LTAI"))
        .secretGroup(1).build();
    List<SecretDetector> shared = SecretDetector.sharing(List.of(twilio, aliyun),
        List.of(twilio.candidates(), aliyun.candidates()));
    String english = "Twilio key SK2b7f9e1c4a6d8b0e3f5a7c9d1e2f4a6b — the risks we discussed";
    String chinese = "这是 Twilio 的密钥 SK2b7f9e1c4a6d8b0e3f5a7c9d1e2f4a6b，阿里云 ltai5tQ8mZrW3xK9vB2nC7dF";

    for (SecretDetector d : List.of(twilio, shared.get(0))) {
      assertThat(d.scan(ScanText.of(english))).hasSize(1);
      assertThat(d.scan(ScanText.of(chinese))).hasSize(1);
      assertThat(d.scan(ScanText.of("the risks of a task we ask about"))).isEmpty();
    }
    assertThat(shared.get(1).scan(ScanText.of("阿里云 LTAI5tQ8mZrW3xK9vB2nC7dF"))).hasSize(1);
  }

  @Test
  void exactCaseGateFromTheSharedIndexAgreesWithSearchingEachKeywordOnRandomText() {
    List<String> exact = List.of("SK", "Z2hwX", "aGZf", "QUtJQ", "MHcCAQEEI", "密钥K");
    List<String> anyCase = List.of("ltai", "Password", "sk-", "密码");
    List<SecretDetector> lone = new ArrayList<>();
    for (int i = 0; i < exact.size(); i++) {
      lone.add(SecretDetector.builder("secret.exact" + i, "(x[0-9]{40})").keywords(List.of(exact.get(i)))
          .keywordCase(true).build());
    }
    lone.add(SecretDetector.builder("secret.many", "(y[0-9]{40})").keywords(exact.subList(1, 4)).keywordCase(true)
        .build());
    for (int i = 0; i < anyCase.size(); i++) {
      lone.add(SecretDetector.builder("secret.any" + i, "(z[0-9]{40})").keywords(List.of(anyCase.get(i))).build());
    }
    List<SecretDetector> shared = SecretDetector.sharing(lone, lone.stream().map(SecretDetector::candidates).toList());
    String[] words = {"the ", "risks ", "ask ", "密钥", "密码", "钥匙 ", "data ", "Sk", "sK", "z2HWx", "AGZF", "qutjq",
        "mhccaqeei", "密钥k", "ＳＫ", "S K", "Ltai", "PASSWORD", "SK-", "，", " "};
    Random random = new Random(11);
    for (int t = 0; t < 3000; t++) {
      StringBuilder b = new StringBuilder();
      for (int w = random.nextInt(12); w > 0; w--) {
        b.append(random.nextInt(6) == 0 ? exact.get(random.nextInt(exact.size())) : words[random.nextInt(words.length)]);
      }
      ScanText text = ScanText.of(b.toString());
      String folded = text.derived(SecretFold.DERIVATION).text().original();
      for (int d = 0; d < lone.size(); d++) {
        List<String> keywords = d < exact.size() ? List.of(exact.get(d)) : d == exact.size() ? exact.subList(1, 4)
            : List.of(anyCase.get(d - exact.size() - 1));
        boolean expected = false;
        for (String k : keywords) {
          expected |= d <= exact.size() ? folded.contains(k) : regionMatchesSomewhere(folded, k);
        }
        assertThat(lone.get(d).anyKeywordIn(text)).as("%s in %s", keywords, b).isEqualTo(expected);
        assertThat(shared.get(d).anyKeywordIn(ScanText.of(b.toString()))).as("shared %s in %s", keywords, b)
            .isEqualTo(expected);
      }
    }
  }

  /** Returns whether {@code keyword} occurs in {@code text} ignoring case, its first unit in one of its cases. */
  private static boolean regionMatchesSomewhere(String text, String keyword) {
    for (int i = 0; i + keyword.length() <= text.length(); i++) {
      char c = text.charAt(i);
      char first = keyword.charAt(0);
      boolean firstOk = c == first || c == Character.toLowerCase(first) || c == Character.toUpperCase(first);
      if (firstOk && text.regionMatches(true, i, keyword, 0, keyword.length())) {
        return true;
      }
    }
    return false;
  }
}
