package io.kexin.gateway.policy;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** Holds one compiled policy: its name, where it came from, how it fails, and its rules. Immutable. */
public record CompiledPolicy(String name, String description, String source, Mode mode, OnError onError,
    List<CompiledRule> rules) {
  public CompiledPolicy {
    requireNonNull(name, "name");
    requireNonNull(source, "source");
    requireNonNull(mode, "mode");
    requireNonNull(onError, "onError");
    rules = List.copyOf(rules);
  }
}
