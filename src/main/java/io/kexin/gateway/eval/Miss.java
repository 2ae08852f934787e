package io.kexin.gateway.eval;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Records one text a label was wrong for: missed ({@code FN}) or predicted where it should not be ({@code FP}),
 * with the expected and predicted labels (within the scored labels) and a masked preview of the text.
 */
public record Miss(String label, Kind kind, String id, List<String> expected, List<String> predicted,
    String preview) {
  public Miss {
    requireNonNull(label, "label");
    requireNonNull(kind, "kind");
    requireNonNull(id, "id");
    expected = List.copyOf(expected);
    predicted = List.copyOf(predicted);
    requireNonNull(preview, "preview");
  }

  /** Names the two ways to be wrong about a label. */
  public enum Kind { FN, FP }
}
