package io.kexin.gateway.text;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/** Escapes text to stand inside a JSON string of nested JSON text, as its sender would have written it. */
public final class JsonText {
  private JsonText() {}

  /** Returns {@code text} escaped as the content of a JSON string (no quotes around it). */
  public static String escape(String text) {
    return new String(JsonStringEncoder.getInstance().quoteAsString(text));
  }

  /**
   * Returns {@code text} escaped as the content of a JSON string in the style of {@code sample}, a piece of the
   * sender's JSON: non-ASCII as {@code \}{@code uXXXX} when the sender escapes it (Python's json.dumps), and
   * {@code <}, {@code >}, {@code &} as escapes when the sender escapes them (Go's encoding/json).
   */
  public static String escapeLike(String text, String sample) {
    String escaped = escape(text);
    boolean ascii = hasEscapeAbove(sample, 0x7F);
    boolean html = sample.contains("\\u003c") || sample.contains("\\u003e") || sample.contains("\\u0026")
        || sample.contains("\\u003C") || sample.contains("\\u003E");
    if (!ascii && !html) {
      return escaped;
    }
    StringBuilder sb = new StringBuilder(escaped.length() + 16);
    for (int i = 0; i < escaped.length(); i++) {
      char c = escaped.charAt(i);
      if (ascii && c > 0x7F || html && (c == '<' || c == '>' || c == '&')) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /**
   * Returns a short sample with the escaping style of {@code seen} (a sample returned before, or empty) and of
   * {@code more}: what {@link #escapeLike} reads, kept as a stream goes on, so that a style once seen stays.
   */
  public static String styleOf(String seen, String more) {
    boolean ascii = hasEscapeAbove(seen, 0x7F);
    boolean html = seen.contains("\\u003c");
    if (ascii && html) {
      return seen;
    }
    ascii = ascii || hasEscapeAbove(more, 0x7F);
    html = html || more.contains("\\u003c") || more.contains("\\u003e") || more.contains("\\u0026")
        || more.contains("\\u003C") || more.contains("\\u003E");
    return (ascii ? "\\u00ff" : "") + (html ? "\\u003c" : "");
  }

  private static boolean hasEscapeAbove(String sample, int limit) {
    int i = sample.indexOf("\\u");
    while (i >= 0 && i + 6 <= sample.length()) {
      try {
        if (Integer.parseInt(sample.substring(i + 2, i + 6), 16) > limit) {
          return true;
        }
      } catch (NumberFormatException e) {
        // not an escape
      }
      i = sample.indexOf("\\u", i + 2);
    }
    return false;
  }
}
