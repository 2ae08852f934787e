package io.kexin.gateway.detect.injection;

import io.kexin.gateway.text.ScanText;

/**
 * Holds what one pass over a text's units says of the encoded and letter-spaced payloads it may hide: whether
 * {@link Payloads#find(String, int, boolean)} may return a run, for prose and for numbers (the answers of
 * {@link Payloads#mayHold(char[], int, boolean)}), and where the first letter-spaced run may start (that of
 * {@link SpacedLetters#firstStart}). The injection detector and the policy engine's payload pass read it from the
 * scan text, computed once for both, instead of a pass each.
 */
record PayloadGates(boolean prose, boolean numbers, int spacedStart) {
  /** Computes the gates of a scan text once; read through {@link ScanText#derived}. */
  static final ScanText.Derivation<PayloadGates> PASS = text -> of(text.units(), text.original().length());
  private static final int RUN = 1;
  private static final int PERCENT = 2;
  private static final int ESCAPE = 4;
  private static final int TAG = 8;
  /** Bits 4 and 5: {@link SpacedLetters}' two bits of a unit (a letter or digit, a separator). */
  private static final int KIND_SHIFT = 4;
  /** Per ASCII unit, what the pass reads of it. */
  private static final byte[] TABLE = new byte[128];

  static {
    for (char c = 0; c < 128; c++) {
      TABLE[c] = (byte) (Payloads.gate(c) | SpacedLetters.kind(c) << KIND_SHIFT);
    }
  }

  /** Returns the gates of the first {@code n} units of {@code u}. */
  static PayloadGates of(char[] u, int n) {
    int run = 0;
    int percents = 0;
    boolean prose = false;
    boolean numbers = false;
    int spaced = -1;
    int w = 0;
    int k = 0;
    for (; k < n; k++) {
      char c = u[k];
      int g = c < 128 ? TABLE[c] : c == 0xDB40 ? TAG : 0;
      if (!prose) {
        if ((g & RUN) != 0) {
          run++;
          if (run >= Payloads.shortestRun(false) || (g & PERCENT) != 0 && ++percents >= Payloads.MIN_ESCAPES) {
            prose = true;
            numbers = true;
          } else if (run >= Payloads.shortestRun(true)) {
            numbers = true;
          }
        } else {
          run = 0;
          if ((g & (TAG | ESCAPE)) != 0 && ((g & TAG) != 0 || k + 1 < n && u[k + 1] == 'x')) {
            prose = true;
            numbers = true;
          }
        }
      }
      if (spaced < 0) {
        w = (w << 2 | g >>> KIND_SHIFT) & 0x3FF;
        if (k >= 3 && (w & SpacedLetters.WINDOW_MASK) == SpacedLetters.WINDOW_START) {
          spaced = k - 3;
        }
      } else if (prose) {
        break;
      }
    }
    if (spaced < 0 && n >= 3 && (w & SpacedLetters.END_MASK) == SpacedLetters.END_START) {
      spaced = n - 3;
    }
    return new PayloadGates(prose, numbers, spaced);
  }
}
