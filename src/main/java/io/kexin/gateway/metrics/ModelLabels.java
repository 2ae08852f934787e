package io.kexin.gateway.metrics;

import io.kexin.gateway.route.ModelPattern;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Maps a requested model name to a metric label: the name itself when the config names it (a tenant's allowed
 * models, a route's models and aliases, a deployment alias), else the first configured glob that matches it, else
 * {@code other}, so request content never grows the label set. Immutable.
 */
public final class ModelLabels {
  /** Holds the label of every model the config does not name. */
  public static final String OTHER = "other";

  private final Set<String> known;
  private final List<ModelPattern> globs;

  private ModelLabels(Set<String> known, List<ModelPattern> globs) {
    this.known = known;
    this.globs = globs;
  }

  /** Returns the labels for the models in {@code known}: exact names and globs. */
  public static ModelLabels of(Collection<String> known) {
    List<ModelPattern> globs = new ArrayList<>();
    for (String k : known) {
      ModelPattern p = new ModelPattern(k);
      if (p.glob()) {
        globs.add(p);
      }
    }
    return new ModelLabels(Set.copyOf(known), List.copyOf(globs));
  }

  /** Returns {@code model} if the config names it, else the first glob that matches it, else {@code other}. */
  public String label(String model) {
    if (model == null) {
      return OTHER;
    }
    if (known.contains(model)) {
      return model;
    }
    for (ModelPattern g : globs) {
      if (g.matches(model)) {
        return g.text();
      }
    }
    return OTHER;
  }
}
