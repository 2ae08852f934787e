package io.kexin.gateway.detect.injection;

/**
 * Decodes a run of base58 (the Bitcoin alphabet: no {@code 0}, {@code O}, {@code I}, {@code l}) into bytes, for
 * {@link Payloads}. Base58 is a number in radix 58, so decoding is quadratic in the run's length: only runs up to
 * {@value #MAX} characters are read (a key or a sentence fits; the payload search reads longer text in other
 * encodings). Hand-written for the same reason as the other decoders of the payload search. Stateless.
 */
final class Base58Text {
  /** Shortest run read: an 11-digit phone number encodes to 15 characters. */
  static final int MIN = 14;
  /** Longest run read. */
  static final int MAX = 360;
  private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  private static final byte[] VALUE = new byte[128];

  static {
    java.util.Arrays.fill(VALUE, (byte) -1);
    for (int i = 0; i < ALPHABET.length(); i++) {
      VALUE[ALPHABET.charAt(i)] = (byte) i;
    }
  }

  private Base58Text() {}

  /** Returns the bytes of the base58 run {@code [from, to)}, or null when it is not one or is out of bounds. */
  static byte[] decode(String text, int from, int to) {
    int length = to - from;
    if (length < MIN || length > MAX) {
      return null;
    }
    // Little-endian base-256 digits of the number read so far.
    byte[] digits = new byte[length * 733 / 1000 + 1];
    int size = 0;
    int zeros = 0;
    boolean leading = true;
    for (int k = from; k < to; k++) {
      char c = text.charAt(k);
      int v = c < 128 ? VALUE[c] : -1;
      if (v < 0) {
        return null;
      }
      if (leading && v == 0) {
        zeros++;
        continue;
      }
      leading = false;
      int carry = v;
      for (int d = 0; d < size; d++) {
        carry += (digits[d] & 0xFF) * 58;
        digits[d] = (byte) carry;
        carry >>>= 8;
      }
      while (carry > 0) {
        digits[size++] = (byte) carry;
        carry >>>= 8;
      }
    }
    byte[] out = new byte[zeros + size];
    for (int d = 0; d < size; d++) {
      out[zeros + d] = digits[size - 1 - d];
    }
    return out;
  }
}
