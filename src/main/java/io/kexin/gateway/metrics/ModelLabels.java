package io.kexin.gateway.metrics;

import java.util.Collection;
import java.util.Set;

/**
 * Maps a requested model name to a metric label: the name itself when the config names it (a tenant's allowed
 * models, a deployment alias), else {@code other}, so request content never grows the label set. Immutable.
 */
public final class ModelLabels {
  /** Holds the label of every model the config does not name. */
  public static final String OTHER = "other";

  private final Set<String> known;

  private ModelLabels(Set<String> known) {
    this.known = known;
  }

  /** Returns the labels for the models in {@code known}. */
  public static ModelLabels of(Collection<String> known) {
    return new ModelLabels(Set.copyOf(known));
  }

  /** Returns {@code model} if the config names it, else {@code other}. */
  public String label(String model) {
    return model != null && known.contains(model) ? model : OTHER;
  }
}
