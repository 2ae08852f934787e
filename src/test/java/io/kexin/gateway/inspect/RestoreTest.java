package io.kexin.gateway.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RestoreTest {
  private final PseudonymVault vault = new PseudonymVault();

  @BeforeEach
  void pseudonymize() {
    vault.placeholder("EMAIL", "zhang.wei@example.cn");
    vault.placeholder("EMAIL", "li.na@example.cn");
    vault.placeholder("CN_ID_CARD", "11010519491231002X");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      已发送至 <EMAIL_1>。                     | 已发送至 zhang.wei@example.cn。
      <EMAIL_1>, <EMAIL_2> and <EMAIL_1>     | zhang.wei@example.cn, li.na@example.cn and zhang.wei@example.cn
      证件 <CN_ID_CARD_1> 有效                 | 证件 11010519491231002X 有效
      <EMAIL_3> is unknown                   | <EMAIL_3> is unknown
      <email_1> <EMAIL 1> <EMAIL_1 > EMAIL_1 | <email_1> <EMAIL 1> <EMAIL_1 > EMAIL_1
      <<EMAIL_1>>                            | <zhang.wei@example.cn>
      a < b > c <EMAIL_2>                    | a < b > c li.na@example.cn
      <EMAIL_1                               | <EMAIL_1
      no placeholders                        | no placeholders
      """)
  void restoresExactPlaceholders(String modelOutput, String expected) {
    assertThat(vault.restore(modelOutput)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      <EMAIL_1> | <EMAIL_1>
      """)
  void emptyVaultRestoresNothing(String modelOutput, String expected) {
    assertThat(new PseudonymVault().restore(modelOutput)).isEqualTo(expected);
  }
}
