package io.kexin.gateway.inspect;

import io.kexin.gateway.detect.Finding;

/** Builds findings over example texts for the rewriting tests. */
final class Findings {
  private Findings() {}

  /** Returns a finding of {@code entity} over the first occurrence of {@code needle} in {@code text}. */
  static Finding at(String text, String needle, String entity) {
    int start = text.indexOf(needle);
    if (start < 0) {
      throw new IllegalArgumentException("needle not in text: " + needle);
    }
    return new Finding("test." + entity.toLowerCase(java.util.Locale.ROOT), entity, start,
        start + needle.length(), 1.0, "test");
  }

  /** Returns a finding of {@code entity} over [start, end). */
  static Finding span(int start, int end, String entity, String ruleId) {
    return new Finding(ruleId, entity, start, end, 1.0, "test");
  }
}
