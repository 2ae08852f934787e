package io.kexin.gateway.detect.regex;

/**
 * Presents a range of a text to RE2J as a text of its own without copying it: the windows a detector searches
 * around its candidates would otherwise each be a new string (and, for a text with Chinese in it, a failed Latin-1
 * copy first). Moved from window to window by {@link #over}; a matcher must be {@code reset} on it after each move.
 * Not thread-safe: one per scan.
 */
final class TextWindow implements CharSequence {
  private final String text;
  private int start;
  private int length;

  TextWindow(String text) {
    this.text = text;
  }

  /** Returns this window moved to the units {@code [start, end)} of the text. */
  TextWindow over(int start, int end) {
    this.start = start;
    this.length = end - start;
    return this;
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public char charAt(int index) {
    if (index < 0 || index >= length) {
      throw new IndexOutOfBoundsException("index " + index + " (expected: 0.." + (length - 1) + ")");
    }
    return text.charAt(start + index);
  }

  @Override
  public CharSequence subSequence(int from, int to) {
    return text.subSequence(start + from, start + to);
  }

  @Override
  public String toString() {
    return text.substring(start, start + length);
  }
}
