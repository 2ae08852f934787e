package io.kexin.gateway.text;

/**
 * Lists the non-Latin letters folded to the Latin letter they look like, applied after case folding.
 *
 * <p>Why a small hand-written table rather than Unicode's confusables.txt: that file maps thousands of
 * characters to multi-character "skeletons" tuned for spoofed identifiers, which would rewrite ordinary Greek
 * and Cyrillic prose and inflate false positives. Keyword evasion in practice swaps single Latin letters for
 * their look-alike Cyrillic and Greek lowercase forms (uppercase forms reach this table already case-folded),
 * so this table folds exactly those, one code point to one code point.
 */
final class Confusables {
  /** Pairs of (look-alike, Latin letter). */
  private static final char[][] PAIRS = {
    // Cyrillic
    {'\u0430', 'a'}, {'\u0435', 'e'}, {'\u043E', 'o'}, {'\u0440', 'p'}, {'\u0441', 'c'}, {'\u0443', 'y'},
    {'\u0445', 'x'}, {'\u0456', 'i'}, {'\u0455', 's'}, {'\u0458', 'j'}, {'\u0501', 'd'}, {'\u04BB', 'h'},
    {'\u04CF', 'l'}, {'\u051B', 'q'}, {'\u051D', 'w'}, {'\u0457', 'i'}, {'\u0475', 'v'},
    // Greek
    {'\u03BF', 'o'}, {'\u03B1', 'a'}, {'\u03B5', 'e'}, {'\u03B9', 'i'}, {'\u03BD', 'v'}, {'\u03C1', 'p'},
    {'\u03BA', 'k'}, {'\u03C4', 't'}, {'\u03C5', 'u'}, {'\u03C7', 'x'}, {'\u03B7', 'n'}, {'\u03B2', 'b'},
    {'\u03F2', 'c'}, {'\u03F3', 'j'},
    // Latin look-alikes outside ASCII that NFKC keeps
    {'\u0131', 'i'}, {'\u0269', 'i'}, {'\u0251', 'a'}, {'\u0261', 'g'},
  };

  private Confusables() {}

  /** Writes the folding of each look-alike into {@code table}, indexed by UTF-16 unit. */
  static void applyTo(char[] table) {
    for (char[] pair : PAIRS) {
      table[pair[0]] = pair[1];
    }
  }
}
