package io.kexin.gateway.eval;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Holds one evaluation text and the labels it should get ({@code pii:EMAIL}, {@code secret}, ...); no labels means
 * nothing should be found.
 */
public record LabelledText(String id, String text, List<String> labels) {
  public LabelledText {
    requireNonNull(id, "id");
    requireNonNull(text, "text");
    labels = List.copyOf(labels);
  }
}
