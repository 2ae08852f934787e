package io.kexin.gateway.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MaskTest {
  private final SegmentRewriter rewriter = new SegmentRewriter(new PseudonymVault());

  @ParameterizedTest(name = "{0} keep {1}")
  @CsvSource(delimiter = '|', textBlock = """
      4111111111111234        | 4 | ************1234
      11010519491231002X      | 4 | **************002X
      11010519491231002X      | 0 | ******************
      张伟                    | 1 | *伟
      北京市海淀区中关村大街1号 | 2 | ***********1号
      😀😁😂🤣                | 1 | ***🤣
      ab😀                    | 1 | **😀
      👨‍👩‍👧                   | 0 | *****
      1234                    | 4 | ****
      12                      | 9 | **
      """)
  void keepsTrailingCodePoints(String value, int keepLast, String expected) {
    String text = "值:" + value + ".";
    String masked = rewriter.rewrite(text, List.of(Treatment.mask(Findings.at(text, value, "ANY"), keepLast)));

    assertThat(masked).isEqualTo("值:" + expected + ".");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      1 | 3 | x*y😁z
      2 | 4 | x**😁z
      2 | 5 | x***z
      0 | 2 | **y😁z
      """)
  void widensSpansThatSplitASurrogatePair(int start, int end, String expected) {
    String text = "x😀y😁z";

    assertThat(rewriter.rewrite(text, List.of(Treatment.mask(Findings.span(start, end, "ANY", "r"), 0))))
        .isEqualTo(expected);
  }
}
