package io.kexin.gateway.policy;

import static java.util.Objects.requireNonNull;
import static java.util.Objects.requireNonNullElse;

import java.util.List;

/** Mirrors one policy file as written: header, defaults and rules. */
record PolicySpec(String apiVersion, String kind, Metadata metadata, Mode mode, OnError onError,
    List<RuleSpec> rules) {
  static final String API_VERSION = "kexin.io/v1";

  PolicySpec {
    if (!API_VERSION.equals(apiVersion)) {
      throw new IllegalArgumentException("apiVersion: " + apiVersion + " (expected: " + API_VERSION + ")");
    }
    if (!"Policy".equals(kind)) {
      throw new IllegalArgumentException("kind: " + kind + " (expected: Policy)");
    }
    requireNonNull(metadata, "metadata");
    mode = requireNonNullElse(mode, Mode.ENFORCE);
    onError = requireNonNullElse(onError, OnError.BLOCK);
    rules = List.copyOf(requireNonNullElse(rules, List.of()));
  }

  /** Names and describes the policy. */
  record Metadata(String name, String description, List<String> tags) {
    Metadata {
      if (name == null || !name.matches("[a-z0-9][a-z0-9-]*")) {
        throw new IllegalArgumentException("name: " + name + " (expected: lowercase letters, digits and dashes)");
      }
      description = requireNonNullElse(description, "");
      tags = List.copyOf(requireNonNullElse(tags, List.of()));
    }
  }
}
