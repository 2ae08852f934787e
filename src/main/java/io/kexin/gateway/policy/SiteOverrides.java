package io.kexin.gateway.policy;

import io.kexin.gateway.config.ConfigException;
import io.kexin.gateway.config.EnumNames;
import io.kexin.gateway.config.StrictYaml;
import io.kexin.gateway.content.Action;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Applies a site's override files to the parsed policies of a pack, in file order, Falco style: a policy or rule is
 * named, and each field given replaces the pack's value, except word lists and allow lists, which are appended to
 * unless the entry says {@code replace}. Every name is checked: an override naming a policy or rule that does not
 * exist, or terms for a rule that has no keyword detector, fails with the override's {@code file:line:col}. Not
 * thread-safe: one instance per load.
 */
final class SiteOverrides {
  /** Reads a list file named in {@code text} of {@code file} at {@code at}; relative to that file, below its dir. */
  @FunctionalInterface
  interface ListReader {
    List<String> read(Path file, String text, String at, String kind, String name);
  }

  /** Holds one policy file as parsed: where it is, its text (to locate errors), its spec, and whether a site's. */
  record Parsed(Path file, String text, PolicySpec spec, boolean site) {
    Parsed withSpec(PolicySpec changed) {
      return new Parsed(file, text, changed, site);
    }
  }

  /** Holds one override file as parsed. */
  record OverrideFile(Path file, String text, OverrideSpec spec) {}

  /**
   * Holds what a rule gets beyond its spec from the site: terms (appended, or replacing the rule's own terms and word
   * list), allowed values (likewise), and the override entry last applied, to name in errors.
   */
  record Extras(List<String> terms, boolean replaceTerms, Set<String> allow, boolean replaceAllow,
      ConfigException at) {}

  private final StrictYaml yaml;
  private final ListReader lists;
  private final List<Parsed> policies;
  private final Map<String, Integer> policyIndex = new HashMap<>();
  private final Map<String, int[]> ruleIndex = new HashMap<>();
  private final Map<String, Extras> extras = new HashMap<>();
  private final List<AppliedOverride> applied = new ArrayList<>();

  SiteOverrides(StrictYaml yaml, ListReader lists, List<Parsed> policies) {
    this.yaml = yaml;
    this.lists = lists;
    this.policies = new ArrayList<>(policies);
    for (int p = 0; p < policies.size(); p++) {
      policyIndex.putIfAbsent(policies.get(p).spec().metadata().name(), p);
      List<RuleSpec> rules = policies.get(p).spec().rules();
      for (int r = 0; r < rules.size(); r++) {
        ruleIndex.putIfAbsent(rules.get(r).id(), new int[] {p, r});
      }
    }
  }

  /** Applies every entry of {@code file}; the first bad entry throws with its {@code file:line:col}. */
  void apply(OverrideFile file) {
    String source = file.file().toString();
    List<OverrideSpec.PolicyChange> policyChanges = file.spec().policies();
    for (int i = 0; i < policyChanges.size(); i++) {
      applyPolicy(file, "policies[" + i + "]", policyChanges.get(i));
    }
    List<OverrideSpec.RuleChange> ruleChanges = file.spec().rules();
    for (int i = 0; i < ruleChanges.size(); i++) {
      applyRule(file, "rules[" + i + "]", ruleChanges.get(i));
    }
    if (policyChanges.isEmpty() && ruleChanges.isEmpty()) {
      throw yaml.errorAt(source, file.text(), "metadata", "an override file that changes nothing (expected:"
          + " policies or rules to change)");
    }
  }

  /** Returns the policies with every override applied, in their order. */
  List<Parsed> policies() {
    return List.copyOf(policies);
  }

  /** Returns what the site adds to each rule it extends, by rule id. */
  Map<String, Extras> extras() {
    return Map.copyOf(extras);
  }

  /** Returns every change applied, in order. */
  List<AppliedOverride> applied() {
    return List.copyOf(applied);
  }

  private void applyPolicy(OverrideFile file, String at, OverrideSpec.PolicyChange change) {
    Integer p = policyIndex.get(change.name());
    if (p == null) {
      throw yaml.errorAt(file.file().toString(), file.text(), at + ".name", "no policy '" + change.name()
          + "' in the pack (expected one of: " + String.join(", ", new TreeSet<>(policyIndex.keySet())) + ")");
    }
    if (change.mode() == null && change.onError() == null) {
      throw yaml.errorAt(file.file().toString(), file.text(), at, "policy '" + change.name() + "': nothing to"
          + " change (expected: mode, onError)");
    }
    PolicySpec s = policies.get(p).spec();
    List<String> changes = new ArrayList<>();
    Mode mode = s.mode();
    if (change.mode() != null) {
      changes.add("mode: " + s.mode().label() + " -> " + change.mode().label());
      mode = change.mode();
    }
    OnError onError = s.onError();
    if (change.onError() != null) {
      changes.add("onError: " + label(s.onError()) + " -> " + label(change.onError()));
      onError = change.onError();
    }
    policies.set(p, policies.get(p).withSpec(new PolicySpec(s.apiVersion(), s.kind(), s.metadata(), mode, onError,
        s.rules())));
    applied.add(new AppliedOverride(AppliedOverride.Target.POLICY, change.name(), changes,
        where(file, at)));
  }

