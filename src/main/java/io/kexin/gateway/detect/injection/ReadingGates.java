package io.kexin.gateway.detect.injection;

import io.kexin.gateway.text.ScanText;

/**
 * Holds what one pass over a text's units says of the payloads that {@link PayloadGates} does not see: a token of
 * printable ASCII long enough for base85 with a unit outside base64's alphabet, or a list of byte values
 * ({@code encoded}); a shape that ROT13 or reversal leaves of a credential's prefix, a PEM header, an ID number or
 * an e-mail address, or a mobile number backwards after a word saying so ({@code turned}, see
 * {@link TurnedReadings}); markup or a {@code .concat(} between two pieces
 * of a value ({@code markup}, see {@link MarkupSplits}). Hand-written because it runs over every request text: a
 * table test per unit, a closer look only at the few units that may start a shape.
 */
public record ReadingGates(boolean encoded, boolean turned, boolean markup) {
  /** Returns the gates of the text of {@code text}; the policy engine asks once per request text it scans. */
  public static ReadingGates of(ScanText text) {
    return of(text.units(), text.original().length());
  }
  /** The gates of nearly every text, shared. */
  private static final ReadingGates NONE = new ReadingGates(false, false, false);
  private static final int TOKEN = 1;
  private static final int OTHER = 2;
  private static final int DIGIT = 4;
  private static final int LOOK = 16;
  /** Per ASCII unit: part of a printable token, outside base64's alphabet, a digit, a unit of a cue. */
  private static final byte[] TABLE = new byte[128];

  static {
    for (char c = '!'; c < 0x7F; c++) {
      boolean base64 = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+'
          || c == '/' || c == '-' || c == '_' || c == '=' || c == '%';
      TABLE[c] = (byte) (TOKEN | (base64 ? 0 : OTHER) | (c >= '0' && c <= '9' ? DIGIT : 0));
    }
    for (char c : "_-@<*`~NA.]}$\\".toCharArray()) {
      TABLE[c] |= LOOK;
    }
  }

  /**
   * Returns the gates of the first {@code n} units of {@code u}. Letters, spaces and every unit past ASCII, nearly
   * all of a text, cost one test: what a token holds is measured only at a unit of punctuation, a number list only
   * at the start of a number, a cue only at one of its few units.
   */
  public static ReadingGates of(char[] u, int n) {
    boolean encoded = false;
    boolean turned = false;
    boolean markup = false;
    int lastBreak = -1;
    int numbers = 0;
    int listEnd = -2;
    for (int k = 0; k < n; k++) {
      char c = u[k];
      if (c >= 128) {
        lastBreak = k;
        continue;
      }
      int g = TABLE[c];
      if ((g & (OTHER | DIGIT | LOOK)) == 0) {
        if ((g & TOKEN) == 0) {
          lastBreak = k;
        }
        continue;
      }
      if ((g & OTHER) != 0 && !encoded) {
        // a token with punctuation in it: long enough for base85?
        int end = k;
        while (end < n && end - lastBreak <= Base85Text.MIN && u[end] < 128 && (TABLE[u[end]] & TOKEN) != 0) {
          end++;
        }
        encoded = end - lastBreak > Base85Text.MIN;
      }
      if ((g & DIGIT) != 0) {
        int end = k;
        while (end < n && u[end] >= '0' && u[end] <= '9') {
          end++;
        }
        // a number right after the separator that ended the one before continues a list
        numbers = listEnd == k ? numbers + 1 : 1;
        listEnd = end < n && (u[end] == ' ' || u[end] == ',') ? end + (u[end] == ',' && end + 1 < n
            && u[end + 1] == ' ' ? 2 : 1) : -2;
        if (numbers >= ByteLists.MIN) {
          encoded = true;
        }
        if (end - k >= 17 && !turned) {
          turned = TurnedReadings.idShapeEndsAt(u, end - 1, n);
        }
        if (end - k == 11 && !turned) {
          turned = TurnedReadings.reversedPhoneAt(u, k, end);
        }
        // the rest of the number holds no cue; its last digit is looked at again by nothing
        k = end - 1;
        continue;
      }
      if ((g & LOOK) != 0) {
        if (!turned && TurnedReadings.cueAt(u, k, n)) {
          turned = true;
        }
        if (!markup && MarkupSplits.cueAt(u, k, n)) {
          markup = true;
        }
      }
    }
    return encoded || turned || markup ? new ReadingGates(encoded, turned, markup) : NONE;
  }
}
