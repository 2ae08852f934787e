package io.kexin.gateway.detect.secret;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.detect.Finding;
import io.kexin.gateway.inspect.Hit;
import io.kexin.gateway.inspect.TextScanner;
import io.kexin.gateway.policy.Direction;
import io.kexin.gateway.policy.PolicySet;
import io.kexin.gateway.policy.ShippedPolicies;
import io.kexin.gateway.text.ScanText;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks keys written in groups after their prefix, through the shipped credentials pack (so that invisible
 * characters are skipped as on the proxy path), in English and Chinese: spaces, dashes, line breaks, full-width
 * spaces and letters, zero-width characters between groups; and that prose after a prefix stays clean.
 */
class GroupedKeysTest {
  private static TextScanner scanner;

  @BeforeAll
  static void load() {
    PolicySet set = ShippedPolicies.pack();
    scanner = new TextScanner(() -> set);
  }

  private static List<Hit> hits(String text) {
    return scanner.scan(text, Direction.REQUEST, "secrets").outcome().hits();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      AWS, spaces                    | our key is AKIA 4HQZ T2MW 7XKD JP5R, rotate it      | secret.aws-access-key    | AKIA 4HQZ T2MW 7XKD JP5R
      AWS, dashes, Chinese           | 密钥：AKIA-4HQZ-T2MW-7XKD-JP5R，别外传                  | secret.aws-access-key    | AKIA-4HQZ-T2MW-7XKD-JP5R
      AWS, capitals only             | AKIA LLPY XFNK HNWZ RGWN                            | secret.aws-access-key    | AKIA LLPY XFNK HNWZ RGWN
      AWS, full width                | 凭证 ＡＫＩＡ　４ＨＱＺ　Ｔ２ＭＷ　７ＸＫＤ　ＪＰ５Ｒ 已失效 | secret.aws-access-key    | ＡＫＩＡ　４ＨＱＺ　Ｔ２ＭＷ　７ＸＫＤ　ＪＰ５Ｒ
      GitHub, prefix glued           | token ghp_Rk3vLq 9ZmT2x W8nB5c Y7dF1g H4jK6p QsA0uE 帮我看看 | secret.github-pat | ghp_Rk3vLq 9ZmT2x W8nB5c Y7dF1g H4jK6p QsA0uE
      OpenAI project, prefix apart   | sk-proj- Rk3v Lq9Z mT2x W8nB 5cY7 dF1g H4jK 6pQs A0uE 3iO9 tV2w | secret.openai-project-key | sk-proj- Rk3v Lq9Z mT2x W8nB 5cY7 dF1g H4jK 6pQs A0uE 3iO9 tV2w
      OpenAI project, from its start | sk-p roj- Rk3v Lq9Z mT2x W8nB 5cY7 dF1g H4jK 6pQs A0uE 3iO9 tV2w | secret.openai-project-key | sk-p roj- Rk3v Lq9Z mT2x W8nB 5cY7 dF1g H4jK 6pQs A0uE 3iO9 tV2w
      GitLab, from its start, Chinese | 令牌是 glpa t-Rk3 vLq9Z mT2xW 8nB5c Y7 ，请轮换 | secret.gitlab-pat | glpa t-Rk3 vLq9Z mT2xW 8nB5c Y7
      GitLab, cut at its own dash    | GitLab token: glpat - -Rk3v - Lq9Zm - T2xW8 - nB5cY - 7 | secret.gitlab-pat | glpat - -Rk3v - Lq9Zm - T2xW8 - nB5cY - 7
      npm, spaced dashes             | npm token npm_Rk3v - Lq9Z - mT2x - W8nB - 5cY7 - dF1g - H4jK - 6pQs - A0uE. | secret.npm-token | npm_Rk3v - Lq9Z - mT2x - W8nB - 5cY7 - dF1g - H4jK - 6pQs - A0uE
      AWS, unequal groups            | AWS key: AKIA4H QZT2MW7 XKDJP5R (rotate)            | secret.aws-access-key    | AKIA4H QZT2MW7 XKDJP5R
      AWS, unequal, Chinese          | 密钥 AKIA 4HQZT 2MW7XKDJ P5R 请勿外传                   | secret.aws-access-key    | AKIA 4HQZT 2MW7XKDJ P5R
      GitHub, unequal, Chinese       | 令牌 ghp_Rk3vL q9ZmT2xW8 nB5cY7dF1 gH4jK6pQsA0uE 帮我看看 | secret.github-pat     | ghp_Rk3vL q9ZmT2xW8 nB5cY7dF1 gH4jK6pQsA0uE
      Aliyun, unequal, whole key     | 阿里云 LTAI5tRk3 vLq9ZmT 2xW8nB5c please rotate       | secret.alibaba-access-key-id | LTAI5tRk3 vLq9ZmT 2xW8nB5c
      Hugging Face, letters only     | HF token hf_RkvLqZ mTxWnBcYdF gHjKpQsAuEiOtV wXyZ now | secret.huggingface-token | hf_RkvLqZ mTxWnBcYdF gHjKpQsAuEiOtV wXyZ
      """)
  void aKeyWrittenInGroupsIsFoundOverItsWholeSpan(String name, String text, String rule, String span) {
    assertThat(hits(text)).as(name).anySatisfy(h -> {
      assertThat(h.rule().id()).isEqualTo(rule);
      assertThat(text.substring(h.finding().start(), h.finding().end())).isEqualTo(span);
      assertThat(h.finding().explanation()).contains("groups").doesNotContain("4HQZ", "Rk3v");
    });
  }

  @Test
  void groupsOnSeparateLinesAndBetweenInvisibleCharactersAreJoined() {
    String lines = "GITHUB_TOKEN:\nghp_Rk3vLq9Zm\nT2xW8nB5cY7d\nF1gH4jK6pQsA\n0uE";
    String invisible = "token ghp_Rk3vLq\u200B 9ZmT2x\u200B W8nB5c\u200B Y7dF1g\u200B H4jK6p\u200B QsA0uE";
    assertThat(hits(lines)).extracting(h -> h.rule().id()).contains("secret.github-pat");
    assertThat(hits(invisible)).extracting(h -> h.rule().id()).contains("secret.github-pat");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "AKIA 开头的是长期密钥，ASIA 开头的是临时凭证",
      "sk- prefixed keys are what most vendors hand out these days",
      "ghp_ tokens and gho_ tokens differ in who can create them",
      "the sk-proj- form came in 2024 and the old form still works",
      "npm_ tokens: create one under Access Tokens, then copy it",
      "AKIA THIS KEY WAS ROTATED LAST WEEK BY OPS",
      "订单号 AKIA 2026 1205 8831 已发货",
      "sk-proj- xxxx xxxx xxxx xxxx xxxx xxxx xxxx xxxx xxxx xxxx xxxx",
      "AKIA 1234 5678 1234 5678",
      "the sk-p roj- ect was late",
      "请在 gith ub 上提 issue，附上 2026 1205 的日志",
      "AKIA TEAM Q4 ROADMAP 2026 draft",
      "ghp_ tokens were introduced in 2021 alongside gho_ and ghu_",
      "sk-proj- keys replaced user keys for new accounts in 2024",
      "LTAI 前缀 表示 阿里云 AccessKey，后面 跟 随机 字符",
      "hf_ Tokens Are Read Or Write Scoped Since Version 2",
      "sk-ant-api03-abc123xyz-456de-klMnopqrstuvwx-3456yza789bcde-1234fghijklmnopAA"})
  void proseAndPlaceholdersAfterAPrefixStayClean(String text) {
    assertThat(hits(text)).as(text).isEmpty();
  }

  @Test
  void aPrefixCutInsideItsFirstFourCharactersIsNotJoined() {
    // The head is what the rule looks for; "AK" or "gh" alone would open the rule on most texts.
    assertThat(hits("creds: AK IA4HQZ T2MW 7XKD JP5R")).isEmpty();
    assertThat(hits("令牌：gh p_Rk3v Lq9Z mT2x W8nB 5cY7 dF1g H4jK 6pQs A0uE")).isEmpty();
  }

  @Test
  void anUnbrokenKeyIsFoundOnceAndTheWordsAfterItAreNotJoined() {
    String text = "AKIA4HQZT2MW7XKDJP5R and then some more words";
    assertThat(hits(text)).filteredOn(h -> h.rule().id().equals("secret.aws-access-key")).singleElement()
        .satisfies(h -> assertThat(text.substring(h.finding().start(), h.finding().end()))
            .isEqualTo("AKIA4HQZT2MW7XKDJP5R"));
  }

  @Test
  void theDetectorJoinsOnlyWhenAsked() {
    String text = "key AKIA 4HQZ T2MW 7XKD JP5R";
    SecretDetector.Builder b = SecretDetector.builder("aws", "\\b((?:AKIA)[A-Z2-7]{16})\\b").keywords(List.of("AKIA"))
        .secretGroup(1);
    assertThat(b.build().scan(ScanText.of(text))).isEmpty();
    List<Finding> found = b.grouped(true).build().scan(ScanText.of(text));
    assertThat(found).singleElement().satisfies(f -> assertThat(f.start()).isEqualTo(4));
    assertThat(b.build().maxMatchLength()).isGreaterThanOrEqualTo(4 + GroupedKeys.maxSpan());
  }
}
