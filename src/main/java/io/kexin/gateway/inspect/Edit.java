package io.kexin.gateway.inspect;

import static java.util.Objects.requireNonNull;

/** Replaces the span [start, end) of a text, in UTF-16 code units, with a replacement. */
public record Edit(int start, int end, String replacement) {
  public Edit {
    requireNonNull(replacement, "replacement");
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("span: [" + start + ", " + end + ") (expected: 0 <= start <= end)");
    }
  }
}
