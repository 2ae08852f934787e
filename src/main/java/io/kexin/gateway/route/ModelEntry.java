package io.kexin.gateway.route;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Is one model a route serves: the names it matches, the model sent upstream instead when it is an alias (null: the
 * name the client asked for), and the policies its requests add to the route's.
 */
public record ModelEntry(ModelPattern pattern, String upstreamModel, List<String> policies) {
  public ModelEntry {
    requireNonNull(pattern, "pattern");
    policies = List.copyOf(policies);
  }

  /** Says whether this entry is an alias: the upstream gets another name than the client asked for. */
  public boolean alias() {
    return upstreamModel != null;
  }
}
