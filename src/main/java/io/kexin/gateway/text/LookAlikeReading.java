package io.kexin.gateway.text;

/**
 * Reads a Cyrillic or Greek letter that looks like a Latin one as that Latin letter where its word holds ASCII too
 * ({@code zhаng}, {@code АКІАQ3…}; Russian or Greek prose stays as it is), asked in ascending order over one text so
 * that each word is read once. Not thread-safe: one per pass.
 */
public final class LookAlikeReading {
  private final CharSequence text;
  private final int length;
  /** The end of the last word read, negated when it held no ASCII. */
  private int word;

  /** Reads the first {@code length} units of {@code text}. */
  public LookAlikeReading(CharSequence text, int length) {
    this.text = text;
    this.length = length;
  }

  /** Returns the Latin letter unit {@code i} reads as, or 0 when it is no look-alike or its word holds no ASCII. */
  public char latinAt(int i) {
    char latin = TextTraits.latinLookAlike(text.charAt(i));
    if (latin == 0) {
      return 0;
    }
    if (i >= Math.abs(word)) {
      word = TextTraits.mixedWord(text, i, length);
    }
    return word > 0 ? latin : 0;
  }
}
