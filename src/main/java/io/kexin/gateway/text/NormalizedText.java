package io.kexin.gateway.text;

import static java.util.Objects.requireNonNull;

import java.util.Objects;

/**
 * Holds a normalized text and, for each of its UTF-16 units, the span of original text it came from; a match
 * {@code [s, e)} in {@link #text()} covers {@code [originalStart(s), originalEnd(e - 1))} of the original.
 * Immutable and thread-safe.
 */
public final class NormalizedText {
  private final String text;
  /** Offsets per unit, or null for the identity map of a text that normalization left unchanged. */
  private final int[] starts;
  private final int[] ends;

  private NormalizedText(String text) {
    this.text = text;
    this.starts = null;
    this.ends = null;
  }

  NormalizedText(String text, int[] starts, int[] ends) {
    this.text = requireNonNull(text, "text");
    this.starts = requireNonNull(starts, "starts");
    this.ends = requireNonNull(ends, "ends");
    if (starts.length < text.length() || ends.length < text.length()) {
      throw new IllegalArgumentException("offsets: " + Math.min(starts.length, ends.length)
          + " (expected: >= " + text.length() + ")");
    }
  }

  /** Returns the normalized form of a text that normalization leaves unchanged: unit i comes from unit i. */
  static NormalizedText identity(String text) {
    return new NormalizedText(requireNonNull(text, "text"));
  }

  /** Returns the normalized text. */
  public String text() {
    return text;
  }

  /** Returns the length of the normalized text in UTF-16 units. */
  public int length() {
    return text.length();
  }

  /** Returns the offset in the original text where the source of normalized unit {@code index} starts. */
  public int originalStart(int index) {
    int i = Objects.checkIndex(index, text.length());
    return starts == null ? i : starts[i];
  }

  /** Returns the offset in the original text where the source of normalized unit {@code index} ends (exclusive). */
  public int originalEnd(int index) {
    int i = Objects.checkIndex(index, text.length());
    return ends == null ? i + 1 : ends[i];
  }

  @Override
  public String toString() {
    return "NormalizedText[length=" + text.length() + "]";
  }
}
