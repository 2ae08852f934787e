package io.kexin.gateway.policy;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Holds every policy of one revision of the policy directory, by name. Immutable and thread-safe; a reload builds a
 * new set and swaps it in whole.
 */
public final class PolicySet {
  private final Map<String, CompiledPolicy> byName;
  private final String revision;
  private final boolean blocks;
  private final List<AppliedOverride> overrides;

  PolicySet(List<CompiledPolicy> policies, String revision) {
    this(policies, revision, List.of());
  }

  PolicySet(List<CompiledPolicy> policies, String revision, List<AppliedOverride> overrides) {
    Map<String, CompiledPolicy> map = new LinkedHashMap<>();
    boolean b = false;
    for (CompiledPolicy p : policies) {
      map.put(p.name(), p);
      for (CompiledRule r : p.rules()) {
        b |= r.detector().blocks();
      }
    }
    this.blocks = b;
    this.byName = map;
    this.revision = requireNonNull(revision, "revision");
    this.overrides = List.copyOf(overrides);
  }

  /** Returns what the site's override files changed in the pack, in the order applied; empty without a site. */
  public List<AppliedOverride> overrides() {
    return overrides;
  }

  /** Says whether some rule's detector may wait on a remote service (a guard model): inspect off the event loops. */
  public boolean blocks() {
    return blocks;
  }

  /** Returns an empty set (no policy: everything passes). */
  public static PolicySet empty() {
    return new PolicySet(List.of(), "empty");
  }

  /** Returns the policy named {@code name}. */
  public Optional<CompiledPolicy> get(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** Returns the named policies in order, without duplicates; throws naming any that does not exist. */
  public List<CompiledPolicy> resolve(List<String> names) {
    List<CompiledPolicy> out = new ArrayList<>(names.size());
    for (String name : names) {
      CompiledPolicy p = byName.get(name);
      if (p == null) {
        throw new IllegalArgumentException("policy '" + name + "' is not loaded (expected one of: "
            + String.join(", ", new TreeSet<>(byName.keySet())) + ")");
      }
      if (!out.contains(p)) {
        out.add(p);
      }
    }
    return out;
  }

  /** Returns every policy, in load order. */
  public List<CompiledPolicy> all() {
    return List.copyOf(byName.values());
  }

  /** Returns the revision: a short hash of every policy file's name and content, the site's included. */
  public String revision() {
    return revision;
  }
}
