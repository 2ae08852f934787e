package io.kexin.gateway.policy;

import static java.util.Objects.requireNonNull;
import static java.util.Objects.requireNonNullElse;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.kexin.gateway.config.EnumNames;
import io.kexin.gateway.content.Action;
import java.util.List;

/**
 * Mirrors one site override file as written ({@code kind: PolicyOverride}), in the manner of Falco's rule overrides:
 * changes to shipped policies (mode, onError) and rules (enabled, action, mode, severity, message, terms, allow list)
 * named by name or id, applied over the pack without editing its files.
 */
record OverrideSpec(String apiVersion, String kind, Metadata metadata, List<PolicyChange> policies,
    List<RuleChange> rules) {
  static final String KIND = "PolicyOverride";

  OverrideSpec {
    if (!PolicySpec.API_VERSION.equals(apiVersion)) {
      throw new IllegalArgumentException("apiVersion: " + apiVersion + " (expected: " + PolicySpec.API_VERSION + ")");
    }
    if (!KIND.equals(kind)) {
      throw new IllegalArgumentException("kind: " + kind + " (expected: " + KIND + ")");
    }
    requireNonNull(metadata, "metadata");
    policies = List.copyOf(requireNonNullElse(policies, List.of()));
    rules = List.copyOf(requireNonNullElse(rules, List.of()));
  }

  /** Names and describes the override file. */
  record Metadata(String name, String description) {
    Metadata {
      if (name == null || !name.matches("[a-z0-9][a-z0-9-]*")) {
        throw new IllegalArgumentException("name: " + name + " (expected: lowercase letters, digits and dashes)");
      }
      description = requireNonNullElse(description, "");
    }
  }

  /** Changes one policy: its mode, or the way it fails. */
  record PolicyChange(String name, Mode mode, OnError onError) {
    PolicyChange {
      if (name == null) {
        throw new IllegalArgumentException("name: missing (expected: the name of a policy of the pack)");
      }
    }
  }

  /**
   * Changes one rule: {@code enabled: false} turns it off (alone); the rest replace the rule's value, except
   * {@code terms}/{@code wordList} and {@code allow}, which are added to the rule's own unless {@code override}
   * says {@code replace} for them.
   */
  record RuleChange(String id, Boolean enabled, Action action, Mode mode, Severity severity, String message,
      List<String> terms, String wordList, RuleSpec.Allow allow, Merge override) {
    RuleChange {
      if (id == null) {
        throw new IllegalArgumentException("id: missing (expected: the id of a rule of the pack)");
      }
      if (enabled != null && enabled && action == null && mode == null && severity == null && message == null
          && terms == null && wordList == null && allow == null) {
        throw new IllegalArgumentException("rule '" + id + "': enabled: true changes nothing (expected: enabled:"
            + " false to turn the rule off, or a change)");
      }
      if (Boolean.FALSE.equals(enabled) && (action != null || mode != null || severity != null || message != null
          || terms != null || wordList != null || allow != null || override != null)) {
        throw new IllegalArgumentException("rule '" + id + "': enabled: false with other changes (expected: a"
            + " disabled rule alone)");
      }
      terms = terms == null ? null : List.copyOf(terms);
      override = requireNonNullElse(override, Merge.DEFAULT);
      if (override.terms() != null && terms == null && wordList == null) {
        throw new IllegalArgumentException("override.terms: given without terms or wordList (expected: the terms"
            + " that are appended or replace the rule's)");
      }
      if (override.allow() != null && allow == null) {
        throw new IllegalArgumentException("override.allow: given without allow (expected: the values that are"
            + " appended or replace the rule's)");
      }
    }

    /** Says whether the rule is turned off. */
    boolean disables() {
      return Boolean.FALSE.equals(enabled);
    }

    /** Says whether the entry changes anything. */
    boolean changes() {
      return enabled != null || action != null || mode != null || severity != null || message != null
          || terms != null || wordList != null || allow != null;
    }
  }

  /** Says, per list, whether the site's entries are appended to the rule's (the default) or replace them. */
  record Merge(How terms, How allow) {
    static final Merge DEFAULT = new Merge(null, null);

    /** Says whether the terms replace the rule's own. */
    boolean replaceTerms() {
      return terms == How.REPLACE;
    }

    /** Says whether the allowed values replace the rule's own. */
    boolean replaceAllow() {
      return allow == How.REPLACE;
    }
  }

  /** Names how a site list combines with the rule's. */
  enum How {
    APPEND,
    REPLACE;

    /** Returns the choice named in an override file. */
    @JsonCreator
    static How parse(String name) {
      return EnumNames.parse(How.class, "override", name);
    }
  }
}
