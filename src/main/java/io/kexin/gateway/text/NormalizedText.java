package io.kexin.gateway.text;

import static java.util.Objects.requireNonNull;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Holds a normalized text and, for each of its UTF-16 units, the span of original text it came from; a match
 * {@code [s, e)} in {@link #text()} covers {@code [originalStart(s), originalEnd(e - 1))} of the original.
 * Immutable and thread-safe.
 */
public final class NormalizedText {
  /** The text, or null until first asked for when the units were given (most detectors read only the units). */
  private String text;
  private final int length;
  /** The units of {@link #text}, possibly followed by unused ones; built on first use when not given. */
  private char[] units;
  /** Builds the offsets on first use, or null when they are known: identity, or given. */
  private final Supplier<NormalizedText> source;
  /**
   * Offsets per unit, or null for the identity map of a text that normalization left unchanged (or, with a source,
   * before first use). Written once; a racing first use builds equal offsets twice.
   */
  private Offsets offsets;

  /**
   * The normalized suffix of the original text that {@link Normalizer#originalStartNearEnd} last built, kept so that
   * every detector of a stream's feed maps its live index with one tail normalization; null until then.
   */
  private Tail tail;

  /** Holds the offsets of every unit; final fields, so safe to publish through a plain field. */
  private record Offsets(int[] starts, int[] ends) {}

  /** Holds the normalization of the original text from {@code from} on, which ends this text; safe to publish. */
  record Tail(int from, NormalizedText text) {}

  private NormalizedText(String text, char[] units, int length, Offsets offsets, Supplier<NormalizedText> source) {
    this.text = text;
    this.length = length;
    this.units = units;
    this.offsets = offsets;
    this.source = source;
  }

  NormalizedText(String text, int[] starts, int[] ends) {
    this(requireNonNull(text, "text"), null, text.length(),
        new Offsets(requireNonNull(starts, "starts"), requireNonNull(ends, "ends")), null);
    if (starts.length < text.length() || ends.length < text.length()) {
      throw new IllegalArgumentException("offsets: " + Math.min(starts.length, ends.length)
          + " (expected: >= " + text.length() + ")");
    }
  }

  /** Returns the normalized form of a text that normalization leaves unchanged: unit i comes from unit i. */
  static NormalizedText identity(String text, char[] units) {
    return new NormalizedText(requireNonNull(text, "text"), units, text.length(), null, null);
  }

  /**
   * Returns the text of the first {@code length} units of {@code units}, made into a string on first use, whose
   * offsets {@code source} builds on first use: the normalization of the same original text with its offsets,
   * which must give the same text.
   */
  static NormalizedText lazy(char[] units, int length, Supplier<NormalizedText> source) {
    return new NormalizedText(null, requireNonNull(units, "units"), length, null, requireNonNull(source, "source"));
  }

  /** Returns the normalized text. */
  public String text() {
    String t = text;
    if (t == null) {
      t = new String(units, 0, length);
      text = t;
    }
    return t;
  }

  /**
   * Returns the units of the normalized text in an array that may be longer than {@link #length()}: what the
   * detectors' loops read, which is faster than {@link String#charAt} on every request. Do not modify it.
   */
  public char[] units() {
    char[] u = units;
    if (u == null) {
      u = text.toCharArray();
      units = u;
    }
    return u;
  }

  /** Returns the length of the normalized text in UTF-16 units. */
  public int length() {
    return length;
  }

  /**
   * Returns the end of the units that more text cannot change into part of a term: the text less what follows its
   * last letter or digit, and less that letter or digit too, since a word ending there may still continue.
   */
  public int stableEnd() {
    char[] u = units();
    int e = length;
    while (e > 0 && !Character.isLetterOrDigit(u[e - 1])) {
      e--;
    }
    return Math.max(0, e - 1);
  }

  /** Returns the offset in the original text where the source of normalized unit {@code index} starts. */
  public int originalStart(int index) {
    int i = Objects.checkIndex(index, length);
    Offsets o = offsets();
    return o == null ? i : o.starts()[i];
  }

  /** Returns the offset in the original text where the source of normalized unit {@code index} ends (exclusive). */
  public int originalEnd(int index) {
    int i = Objects.checkIndex(index, length);
    Offsets o = offsets();
    return o == null ? i + 1 : o.ends()[i];
  }

  /** Says whether every unit comes from the same unit of the original text, known without building offsets. */
  boolean identity() {
    return offsets == null && source == null;
  }

  /** Returns the tail kept by {@link #keepTail}, or null. */
  Tail tail() {
    return tail;
  }

  /** Keeps {@code t}, a normalized suffix of the original text ending this text, for later near-end lookups. */
  void keepTail(Tail t) {
    tail = t;
  }

  private Offsets offsets() {
    Offsets o = offsets;
    if (o == null && source != null) {
      NormalizedText built = source.get();
      if (!built.text().equals(text()) || built.offsets == null) {
        throw new IllegalStateException("normalization with offsets gave another text (length " + built.length()
            + ", expected " + length + ")");
      }
      o = built.offsets;
      offsets = o;
    }
    return o;
  }

  @Override
  public String toString() {
    return "NormalizedText[length=" + length + "]";
  }
}
