package io.kexin.gateway.document;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads the bytes of a file as text when they are text: when their declared media type says so ({@code text/*}, XML,
 * JSON, SVG…) or when the bytes are (UTF-8 with hardly a byte that is not, or UTF-16), which a label cannot hide.
 * Used for the files a body carries and for the files attached to a PDF alike. Hand-written because the sniffing is
 * what matters, and it is a single linear pass over the bytes. Stateless and thread-safe.
 */
public final class FileText {
  /** At most one character in this many may be a control or an undecodable byte in text that is not declared. */
  private static final int NOISE = 32;

  private FileText() {
  }

  /** Says whether a media type names text: {@code text/*}, XML, JSON, SVG, scripts and the like. */
  public static boolean textType(String mediaType) {
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
  public static String text(byte[] bytes, boolean declared) {
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
