package io.kexin.gateway.inspect;

import io.kexin.gateway.content.Action;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import static org.assertj.core.api.Assertions.assertThat;

class RedactTest {
  private final SegmentRewriter rewriter = new SegmentRewriter(new PseudonymVault());

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      我的邮箱是 zhang.wei@example.cn，谢谢      | zhang.wei@example.cn | EMAIL       | 我的邮箱是 [REDACTED:EMAIL]，谢谢
      身份证 11010519491231002X               | 11010519491231002X   | CN_ID_CARD  | 身份证 [REDACTED:CN_ID_CARD]
      key=sk-proj-abc123def456 end            | sk-proj-abc123def456 | openai-key  | key=[REDACTED:OPENAI_KEY] end
      whole                                  | whole                | secret      | [REDACTED:SECRET]
      """)
  void replacesTheSpanWithTheEntity(String text, String needle, String entity, String expected) {
    assertThat(rewriter.rewrite(text, List.of(Treatment.of(Findings.at(text, needle, entity), Action.REDACT))))
        .isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      Call 13800138000 or mail a@b.cn | [REDACTED:PHONE] or mail [REDACTED:EMAIL]
      """)
  void redactsSeveralFindings(String text, String expected) {
    List<Treatment> treatments = List.of(
        Treatment.of(Findings.at(text, "a@b.cn", "EMAIL"), Action.REDACT),
        Treatment.of(Findings.at(text, "Call 13800138000", "PHONE"), Action.REDACT));

    assertThat(rewriter.rewrite(text, treatments)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      BLOCK
      """)
  void redactsWhatABlockingRuleFound(Action action) {
    String text = "密码 hunter2";
    assertThat(rewriter.rewrite(text, List.of(Treatment.of(Findings.at(text, "hunter2", "PASSWORD"), action))))
        .isEqualTo("密码 [REDACTED:PASSWORD]");
  }
}
