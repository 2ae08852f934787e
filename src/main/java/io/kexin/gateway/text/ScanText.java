package io.kexin.gateway.text;

import static java.util.Objects.requireNonNull;

/** Holds a text to scan; derived forms are computed once and shared by every detector. Not thread-safe. */
public final class ScanText {
  private final String original;

  private ScanText(String original) {
    this.original = requireNonNull(original, "original");
  }

  /** Returns a scan text over {@code original}. */
  public static ScanText of(String original) {
    return new ScanText(original);
  }

  /** Returns the text as received. */
  public String original() {
    return original;
  }
}
