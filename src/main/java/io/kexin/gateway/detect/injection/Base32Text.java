package io.kexin.gateway.detect.injection;

/**
 * Decodes a run of base32 (RFC 4648: {@code A–Z}, {@code 2–7}, either case throughout) into bytes, for
 * {@link Payloads}: a model decodes {@code NV4SA4DIN5XGK…} as readily as base64. Hand-written, like the base64 and
 * hex decoding beside it, because it runs inside the payload search over request text. Stateless.
 */
final class Base32Text {
  /** Shortest run read: an 11-digit phone number encodes to 18 characters unpadded, 10 bytes to 16. */
  static final int MIN = 16;

  private Base32Text() {}

  /** Returns the bytes of the base32 run {@code [from, to)} (padding excluded), or null when it is not one. */
  static byte[] decode(String text, int from, int to) {
    int length = to - from;
    if (length < MIN || length % 8 == 1 || length % 8 == 3 || length % 8 == 6) {
      return null;
    }
    boolean upper = text.charAt(from) >= 'A' && text.charAt(from) <= 'Z';
    boolean lower = text.charAt(from) >= 'a' && text.charAt(from) <= 'z';
    byte[] out = new byte[length * 5 / 8];
    int count = 0;
    int acc = 0;
    int bits = 0;
    for (int k = from; k < to; k++) {
      char c = text.charAt(k);
      int v;
      if (c >= 'A' && c <= 'Z' && !lower) {
        v = c - 'A';
        upper = true;
      } else if (c >= 'a' && c <= 'z' && !upper) {
        v = c - 'a';
        lower = true;
      } else if (c >= '2' && c <= '7') {
        v = c - '2' + 26;
      } else {
        return null;
      }
      acc = (acc << 5 | v) & 0xFFF;
      bits += 5;
      if (bits >= 8) {
        bits -= 8;
        out[count++] = (byte) (acc >> bits);
      }
    }
    return count == out.length ? out : java.util.Arrays.copyOf(out, count);
  }
}
