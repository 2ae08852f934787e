package io.kexin.gateway.text;

/**
 * Lists the Cyrillic and Greek letters, capital and small, that look like a Latin letter, with the Latin letter,
 * keeping its case, and the few that look like a digit ({@code З} for 3, {@code б} for 6), with the digit: what a key
 * written with {@code АКІА} (Cyrillic) or {@code ΑΚΙΑ} (Greek) for {@code AKIA}, or a phone with {@code З}, reads as
 * to a model. Hand-written for the same reason as {@link Confusables} (Unicode's confusables.txt maps thousands of
 * characters to skeletons of several letters), and apart from it because credential rules are case-sensitive.
 */
final class LookAlikeLetters {
  /** Pairs of (look-alike, Latin letter or digit). */
  private static final char[][] PAIRS = {
    // Cyrillic capitals
    {'\u0410', 'A'}, {'\u0412', 'B'}, {'\u0415', 'E'}, {'\u041A', 'K'}, {'\u041C', 'M'}, {'\u041D', 'H'},
    {'\u041E', 'O'}, {'\u0420', 'P'}, {'\u0421', 'C'}, {'\u0422', 'T'}, {'\u0425', 'X'}, {'\u0405', 'S'},
    {'\u0406', 'I'}, {'\u0408', 'J'}, {'\u04AE', 'Y'}, {'\u051A', 'Q'}, {'\u051C', 'W'}, {'\u04C0', 'I'},
    // Cyrillic small letters
    {'\u0430', 'a'}, {'\u0435', 'e'}, {'\u043E', 'o'}, {'\u0440', 'p'}, {'\u0441', 'c'}, {'\u0443', 'y'},
    {'\u0445', 'x'}, {'\u0456', 'i'}, {'\u0455', 's'}, {'\u0458', 'j'}, {'\u0501', 'd'}, {'\u04BB', 'h'},
    {'\u04CF', 'l'}, {'\u051B', 'q'}, {'\u051D', 'w'},
    // Greek capitals
    {'\u0391', 'A'}, {'\u0392', 'B'}, {'\u0395', 'E'}, {'\u0396', 'Z'}, {'\u0397', 'H'}, {'\u0399', 'I'},
    {'\u039A', 'K'}, {'\u039C', 'M'}, {'\u039D', 'N'}, {'\u039F', 'O'}, {'\u03A1', 'P'}, {'\u03A4', 'T'},
    {'\u03A5', 'Y'}, {'\u03A7', 'X'},
    // Greek small letters and Latin look-alikes outside ASCII
    {'\u03BF', 'o'}, {'\u03BD', 'v'}, {'\u03B9', 'i'}, {'\u03BA', 'k'}, {'\u03C1', 'p'}, {'\u03C5', 'u'},
    {'\u0261', 'g'}, {'\u0251', 'a'}, {'\u0131', 'i'},
    // Cyrillic letters that look like a digit: Ze (capital and small) as 3, small be as 6
    {'\u0417', '3'}, {'\u0437', '3'}, {'\u0431', '6'},
  };

  private LookAlikeLetters() {}

  /** Writes the Latin letter of each look-alike into {@code table}, indexed by UTF-16 unit. */
  static void applyTo(char[] table) {
    for (char[] pair : PAIRS) {
      table[pair[0]] = pair[1];
    }
  }
}
