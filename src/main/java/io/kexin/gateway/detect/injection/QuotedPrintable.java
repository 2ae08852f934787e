package io.kexin.gateway.detect.injection;

import java.nio.charset.StandardCharsets;

/**
 * Decodes quoted-printable text ({@code =E5=BC=A0=E4=BC=9F}, RFC 2045: {@code =XX} is a byte, {@code =} before a
 * line break joins two lines, other characters stand for themselves), for {@link Payloads}. Hand-written for the
 * same reason as the other decoders of the payload search. Stateless.
 */
final class QuotedPrintable {
  /** Fewest {@code =XX} escapes that make a run quoted-printable rather than text with an equals sign. */
  static final int MIN_ESCAPES = 4;

  private QuotedPrintable() {}

  /** Returns the number of {@code =XX} escapes in {@code [from, to)}. */
  static int escapes(String text, int from, int to) {
    int count = 0;
    for (int k = from; k + 2 < to; k++) {
      if (text.charAt(k) == '=' && hex(text.charAt(k + 1)) >= 0 && hex(text.charAt(k + 2)) >= 0) {
        count++;
        k += 2;
      }
    }
    return count;
  }

  /**
   * Returns where the quoted-printable text starting at {@code from} ends: the end of {@code runEnd}'s token, carried
   * over soft line breaks ({@code =} at a line's end) to the tokens of the lines they join.
   */
  static int end(String text, int from, int runEnd) {
    int n = text.length();
    int end = runEnd;
    while (end < n && text.charAt(end - 1) == '=' && (text.charAt(end) == '\n' || text.charAt(end) == '\r')) {
      int next = end + (text.charAt(end) == '\r' && end + 1 < n && text.charAt(end + 1) == '\n' ? 2 : 1);
      int k = next;
      while (k < n && !Character.isWhitespace(text.charAt(k))) {
        k++;
      }
      if (k == next) {
        break;
      }
      end = k;
    }
    return end;
  }

  /** Returns the bytes that {@code [from, to)} encodes. */
  static byte[] decode(String text, int from, int to, int block) {
    int end = Math.min(to, from + block);
    byte[] out = new byte[(end - from) * 3];
    int count = 0;
    for (int k = from; k < end; k++) {
      char c = text.charAt(k);
      if (c == '=' && k + 2 < end + 2 && k + 2 < text.length() && hex(text.charAt(k + 1)) >= 0
          && hex(text.charAt(k + 2)) >= 0) {
        out[count++] = (byte) (hex(text.charAt(k + 1)) << 4 | hex(text.charAt(k + 2)));
        k += 2;
      } else if (c == '=' && k + 1 < text.length() && (text.charAt(k + 1) == '\n' || text.charAt(k + 1) == '\r')) {
        k++;
        if (text.charAt(k) == '\r' && k + 1 < text.length() && text.charAt(k + 1) == '\n') {
          k++;
        }
      } else if (c < 0x80) {
        out[count++] = (byte) c;
      } else {
        for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
          out[count++] = b;
        }
      }
    }
    return java.util.Arrays.copyOf(out, count);
  }

  private static int hex(char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : c >= 'a' && c <= 'f' ? c - 'a' + 10
        : -1;
  }
}
