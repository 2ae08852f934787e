package io.kexin.gateway.provider;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Reads the text inside base64 data that a body carries as a file, a document, an image or audio: a data URL or a
 * bare base64 string. A provider reads a text file, an SVG image or a text document as text whatever its part is
 * called, so the gateway must too: the data is text when its declared media type says so ({@code text/*}, XML,
 * JSON, SVG…) or when its bytes are text (UTF-8 with hardly a byte that is not, or UTF-16), which a label cannot
 * hide. Images, audio and compressed documents are not text and stay media. Hand-written over
 * {@link java.util.Base64} because the sniffing is what matters here, and it is a single linear pass over the bytes.
 * Stateless and thread-safe.
 */
final class DataText {
  /** At most one character in this many may be a control or an undecodable byte in text that is not declared. */
  private static final int NOISE = 32;

  private DataText() {
  }

  /** Returns the bytes of base64 data, alone or as a {@code data:} URL; null when {@code value} is neither. */
  static byte[] bytes(String value) {
    int from = 0;
    if (value.startsWith("data:")) {
      int comma = value.indexOf(";base64,");
      if (comma < 0) {
        return null;
      }
      from = comma + 8;
    }
    return decode(value, from);
  }

  /**
   * Returns the text {@code bytes} hold, or null when they are not text.
   *
   * @param value the string the bytes were decoded from, whose {@code data:} URL type counts as declared
   * @param declared the media type the part declares beside the data (Anthropic's {@code media_type}), or null
   */
  static String text(byte[] bytes, String value, String declared) {
    String type = declared;
    if (type == null && value.startsWith("data:")) {
      int semi = value.indexOf(';', 5);
      type = value.substring(5, semi);
    }
    return text(bytes, type != null && textType(type));
  }

  /** Decodes standard or URL-safe base64, line breaks skipped and padding optional; null when it is neither. */
  private static byte[] decode(String value, int from) {
    StringBuilder sb = new StringBuilder(value.length() - from);
    boolean urlSafe = false;
    boolean standard = false;
    for (int i = from; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\n' || c == '\r') {
        continue;
      }
      urlSafe |= c == '-' || c == '_';
      standard |= c == '+' || c == '/';
      sb.append(c);
    }
    if (urlSafe && standard) {
      return null;
    }
    try {
      return (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(sb.toString());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Says whether a media type names text: {@code text/*}, XML, JSON, SVG, scripts and the like. */
  static boolean textType(String mediaType) {
    String t = mediaType.strip().toLowerCase(Locale.ROOT);
    int semi = t.indexOf(';');
    t = semi < 0 ? t : t.substring(0, semi).strip();
    return t.startsWith("text/") || t.endsWith("+xml") || t.endsWith("+json") || t.endsWith("/xml")
        || t.endsWith("/json") || t.endsWith("/javascript") || t.endsWith("/x-javascript") || t.endsWith("/yaml")
        || t.endsWith("/x-yaml") || t.endsWith("/x-sh") || t.endsWith("/sql") || t.endsWith("/rtf")
        || t.equals("application/x-ndjson") || t.equals("application/csv");
  }

  /**
   * Returns {@code bytes} read as text: UTF-16 after a byte-order mark or when every other byte is zero, UTF-8
   * otherwise (undecodable bytes as U+FFFD); null when the type does not declare text and more than one character
   * in {@value #NOISE} is a control character or an undecodable byte.
   */
  private static String text(byte[] bytes, boolean declared) {
    String s;
    if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xfe) {
      s = new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16LE);
    } else if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xff) == 0xff) {
      s = new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16BE);
    } else if (zeroes(bytes, 1)) {
      s = new String(bytes, StandardCharsets.UTF_16LE);
    } else if (zeroes(bytes, 0)) {
      s = new String(bytes, StandardCharsets.UTF_16BE);
    } else {
      s = new String(bytes, StandardCharsets.UTF_8);
    }
    if (declared) {
      return s;
    }
    int noise = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\uFFFD' || c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' || c == 0x7f) {
        noise++;
      }
    }
    return (long) noise * NOISE <= s.length() ? s : null;
  }

  /** Says whether most bytes at positions of {@code parity} are zero and few others are: ASCII-range UTF-16. */
  private static boolean zeroes(byte[] bytes, int parity) {
    int zero = 0;
    int other = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        if ((i & 1) == parity) {
          zero++;
        } else {
          other++;
        }
      }
    }
    return bytes.length >= 8 && zero * 4 >= bytes.length && other * 16 <= bytes.length;
  }
}
