package io.kexin.gateway.detect.injection;

/**
 * Decodes a token of base85 into bytes, for {@link Payloads}, in the three alphabets a model knows: Ascii85 (Adobe's
 * {@code <~…~>} or bare; {@code !}–{@code u}, {@code z} for four zero bytes), Z85 (ZeroMQ) and RFC 1924 (Python's
 * {@code b85encode}, Git's binary patches). Which one a token is cannot be told from its shape alone, so each whose
 * alphabet holds the token is tried and the payload search keeps the first that reads as text. Hand-written for the
 * same reason as the other decoders of the payload search. Stateless.
 */
final class Base85Text {
  /** Shortest token read: an 11-digit phone number encodes to 14 characters. */
  static final int MIN = 14;
  private static final String Z85 =
      "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";
  private static final String RFC1924 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~";
  private static final String ASCII85 = ascii85Alphabet();
  private static final byte[] ASCII85_VALUE = values(ASCII85);
  private static final byte[] Z85_VALUE = values(Z85);
  private static final byte[] RFC1924_VALUE = values(RFC1924);

  private Base85Text() {}

  private static String ascii85Alphabet() {
    StringBuilder b = new StringBuilder(85);
    for (char c = '!'; c <= 'u'; c++) {
      b.append(c);
    }
    return b.toString();
  }

  private static byte[] values(String alphabet) {
    byte[] v = new byte[128];
    java.util.Arrays.fill(v, (byte) -1);
    for (int i = 0; i < alphabet.length(); i++) {
      v[alphabet.charAt(i)] = (byte) i;
    }
    return v;
  }

  /** Says whether {@code c} may be part of a base85 token in some alphabet: printable ASCII but the space. */
  static boolean isTokenUnit(char c) {
    return c > ' ' && c < 0x7F;
  }

  /**
   * Returns the decodings of the token {@code [from, to)}: Ascii85, then Z85, then RFC 1924, each where the token
   * is in its alphabet; the caller keeps the first that reads as text. Empty when none applies.
   */
  static java.util.List<byte[]> decodings(String text, int from, int to) {
    java.util.List<byte[]> out = new java.util.ArrayList<>(2);
    int f = from;
    int t = to;
    if (t - f >= 4 && text.startsWith("<~", f) && text.startsWith("~>", t - 2)) {
      f += 2;
      t -= 2;
    }
    if (t - f < MIN) {
      return out;
    }
    byte[] a = decode(text, f, t, ASCII85_VALUE, true, 'z');
    if (a != null) {
      out.add(a);
    }
    byte[] z = decode(text, f, t, Z85_VALUE, false, (char) 0);
    if (z != null) {
      out.add(z);
    }
    byte[] r = decode(text, f, t, RFC1924_VALUE, true, (char) 0);
    if (r != null) {
      out.add(r);
    }
    return out;
  }

  /**
   * Decodes with an 85-letter alphabet: Z85 needs whole groups, Ascii85 and RFC 1924 pad the last; {@code fourZeros}
   * (Ascii85's {@code z}, or 0 for none) stands for a whole group of zero bytes.
   */
  private static byte[] decode(String text, int from, int to, byte[] value, boolean partial, char fourZeros) {
    if (!partial && (to - from) % 5 != 0) {
      return null;
    }
    byte[] out = new byte[fourZeros != 0 ? (to - from) * 4 : (to - from) * 4 / 5 + 4];
    int count = 0;
    long acc = 0;
    int group = 0;
    for (int k = from; k < to; k++) {
      char c = text.charAt(k);
      if (c == fourZeros && group == 0) {
        count += 4;
        continue;
      }
      int v = c < 128 ? value[c] : -1;
      if (v < 0) {
        return null;
      }
      acc = acc * 85 + v;
      if (++group == 5) {
        if (acc > 0xFFFFFFFFL) {
          return null;
        }
        count = put(out, count, acc, 4);
        acc = 0;
        group = 0;
      }
    }
    return tail(out, count, acc, group);
  }

  /** Finishes a partial last group of {@code group} letters, padded with the highest letter, as Ascii85 does. */
  private static byte[] tail(byte[] out, int count, long acc, int group) {
    if (group == 1) {
      return null;
    }
    if (group > 0) {
      for (int g = group; g < 5; g++) {
        acc = acc * 85 + 84;
      }
      if (acc > 0xFFFFFFFFL) {
        return null;
      }
      count = put(out, count, acc, group - 1);
    }
    return java.util.Arrays.copyOf(out, count);
  }

  private static int put(byte[] out, int count, long word, int bytes) {
    for (int b = 0; b < bytes; b++) {
      out[count++] = (byte) (word >>> 24 - 8 * b);
    }
    return count;
  }
}