  private void applyRule(OverrideFile file, String at, OverrideSpec.RuleChange change) {
    String source = file.file().toString();
    int[] found = ruleIndex.get(change.id());
    if (found == null) {
      throw yaml.errorAt(source, file.text(), at + ".id", "no rule '" + change.id() + "' in the pack (expected: the"
          + " id of a loaded rule" + similar(change.id()) + ")");
    }
    if (!change.changes()) {
      throw yaml.errorAt(source, file.text(), at, "rule '" + change.id() + "': nothing to change (expected: enabled,"
          + " action, mode, severity, message, terms, wordList or allow)");
    }
    Parsed parsed = policies.get(found[0]);
    RuleSpec r = parsed.spec().rules().get(found[1]);
    List<String> changes = new ArrayList<>();
    Mode mode = r.mode();
    if (change.disables()) {
      changes.add("enabled: false");
      mode = Mode.OFF;
    } else if (change.mode() != null) {
      changes.add("mode: " + r.mode().label() + " -> " + change.mode().label());
      mode = change.mode();
    }
    Action action = r.action();
    if (change.action() != null) {
      changes.add("action: " + r.action().policyName() + " -> " + change.action().policyName());
      action = change.action();
    }
    Severity severity = r.severity();
    if (change.severity() != null) {
      changes.add("severity: " + label(r.severity()) + " -> " + label(change.severity()));
      severity = change.severity();
    }
    String message = r.message();
    if (change.message() != null) {
      changes.add("message replaced");
      message = change.message();
    }
    ConfigException here = yaml.errorAt(source, file.text(), at, "");
    Extras before = extras.get(r.id());
    List<String> terms = before == null ? new ArrayList<>() : new ArrayList<>(before.terms());
    boolean replaceTerms = before != null && before.replaceTerms();
    if (change.terms() != null || change.wordList() != null) {
      if (r.detector().keyword() == null) {
        throw yaml.errorAt(source, file.text(), at + (change.terms() != null ? ".terms" : ".wordList"), "rule "
            + r.id() + " has no keyword detector (expected: terms and wordList only for keyword rules)");
      }
      List<String> added = new ArrayList<>();
      if (change.terms() != null) {
        added.addAll(change.terms());
      }
      if (change.wordList() != null) {
        added.addAll(lists.read(file.file(), file.text(), at + ".wordList", "word list", change.wordList()));
      }
      if (change.override().replaceTerms()) {
        terms.clear();
        replaceTerms = true;
      }
      terms.addAll(added);
      if (terms.isEmpty()) {
        throw yaml.errorAt(source, file.text(), at + ".terms", "rule " + r.id() + " would be left with no term"
            + " (expected: at least one term or a word list with entries)");
      }
      changes.add("terms: " + (change.override().replaceTerms() ? "replaced by " : "+") + added.size());
    }
    Set<String> allow = before == null ? new LinkedHashSet<>() : new LinkedHashSet<>(before.allow());
    boolean replaceAllow = before != null && before.replaceAllow();
    if (change.allow() != null) {
      List<String> added = new ArrayList<>(change.allow().values());
      if (change.allow().list() != null) {
        added.addAll(lists.read(file.file(), file.text(), at + ".allow.list", "allow list", change.allow().list()));
      }
      if (change.override().replaceAllow()) {
        allow.clear();
        replaceAllow = true;
      }
      allow.addAll(added);
      changes.add("allow: " + (change.override().replaceAllow() ? "replaced by " : "+") + added.size());
    }
    extras.put(r.id(), new Extras(List.copyOf(terms), replaceTerms, Set.copyOf(allow), replaceAllow, here));
    RuleSpec changed;
    try {
      changed = new RuleSpec(r.id(), r.description(), r.detector(), r.appliesTo(), action, severity, message,
          r.entity(), action == Action.MASK ? r.keepLast() : null, mode, r.tags(),
          r.allow(), r.examples(), r.category());
    } catch (IllegalArgumentException e) {
      throw yaml.errorAt(source, file.text(), at, e.getMessage());
    }
    List<RuleSpec> rules = new ArrayList<>(parsed.spec().rules());
    rules.set(found[1], changed);
    PolicySpec s = parsed.spec();
    policies.set(found[0], parsed.withSpec(new PolicySpec(s.apiVersion(), s.kind(), s.metadata(), s.mode(),
        s.onError(), rules)));
    applied.add(new AppliedOverride(AppliedOverride.Target.RULE, r.id(), changes, where(file, at)));
  }

  /** Returns a hint naming the loaded rules of the same family as {@code id}, at most a few. */
  private String similar(String id) {
    int dot = id.indexOf('.');
    String family = dot < 0 ? id : id.substring(0, dot + 1);
    List<String> same = new TreeSet<>(ruleIndex.keySet()).stream().filter(k -> k.startsWith(family)).limit(6)
        .toList();
    return same.isEmpty() ? "" : "; rules of that family: " + String.join(", ", same);
  }

  private String where(OverrideFile file, String at) {
    ConfigException e = yaml.errorAt(file.file().toString(), file.text(), at, "");
    return e.source() + ":" + e.line() + ":" + e.column();
  }

  private static String label(Enum<?> e) {
    return EnumNames.of(e);
  }
}
