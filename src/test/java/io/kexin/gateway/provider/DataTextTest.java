package io.kexin.gateway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.document.FileText;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DataTextTest {
  private static final String EN = "key AKIAQ3EGRT5LMWX2ZUTB in the notes\n";
  private static final String ZH = "张伟的手机 13800138000，身份证 11010519491231002X\n";

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static byte[] binary(String head, int length) {
    byte[] bytes = new byte[length];
    new Random(length).nextBytes(bytes);
    byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
    System.arraycopy(h, 0, bytes, 0, h.length);
    return bytes;
  }

  /** Returns {@code text} with {@code bytes} of an invalid UTF-8 lead byte spread through it. */
  private static byte[] noisy(String text, int every) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[utf8.length + utf8.length / every];
    int j = 0;
    for (int i = 0; i < utf8.length; i++) {
      if (i > 0 && i % every == 0 && (utf8[i] & 0xc0) != 0x80) {
        out[j++] = (byte) 0xff;
      }
      out[j++] = utf8[i];
    }
    return java.util.Arrays.copyOf(out, j);
  }

  static Stream<Arguments> cases() {
    byte[] en = EN.getBytes(StandardCharsets.UTF_8);
    byte[] zh = ZH.getBytes(StandardCharsets.UTF_8);
    byte[] utf16le = ("\uFEFF" + ZH).getBytes(StandardCharsets.UTF_16LE);
    byte[] utf16 = EN.repeat(3).getBytes(StandardCharsets.UTF_16LE);
    return Stream.of(
        // text by its bytes, whatever the part calls it
        Arguments.of("utf-8 English, bare", b64(en), null, EN),
        Arguments.of("utf-8 Chinese as a PDF data URL", "data:application/pdf;base64," + b64(zh), null, ZH),
        Arguments.of("utf-8 Chinese as a PNG data URL", "data:image/png;base64," + b64(zh), null, ZH),
        Arguments.of("URL-safe base64 without padding", Base64.getUrlEncoder().withoutPadding().encodeToString(
            ("?>?>" + ZH).getBytes(StandardCharsets.UTF_8)), null, "?>?>" + ZH),
        Arguments.of("base64 in lines", Base64.getMimeEncoder().encodeToString((ZH + EN).repeat(4)
            .getBytes(StandardCharsets.UTF_8)), null, (ZH + EN).repeat(4)),
        Arguments.of("utf-16 with a byte-order mark", b64(utf16le), null, ZH),
        Arguments.of("utf-16 without a byte-order mark", b64(utf16), null, EN.repeat(3)),
        Arguments.of("a little noise in text", b64(noisy(EN.repeat(4), 40)), null,
            new String(noisy(EN.repeat(4), 40), StandardCharsets.UTF_8)),
        // text by its declared type, however noisy its bytes
        Arguments.of("text/plain with a lot of noise", "data:text/plain;charset=utf-8;base64," + b64(noisy(ZH, 3)),
            null, new String(noisy(ZH, 3), StandardCharsets.UTF_8)),
        Arguments.of("media_type text/plain beside bare base64", b64(noisy(EN, 3)), "text/plain",
            new String(noisy(EN, 3), StandardCharsets.UTF_8)),
        Arguments.of("an SVG image", "data:image/svg+xml;base64," + b64(("<svg><text>" + ZH + "</text></svg>")
            .getBytes(StandardCharsets.UTF_8)), null, "<svg><text>" + ZH + "</text></svg>"),
        // not text
        Arguments.of("a PNG", "data:image/png;base64," + b64(binary("\u0089PNG\r\n\u001a\n", 600)), null, null),
        Arguments.of("a compressed PDF", b64(binary("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n", 900)), "application/pdf",
            null),
        Arguments.of("WAV audio", b64(binary("RIFF", 700)), null, null),
        Arguments.of("random bytes in an audio data URL",
            "data:audio/wav;base64," + b64(binary("RIFF", 300)), null, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void readsTheTextInsideDataWhenItIsText(String name, String value, String declared, String expected) {
    byte[] bytes = DataText.bytes(value);

    assertThat(bytes).isNotNull();
    assertThat(DataText.text(bytes, value, declared)).isEqualTo(expected);
  }

  @Test
  void stringsThatAreNotBase64AreNotData() {
    assertThat(DataText.bytes("data:text/plain,plain text")).isNull();
    assertThat(DataText.bytes("AKIAQ3EG+RT5L_MWX2ZUTB")).isNull();
    assertThat(DataText.bytes("abc=def")).isNull();
  }

  @Test
  void knowsTextMediaTypes() {
    assertThat(Stream.of("text/plain", "TEXT/CSV; charset=utf-8", "image/svg+xml", "application/json",
        "application/ld+json", "application/xml", "application/javascript", "application/x-yaml"))
        .allMatch(FileText::textType);
    assertThat(Stream.of("application/pdf", "image/png", "audio/wav", "application/octet-stream"))
        .noneMatch(FileText::textType);
  }
}
