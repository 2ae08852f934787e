package io.kexin.gateway.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextSegmentTest {
  @Test
  void aJoinedReadingKeepsItsPartsAndEqualsTheSameTextWithout() {
    TextSegment joined = TextSegment.joined("/messages/0#joined", Role.USER, List.of("你好，我的电话是 138",
        "0013 8000. Thanks"), TextSegment.Form.TURNS);

    assertThat(joined.text()).isEqualTo("你好，我的电话是 138\u200B0013 8000. Thanks");
    assertThat(joined.parts()).containsExactly("你好，我的电话是 138", "0013 8000. Thanks");
    TextSegment plain = new TextSegment("/messages/0#joined", Role.USER, joined.text(), TextSegment.Form.TURNS);
    assertThat(plain.parts()).isNull();
    assertThat(joined).isEqualTo(plain).hasSameHashCodeAs(plain);
  }

  @Test
  void partsThatDoNotJoinToTheTextAreRefused() {
    assertThatThrownBy(() -> new TextSegment("/m", Role.USER, "ab\u200Bcd", TextSegment.Form.TURNS, List.of("abc", "d")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parts: do not join to the text");
    assertThatThrownBy(() -> new TextSegment("/m", Role.USER, "订单\u200B号码", TextSegment.Form.TURNS,
        List.of("订单", "号码x"))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aPartThatIsNullLeavesTheReadingWithoutParts() {
    List<String> parts = new ArrayList<>();
    parts.add("a");
    parts.add(null);
    assertThat(TextSegment.joined("/m", Role.USER, parts, TextSegment.Form.JOINED).parts()).isNull();
  }
}
