package io.kexin.gateway.document;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Tells formats by their first bytes and sizes by their headers, WebP's three kinds of first chunk included. */
class ImageFormatTest {

  @Test
  void tellsFormatsAndSizesWithoutDecodingPixels() {
    assertThat(ImageFormat.of(TestImages.blank(300, 200))).isEqualTo(ImageFormat.PNG);
    assertThat(ImageFormat.PNG.pixels(TestImages.blank(300, 200))).isEqualTo(60_000);
    assertThat(ImageFormat.of(TestImages.image("jpeg", "x"))).isEqualTo(ImageFormat.JPEG);
    assertThat(ImageFormat.of(TestImages.image("gif", "x"))).isEqualTo(ImageFormat.GIF);
    assertThat(ImageFormat.of(TestImages.image("bmp", "x"))).isEqualTo(ImageFormat.BMP);
    assertThat(ImageFormat.of(TestImages.image("tiff", "x"))).isEqualTo(ImageFormat.TIFF);
    assertThat(ImageFormat.JPEG.pixels(TestImages.image("jpeg", "x", "y"))).isEqualTo(1100L * 160);
    assertThat(ImageFormat.of("%PDF-1.7".getBytes())).isNull();
    assertThat(ImageFormat.of(new byte[0])).isNull();
  }

  @Test
  void readsWebpCanvasSizesFromEachFirstChunk() {
    byte[] vp8x = riff("VP8X", 30);
    // canvas 4000 x 3000, stored minus one in 24 bits
    put24(vp8x, 24, 3999);
    put24(vp8x, 27, 2999);
    assertThat(ImageFormat.of(vp8x)).isEqualTo(ImageFormat.WEBP);
    assertThat(ImageFormat.WEBP.pixels(vp8x)).isEqualTo(12_000_000L);

    byte[] lossy = riff("VP8 ", 30);
    lossy[23] = (byte) 0x9D;
    lossy[24] = 0x01;
    lossy[25] = 0x2A;
    lossy[26] = (byte) 0x40;
    lossy[27] = 0x06; // 1600
    lossy[28] = (byte) 0xB0;
    lossy[29] = 0x04; // 1200
    assertThat(ImageFormat.WEBP.pixels(lossy)).isEqualTo(1600L * 1200);

    byte[] lossless = riff("VP8L", 30);
    lossless[20] = 0x2F;
    long bits = (640 - 1) | (480 - 1) << 14;
    for (int i = 0; i < 4; i++) {
      lossless[21 + i] = (byte) (bits >> 8 * i);
    }
    assertThat(ImageFormat.WEBP.pixels(lossless)).isEqualTo(640L * 480);

    byte[] damaged = riff("VP8 ", 30);
    assertThat(ImageFormat.WEBP.pixels(damaged)).isEqualTo(-1);
  }

  private static byte[] riff(String chunk, int length) {
    byte[] b = new byte[length];
    System.arraycopy("RIFF".getBytes(), 0, b, 0, 4);
    System.arraycopy("WEBP".getBytes(), 0, b, 8, 4);
    System.arraycopy(chunk.getBytes(), 0, b, 12, 4);
    return b;
  }

  private static void put24(byte[] b, int at, int v) {
    b[at] = (byte) v;
    b[at + 1] = (byte) (v >> 8);
    b[at + 2] = (byte) (v >> 16);
  }
}
