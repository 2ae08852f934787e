package io.kexin.gateway.provider;

import io.kexin.gateway.document.FileText;
import java.util.Base64;

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
    return FileText.text(bytes, type != null && FileText.textType(type));
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
}
