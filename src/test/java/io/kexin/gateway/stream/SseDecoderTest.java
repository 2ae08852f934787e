package io.kexin.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Checks SSE decoding under every fragmentation, with every line ending and field kind. */
class SseDecoderTest {
  private static final String OPENAI = """
      data: {"choices":[{"delta":{"content":"你好"}}]}

      : keep-alive

      data: {"choices":[{"delta":{"content":" world 🌏"}}]}

      data: [DONE]

      """;
  private static final String ANTHROPIC = "event: content_block_delta\r\ndata: {\"delta\":{\"text\":\"敏感\"}}\r\n\r\n"
      + "event: message_stop\r\nid: 7\r\nretry: 1000\r\ndata: {\"type\":\"message_stop\"}\r\n\r\n";

  private static List<SseEvent> decode(byte[] bytes, int[] cuts) {
    SseDecoder decoder = new SseDecoder(1 << 16);
    List<SseEvent> out = new ArrayList<>();
    int from = 0;
    for (int cut : cuts) {
      feed(decoder, bytes, from, cut, out);
      from = cut;
    }
    feed(decoder, bytes, from, bytes.length, out);
    decoder.end(out);
    return out;
  }

  private static void feed(SseDecoder decoder, byte[] bytes, int from, int to, List<SseEvent> out) {
    ByteBuf buf = Unpooled.copiedBuffer(bytes, from, to - from);
    try {
      decoder.decode(buf, out);
      assertThat(buf.isReadable()).isFalse();
    } finally {
      buf.release();
    }
  }

  @Test
  void decodesOpenAiEventsAndComments() {
    List<SseEvent> events = decode(OPENAI.getBytes(StandardCharsets.UTF_8), new int[0]);

    assertThat(events).extracting(SseEvent::data).containsExactly(
        "{\"choices\":[{\"delta\":{\"content\":\"你好\"}}]}", null,
        "{\"choices\":[{\"delta\":{\"content\":\" world 🌏\"}}]}", "[DONE]");
    assertThat(concatRaw(events)).isEqualTo(OPENAI);
  }

  @Test
  void decodesAnthropicFieldsWithCrLf() {
    List<SseEvent> events = decode(ANTHROPIC.getBytes(StandardCharsets.UTF_8), new int[0]);

    assertThat(events).hasSize(2);
    assertThat(events.get(0).event()).isEqualTo("content_block_delta");
    assertThat(events.get(0).data()).isEqualTo("{\"delta\":{\"text\":\"敏感\"}}");
    assertThat(events.get(1).id()).isEqualTo("7");
    assertThat(events.get(1).retry()).isEqualTo(1000L);
  }

  @Test
  void anyFragmentationGivesTheSameEvents() {
    Random random = new Random(42);
    for (String stream : List.of(OPENAI, ANTHROPIC, OPENAI.replace("\n", "\r"))) {
      byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
      List<SseEvent> whole = decode(bytes, new int[0]);
      List<SseEvent> byteByByte = decode(bytes, java.util.stream.IntStream.range(1, bytes.length).toArray());
      assertThat(byteByByte).isEqualTo(whole);
      for (int trial = 0; trial < 200; trial++) {
        int[] cuts = random.ints(random.nextInt(8), 1, bytes.length).sorted().distinct().toArray();
        assertThat(decode(bytes, cuts)).isEqualTo(whole);
      }
    }
  }

  @Test
  void multiLineDataIsJoinedAndALastEventWithoutBlankLineIsKept() {
    List<SseEvent> events = decode("data: line one\ndata: 第二行\n\ndata:tail".getBytes(StandardCharsets.UTF_8),
        new int[] {3, 20});

    assertThat(events).extracting(SseEvent::data).containsExactly("line one\n第二行", "tail");
  }

  @Test
  void encodingAChangedEventWritesItsFields() {
    SseEvent changed = new SseEvent("content_block_delta", "a\nb", "9", null, null);

    assertThat(new String(changed.encode(), StandardCharsets.UTF_8))
        .isEqualTo("event: content_block_delta\nid: 9\ndata: a\ndata: b\n\n");
    assertThat(decode(changed.encode(), new int[0])).containsExactly(changed);
  }

  @Test
  void anEventOverTheBoundIsRefused() {
    SseDecoder decoder = new SseDecoder(64);
    ByteBuf big = Unpooled.copiedBuffer("data: " + "x".repeat(100) + "\n\n", StandardCharsets.UTF_8);
    try {
      assertThatThrownBy(() -> decoder.decode(big, new ArrayList<>())).isInstanceOf(SseException.class)
          .hasMessage("event longer than 64 bytes");
    } finally {
      big.release();
    }
  }

  private static String concatRaw(List<SseEvent> events) {
    StringBuilder sb = new StringBuilder();
    for (SseEvent e : events) {
      sb.append(new String(e.encode(), StandardCharsets.UTF_8));
    }
    return sb.toString();
  }
}
