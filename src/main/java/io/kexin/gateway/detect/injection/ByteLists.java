package io.kexin.gateway.detect.injection;

/**
 * Reads a list of byte values written as numbers, for {@link Payloads}: binary octets ({@code 01001000 01101001 …})
 * or decimals up to 255 ({@code 72 105 …}), one space, a comma or a comma and a space apart. A model turns such a
 * list back into text when asked. Hand-written for the same reason as the other decoders of the payload search.
 * Stateless.
 */
final class ByteLists {
  /** Fewest numbers in a list read: fewer bytes than that do not read as text. */
  static final int MIN = 6;

  private ByteLists() {}

  /** Holds the bytes of a list and where it ends. */
  record Read(byte[] bytes, int end, boolean binary) {}

  /**
   * Returns the list starting at {@code from}, a digit that no digit or letter precedes, or null when there is none
   * of at least {@value #MIN} numbers, at most {@code block} units long.
   */
  static Read at(String text, int from, int block) {
    int n = Math.min(text.length(), from + block);
    int first = digits(text, from, n);
    boolean binary = first == 8 && binary(text, from, 8);
    if (first == 0 || first > 3 && !binary) {
      return null;
    }
    byte[] out = new byte[(n - from) / 2 + 1];
    int count = 0;
    int k = from;
    int end = from;
    while (k < n) {
      int d = digits(text, k, n);
      int value;
      if (binary) {
        if (d != 8 || !binary(text, k, 8)) {
          break;
        }
        value = Integer.parseInt(text, k, k + 8, 2);
      } else {
        if (d == 0 || d > 3) {
          break;
        }
        value = Integer.parseInt(text, k, k + d, 10);
        if (value > 255) {
          break;
        }
      }
      // a number glued to a letter is not a list's
      if (k + d < text.length() && Character.isLetter(text.charAt(k + d))) {
        break;
      }
      out[count++] = (byte) value;
      k += d;
      end = k;
      if (k < n && text.charAt(k) == ',') {
        k++;
        if (k < n && text.charAt(k) == ' ') {
          k++;
        }
      } else if (k < n && text.charAt(k) == ' ') {
        k++;
      } else {
        break;
      }
    }
    return count < MIN ? null : new Read(java.util.Arrays.copyOf(out, count), end, binary);
  }

  private static int digits(String text, int from, int n) {
    int k = from;
    while (k < n && k - from < 9 && text.charAt(k) >= '0' && text.charAt(k) <= '9') {
      k++;
    }
    return k - from;
  }

  private static boolean binary(String text, int from, int count) {
    for (int k = from; k < from + count; k++) {
      if (text.charAt(k) != '0' && text.charAt(k) != '1') {
        return false;
      }
    }
    return true;
  }
}
