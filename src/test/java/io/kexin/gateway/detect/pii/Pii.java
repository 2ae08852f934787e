package io.kexin.gateway.detect.pii;

import io.kexin.gateway.detect.Finding;
import io.kexin.gateway.text.ScanText;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

/** Scans test sentences with a detector for all entities and a fixed clock (2026-01-01). */
final class Pii {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  static final PiiDetector ALL = PiiDetector.of("pii.test", Set.of(), 0.0, CLOCK);

  private Pii() {}

  /** Returns the findings of all entities in {@code text}, checking that no explanation holds the matched text. */
  static List<Finding> scan(String text) {
    List<Finding> findings = ALL.scan(ScanText.of(text));
    for (Finding f : findings) {
      if (f.explanation().contains(text.substring(f.start(), f.end()))) {
        throw new AssertionError("explanation holds the matched text: " + f);
      }
    }
    return findings;
  }

  /** Returns the original substrings that {@code entity} findings cover in {@code text}. */
  static List<String> found(String entity, String text) {
    return scan(text).stream().filter(f -> f.entity().equals(entity))
        .map(f -> text.substring(f.start(), f.end())).toList();
  }

  /** Returns the score of the only {@code entity} finding in {@code text}. */
  static double score(String entity, String text) {
    List<Finding> findings = scan(text).stream().filter(f -> f.entity().equals(entity)).toList();
    if (findings.size() != 1) {
      throw new AssertionError(entity + " findings: " + findings.size() + " (expected: 1) in " + text);
    }
    return findings.get(0).score();
  }
}
