package io.kexin.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.internal.StringUtil;
import java.nio.charset.StandardCharsets;
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
}
