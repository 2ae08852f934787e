package io.kexin.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.internal.StringUtil;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Checks the UTF-8 check on every kind of malformed sequence, whole and split across buffer components. */
class Utf8CheckTest {

  /** Wraps {@code hex} in a body, whole and cut into one-byte components, and checks both ways agree. */
  private static boolean check(String hex) {
    byte[] bytes = StringUtil.decodeHexDump(hex.replace(" ", ""));
    byte[] body = new byte[bytes.length + 2];
    body[0] = '"';
    System.arraycopy(bytes, 0, body, 1, bytes.length);
    body[body.length - 1] = '"';
    ByteBuf whole = Unpooled.wrappedBuffer(body);
    CompositeByteBuf pieces = Unpooled.compositeBuffer(body.length);
    for (byte b : body) {
      pieces.addComponent(true, Unpooled.wrappedBuffer(new byte[] {b}));
    }
    try {
      boolean a = Utf8Check.wellFormed(whole);
      assertThat(Utf8Check.wellFormed(pieces)).isEqualTo(a);
      return a;
    } finally {
      whole.release();
      pieces.release();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "61 62 63", "7f", "c2 80", "df bf", "e0 a0 80", "e4 bd a0 e5 a5 bd", "ed 9f bf", "ee 80 80", "ef bf bf",
      "f0 90 80 80", "f0 9f 98 80", "f4 8f bf bf"})
  void acceptsWellFormedUtf8(String hex) {
    assertThat(check(hex)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "c0 af", "c1 bf", "e0 80 af", "e0 9f bf", "f0 80 80 af", "f0 8f bf bf", // overlong
      "ed a0 80", "ed bf bf", "ed a0 bd ed b8 80",                          // surrogates, alone and paired
      "f4 90 80 80", "f5 80 80 80", "f7 bf bf bf", "f8 88 80 80 80", "fe", "ff", // above U+10FFFF, never bytes
      "80", "bf", "61 80 62",                                                // continuation without a lead
      "c2", "e4 bd", "f0 9f 98", "c2 41", "e4 41 a0",                        // truncated or interrupted
      "00", "7b 00 22 00"})                                                  // NUL, UTF-16 text
  void refusesMalformedUtf8AndNul(String hex) {
    assertThat(check(hex)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"你好，世界 🌏\"}]}"})
  void acceptsARealChineseBody(String text) {
    ByteBuf buf = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    try {
      assertThat(Utf8Check.wellFormed(buf)).isTrue();
    } finally {
      buf.release();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"00", "80", "c0 af", "ed a0 80", "ff", "e4 bd"})
  void findsAFaultAtAnyOffsetOfALongAsciiRunInAnyKindOfBuffer(String hex) {
    byte[] bad = StringUtil.decodeHexDump(hex.replace(" ", ""));
    byte[] good = "好".getBytes(StandardCharsets.UTF_8);
    for (int at = 0; at <= 40; at++) {
      for (byte[] inserted : new byte[][] {bad, good}) {
        byte[] body = new byte[48 + inserted.length];
        java.util.Arrays.fill(body, (byte) 'a');
        System.arraycopy(inserted, 0, body, at, inserted.length);
        boolean expected = inserted == good;
        ByteBuf direct = Unpooled.directBuffer(body.length).writeBytes(body);
        CompositeByteBuf uneven = Unpooled.compositeBuffer();
        uneven.addComponent(true, Unpooled.wrappedBuffer(body, 0, 13));
        uneven.addComponent(true, Unpooled.directBuffer().writeBytes(body, 13, body.length - 13));
        try {
          assertThat(Utf8Check.wellFormed(direct)).as("direct, %s at %d", hex, at).isEqualTo(expected);
          assertThat(Utf8Check.wellFormed(uneven)).as("composite, %s at %d", hex, at).isEqualTo(expected);
        } finally {
          direct.release();
          uneven.release();
        }
      }
    }
  }

  @Test
  void agreesWithTheJdksStrictDecoderOnRandomBytesCutAnywhere() {
    // Bytes at every boundary of the lead and continuation ranges, plus whole English and Chinese characters.
    byte[][] pool = new byte[][] {
        {0x00}, {0x41}, {0x7f}, {(byte) 0x80}, {(byte) 0x8f}, {(byte) 0x90}, {(byte) 0x9f}, {(byte) 0xa0},
        {(byte) 0xbf}, {(byte) 0xc0}, {(byte) 0xc1}, {(byte) 0xc2}, {(byte) 0xdf}, {(byte) 0xe0}, {(byte) 0xe1},
        {(byte) 0xec}, {(byte) 0xed}, {(byte) 0xee}, {(byte) 0xef}, {(byte) 0xf0}, {(byte) 0xf4}, {(byte) 0xf5},
        {(byte) 0xff}, "a".getBytes(StandardCharsets.UTF_8), "好".getBytes(StandardCharsets.UTF_8),
        "é".getBytes(StandardCharsets.UTF_8), "🌏".getBytes(StandardCharsets.UTF_8), "abcdefghij".getBytes(
        StandardCharsets.UTF_8)};
    Random random = new Random(11);
    for (int n = 0; n < 20_000; n++) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      for (int k = random.nextInt(12); k > 0; k--) {
        out.writeBytes(pool[random.nextInt(pool.length)]);
      }
      byte[] body = out.toByteArray();
      boolean expected = strictlyDecodes(body);
      ByteBuf heap = Unpooled.wrappedBuffer(body);
      ByteBuf direct = Unpooled.directBuffer(Math.max(1, body.length)).writeBytes(body);
      CompositeByteBuf cut = Unpooled.compositeBuffer();
      int at = body.length == 0 ? 0 : random.nextInt(body.length + 1);
      cut.addComponent(true, Unpooled.wrappedBuffer(body, 0, at));
      cut.addComponent(true, Unpooled.directBuffer(Math.max(1, body.length - at)).writeBytes(body, at,
          body.length - at));
      try {
        String hex = StringUtil.toHexString(body);
        assertThat(Utf8Check.wellFormed(heap)).as("heap %s", hex).isEqualTo(expected);
        assertThat(Utf8Check.wellFormed(direct)).as("direct %s", hex).isEqualTo(expected);
        assertThat(Utf8Check.wellFormed(cut)).as("cut at %d: %s", at, hex).isEqualTo(expected);
      } finally {
        heap.release();
        direct.release();
        cut.release();
      }
    }
  }

  /** Says whether the JDK's UTF-8 decoder, reporting every malformed input, takes {@code body}, and it has no NUL. */
  private static boolean strictlyDecodes(byte[] body) {
    for (byte b : body) {
      if (b == 0) {
        return false;
      }
    }
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
