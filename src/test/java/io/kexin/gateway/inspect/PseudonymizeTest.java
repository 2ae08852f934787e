package io.kexin.gateway.inspect;

import io.kexin.gateway.content.Action;
import io.kexin.gateway.detect.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import static org.assertj.core.api.Assertions.assertThat;

class PseudonymizeTest {
  private final PseudonymVault vault = new PseudonymVault();
  private final SegmentRewriter rewriter = new SegmentRewriter(vault);

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      我的邮箱是 zhang.wei@example.cn | zhang.wei@example.cn | EMAIL        | 我的邮箱是 <EMAIL_1>
      Mail bob@example.com today     | bob@example.com      | email        | Mail <EMAIL_1> today
      身份证 11010519491231002X       | 11010519491231002X   | cn-id-card   | 身份证 <CN_ID_CARD_1>
      """)
  void replacesWithNumberedPlaceholder(String text, String needle, String entity, String expected) {
    assertThat(rewriter.rewrite(text, List.of(Treatment.of(Findings.at(text, needle, entity), Action.PSEUDONYMIZE))))
        .isEqualTo(expected);
  }

  @Test
  void sameValueGetsSamePlaceholderAcrossSegments() {
    String first = "给 zhang.wei@example.cn 和 li.na@example.cn 发邮件";
    String second = "cc zhang.wei@example.cn, phone 13800138000";

    String a = rewriter.rewrite(first, List.of(
        pseudonymize(first, "zhang.wei@example.cn", "EMAIL"),
        pseudonymize(first, "li.na@example.cn", "EMAIL")));
    String b = rewriter.rewrite(second, List.of(
        pseudonymize(second, "zhang.wei@example.cn", "EMAIL"),
        pseudonymize(second, "13800138000", "PHONE")));

    assertThat(a).isEqualTo("给 <EMAIL_1> 和 <EMAIL_2> 发邮件");
    assertThat(b).isEqualTo("cc <EMAIL_1>, phone <PHONE_1>");
    assertThat(vault.size()).isEqualTo(3);
  }

  @Test
  void sameValueTwiceInOneText() {
    String text = "a@b.cn, again a@b.cn";
    Finding second = Findings.span(text.lastIndexOf("a@b.cn"), text.length(), "EMAIL", "test.email");

    assertThat(rewriter.rewrite(text, List.of(pseudonymize(text, "a@b.cn", "EMAIL"),
        Treatment.of(second, Action.PSEUDONYMIZE)))).isEqualTo("<EMAIL_1>, again <EMAIL_1>");
  }

  @Test
  void vaultNeverPrintsValues() {
    vault.placeholder("EMAIL", "zhang.wei@example.cn");

    assertThat(vault.toString()).isEqualTo("PseudonymVault[size=1]").doesNotContain("zhang");
  }

  private static Treatment pseudonymize(String text, String needle, String entity) {
    return Treatment.of(Findings.at(text, needle, entity), Action.PSEUDONYMIZE);
  }
}
