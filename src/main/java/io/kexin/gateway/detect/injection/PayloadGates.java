package io.kexin.gateway.detect.injection;

import io.kexin.gateway.text.ScanText;

/**
 * Holds what one pass over a text's units says of the encoded and letter-spaced payloads it may hide: whether
 * {@link Payloads#find(String, int, boolean)} may return a run, for prose and for numbers (the answers of
 * {@link Payloads#mayHold(char[], int, boolean)}), and where the first letter-spaced run may start (that of
 * {@link SpacedLetters#firstStart}); and, from the same pass, what the literal cues and leet spellings need to know
 * of it: whether a leet digit stands right before an ASCII letter (without one, {@link SpelledReadings} finds no
 * word), whether one of {@link #MARKS} occurs (an anchor of the {@link LiteralCues}) and where the first line break
 * is ({@code firstBreak}, the text's length when none). The injection detector and the policy engine's payload pass
 * read it from the scan text, computed once for both, instead of a pass each.
 */
record PayloadGates(boolean prose, boolean numbers, int spacedStart, boolean leet, boolean marked, int firstBreak) {
  /** Computes the gates of a scan text once; read through {@link ScanText#derived}. */
  static final ScanText.Derivation<PayloadGates> PASS = text -> of(text.units(), text.original().length());
  /** The units of which {@link #marked} says whether one occurs: the literal cues' anchors. */
  static final String MARKS = "<[:-\u3010";
  private static final int RUN = 1;
  private static final int PERCENT = 2;
  private static final int ESCAPE = 4;
  private static final int TAG = 8;
  /** Bits 4 and 5: {@link SpacedLetters}' two bits of a unit (a letter or digit, a separator). */
  private static final int KIND_SHIFT = 4;
  private static final int MARK = 64;
  private static final int BREAK = 128;
  /** A digit that leet spelling reads as a letter; {@link #LETTER} is this bit shifted left by one. */
  private static final int LEET = 256;
  private static final int LETTER = LEET << 1;
  /** Per ASCII unit, what the pass reads of it. */
  private static final int[] TABLE = new int[128];

  static {
    for (char c = 0; c < 128; c++) {
      TABLE[c] = Payloads.gate(c) | SpacedLetters.kind(c) << KIND_SHIFT
          | (MARKS.indexOf(c) >= 0 ? MARK : 0) | (c == '\n' || c == '\r' ? BREAK : 0)
          | (c >= '0' && c <= '9' && SpelledReadings.leetLetter(c) != 0 ? LEET : 0)
          | (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' ? LETTER : 0);
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
    // Marks seen, and leet digits seen right before a letter, or-ed together without a branch.
    int seen = 0;
    int previous = 0;
    int firstBreak = n;
    for (int k = 0; k < n; k++) {
      char c = u[k];
      int g = c < 128 ? TABLE[c] : c == 0xDB40 ? TAG : c == '\u3010' ? MARK : 0;
      seen |= g & MARK | previous << 1 & g;
      previous = g;
      if ((g & BREAK) != 0 && firstBreak == n) {
        firstBreak = k;
      }
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
        w = (w << 2 | g >>> KIND_SHIFT & 3) & 0x3FF;
        if (k >= 3 && (w & SpacedLetters.WINDOW_MASK) == SpacedLetters.WINDOW_START) {
          spaced = k - 3;
        }
      }
    }
    if (spaced < 0 && n >= 3 && (w & SpacedLetters.END_MASK) == SpacedLetters.END_START) {
      spaced = n - 3;
    }
    return new PayloadGates(prose, numbers, spaced, (seen & LETTER) != 0, (seen & MARK) != 0, firstBreak);
  }
}
