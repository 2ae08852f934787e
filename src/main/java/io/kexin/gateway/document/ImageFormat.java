package io.kexin.gateway.document;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Tells an image's format by its first bytes and its size in pixels by its header, without decoding its pixels, so
 * that an image too large to read (a decompression bomb: a small file of a huge blank canvas) is refused before the
 * OCR engine sees it. PNG, JPEG, GIF, BMP and TIFF headers are read by the JDK's image readers; WebP's, which the JDK
 * does not read, by hand from its RIFF chunk (a few fixed offsets).
 */
enum ImageFormat {
  PNG, JPEG, GIF, BMP, TIFF, WEBP;

  /** Returns the format {@code bytes} start as, or null when they are none of these. */
  static ImageFormat of(byte[] b) {
    if (starts(b, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return PNG;
    }
    if (starts(b, 0xFF, 0xD8, 0xFF)) {
      return JPEG;
    }
    if (starts(b, 'G', 'I', 'F', '8')) {
      return GIF;
    }
    if (starts(b, 'B', 'M') && b.length >= 26) {
      return BMP;
    }
    if (starts(b, 'I', 'I', 0x2A, 0x00) || starts(b, 'M', 'M', 0x00, 0x2A)) {
      return TIFF;
    }
    if (starts(b, 'R', 'I', 'F', 'F') && b.length >= 16 && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
      return WEBP;
    }
    return null;
  }

  /** Returns the pixels of the first image in {@code bytes} (width times height), or -1 when its header is unreadable. */
  long pixels(byte[] bytes) {
    return this == WEBP ? webpPixels(bytes) : headerPixels(bytes);
  }

  private static long headerPixels(byte[] bytes) {
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        return -1;
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        long width = reader.getWidth(0);
        long height = reader.getHeight(0);
        return width > 0 && height > 0 ? width * height : -1;
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      // a damaged header: the image is unreadable, whatever the reader threw
      return -1;
    }
  }

  /** Reads a WebP's canvas from its first chunk: {@code VP8X} (24-bit sizes), {@code VP8 } (key frame) or {@code VP8L}. */
  private static long webpPixels(byte[] b) {
    if (b.length < 30) {
      return -1;
    }
    String chunk = new String(b, 12, 4, java.nio.charset.StandardCharsets.US_ASCII);
    long width;
    long height;
    switch (chunk) {
      case "VP8X" -> {
        width = 1 + u24(b, 24);
        height = 1 + u24(b, 27);
      }
      case "VP8 " -> {
        if ((b[23] & 0xFF) != 0x9D || (b[24] & 0xFF) != 0x01 || (b[25] & 0xFF) != 0x2A) {
          return -1;
        }
        width = u16(b, 26) & 0x3FFF;
        height = u16(b, 28) & 0x3FFF;
      }
      case "VP8L" -> {
        if ((b[20] & 0xFF) != 0x2F) {
          return -1;
        }
        long bits = (b[21] & 0xFFL) | (b[22] & 0xFFL) << 8 | (b[23] & 0xFFL) << 16 | (b[24] & 0xFFL) << 24;
        width = 1 + (bits & 0x3FFF);
        height = 1 + (bits >> 14 & 0x3FFF);
      }
      default -> {
        return -1;
      }
    }
    return width > 0 && height > 0 ? width * height : -1;
  }

  private static int u16(byte[] b, int at) {
    return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
  }

  private static int u24(byte[] b, int at) {
    return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16;
  }

  private static boolean starts(byte[] b, int... mark) {
    if (b.length < mark.length) {
      return false;
    }
    for (int i = 0; i < mark.length; i++) {
      if ((b[i] & 0xFF) != mark[i]) {
        return false;
      }
    }
    return true;
  }
}
