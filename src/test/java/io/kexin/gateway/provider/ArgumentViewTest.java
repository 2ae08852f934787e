package io.kexin.gateway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.content.TextSegment;
import org.junit.jupiter.api.Test;

/**
 * Checks the view of a tool call's arguments that a stream's joined reading reads: as long as the JSON, piece by
 * piece, showing string values (escapes decoded, even cut across pieces) and numbers, a break before each value, and
 * nothing of keys, literals and syntax.
 */
class ArgumentViewTest {
  private static final char B = TextSegment.PART_BREAK;

  /** Returns the view with its invisible padding removed, fed in pieces of {@code size} units. */
  private static String visible(String json, int size) {
    ArgumentView view = new ArgumentView();
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < json.length(); i += size) {
      String piece = json.substring(i, Math.min(json.length(), i + size));
      String seen = view.of(piece);
      assertThat(seen).hasSameSizeAs(piece);
      out.append(seen);
    }
    return out.toString().replace(String.valueOf(ArgumentView.PAD), "");
  }

  @Test
  void showsValuesAndNumbersWithABreakBeforeEachAndHidesKeysAndLiterals() {
    for (int size : new int[] {1, 2, 5, 1000}) {
      assertThat(visible("{\"phone\":\"1381234\",\"ext\":5678,\"ok\":true,\"n\":null}", size))
          .isEqualTo(B + "1381234" + B + "5678" + B + B);
      assertThat(visible("{\"城市\":\"上海\",\"list\":[\"身份证 110105\",-1.5e3]}", size))
          .isEqualTo(B + "上海" + B + B + "身份证 110105" + B + "-1.5e3");
    }
  }

  @Test
  void decodesEscapesCutAcrossPieces() {
    String json = "{\"n\":\"\\u8eab\\u4efd\\u8bc1 \\u0031\\u0031\\\"x\\\\y\\n\"}";
    for (int size : new int[] {1, 3, 4, 7}) {
      assertThat(visible(json, size)).as("pieces of %d", size).isEqualTo(B + "身份证 11\"x\\y\n");
    }
  }

  @Test
  void readsAStringOrANumberAloneAsItsValue() {
    assertThat(visible("\"my card is 4539\"", 4)).isEqualTo("my card is 4539");
    assertThat(visible("110105194912", 5)).isEqualTo("110105194912");
  }
}
