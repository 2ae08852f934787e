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
    return decode(new SseDecoder(1 << 16), bytes, cuts);
  }

  private static List<SseEvent> decode(SseDecoder decoder, byte[] bytes, int[] cuts) {
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
    assertThat(concatRaw(events)).isEqualTo(OPENAI.replace(": keep-alive", ":"));
  }

  @Test
  void decodesAnthropicFieldsWithCrLf() {
    List<SseEvent> events = decode(ANTHROPIC.getBytes(StandardCharsets.UTF_8), new int[0]);

    assertThat(events).hasSize(2);
    assertThat(events.get(0).event()).isEqualTo("content_block_delta");
    assertThat(events.get(0).data()).isEqualTo("{\"delta\":{\"text\":\"敏感\"}}");
    assertThat(new String(events.get(1).encode(), StandardCharsets.UTF_8))
        .isEqualTo("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
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
    SseEvent changed = new SseEvent("content_block_delta", "a\nb", null);

    assertThat(new String(changed.encode(), StandardCharsets.UTF_8))
        .isEqualTo("event: content_block_delta\ndata: a\ndata: b\n\n");
    assertThat(decode(changed.encode(), new int[0])).containsExactly(changed);
  }

  @Test
  void onlyDataAndEventLinesAreKeptAndTheRestCountedWithoutContent() {
    String stream = ": AKIAQ3EGRT5YB2MZXW7P\n\n"
        + "id: 13812345678\nretry: 13812345678\nx-leak: zhang.wei@example.cn\n\n"
        + "event: e\r\n: 身份证 11010519491231002X\r\nid: 7\r\ndata: {\"a\":1}\r\nlastEventId\r\n\r\n"
        + "data\rretry\r\r";
    byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
    for (int[] cuts : List.of(new int[0], java.util.stream.IntStream.range(1, bytes.length).toArray())) {
      SseDecoder decoder = new SseDecoder(1 << 16);
      List<SseEvent> events = decode(decoder, bytes, cuts);

      assertThat(concatRaw(events)).isEqualTo(":\n\nevent: e\ndata: {\"a\":1}\n\ndata\n\n");
      assertThat(events).extracting(SseEvent::data).containsExactly(null, "{\"a\":1}", "");
      assertThat(decoder.dropped(SseDecoder.Dropped.COMMENT)).isEqualTo(2);
      assertThat(decoder.dropped(SseDecoder.Dropped.ID)).isEqualTo(2);
      assertThat(decoder.dropped(SseDecoder.Dropped.RETRY)).isEqualTo(2);
      assertThat(decoder.dropped(SseDecoder.Dropped.FIELD)).isEqualTo(2);
    }
  }

  @Test
  void aBomAtTheStreamsStartIsDroppedAndItsFirstEventRead() {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] event = "data: {\"k\":\"敏感\"}\n\n".getBytes(StandardCharsets.UTF_8);
    byte[] stream = new byte[bom.length + 2 * event.length];
    System.arraycopy(bom, 0, stream, 0, 3);
    System.arraycopy(event, 0, stream, 3, event.length);
    System.arraycopy(event, 0, stream, 3 + event.length, event.length);
    for (int cut = 1; cut < 6; cut++) {
      List<SseEvent> events = decode(stream, new int[] {cut});

      assertThat(events).extracting(SseEvent::data).containsExactly("{\"k\":\"敏感\"}", "{\"k\":\"敏感\"}");
      assertThat(concatRaw(events)).isEqualTo("data: {\"k\":\"敏感\"}\n\n".repeat(2));
    }
    // Elsewhere a BOM is part of a field's name, as a client reads it: a field nobody knows, dropped.
    List<SseEvent> later = decode("data: 1\n\n\uFEFFdata: 2\n\n".getBytes(StandardCharsets.UTF_8), new int[0]);
    assertThat(later).extracting(SseEvent::data).containsExactly("1");
    // A BOM's start alone is no BOM: its bytes begin a line, here a field nobody knows.
    assertThat(decode(new byte[] {(byte) 0xEF, (byte) 0xBB, ':', 'x', '\n', 'd', 'a', 't', 'a', '\n', '\n'},
        new int[] {1, 2})).extracting(SseEvent::data).containsExactly("");
  }

  @Test
  void anEventLineALaterOneOverridesIsNotSent() {
    SseDecoder decoder = new SseDecoder(1 << 16);
    List<SseEvent> events = decode(decoder, "event: 凤凰计划\ndata: 1\nevent: ping\n\n".getBytes(StandardCharsets.UTF_8),
        new int[0]);

    assertThat(concatRaw(events)).isEqualTo("event: ping\ndata: 1\n\n");
    assertThat(decoder.dropped(SseDecoder.Dropped.FIELD)).isEqualTo(1);
  }

  @Test
  void everyLineEndGivesTheSameBytes() {
    String lf = "event: a\ndata: 第一\ndata: 2\n\n";
    for (String stream : List.of(lf, lf.replace("\n", "\r\n"), lf.replace("\n", "\r"))) {
      assertThat(concatRaw(decode(stream.getBytes(StandardCharsets.UTF_8), new int[] {9, 10, 11}))).isEqualTo(lf);
    }
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
