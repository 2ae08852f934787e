package io.kexin.gateway.policy;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.config.ConfigException;
import io.kexin.gateway.content.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Compares two policy directories rule by rule, as written (word lists and allow lists included), and classifies
 * each change as Falco classifies rule changes: {@code major} when traffic may get less protection (a rule or policy
 * removed, an action or mode made weaker, a scope narrowed, failing open), {@code minor} when it may be treated
 * differently (a rule added, an action or mode made stronger, a scope widened, a detector or list changed), {@code
 * patch} for what changes no decision (descriptions, messages, severities, tags, examples). With a site directory,
 * both packs are compared as its overrides leave them. Thread-safe.
 */
public final class PolicyDiff {
  /** Ranks a change; the order is the severity. */
  public enum Level {
    PATCH,
    MINOR,
    MAJOR;

    /** Returns the lower-case name. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Describes one change: the rule (or policy) it touches, what changed, and its level. */
  public record Change(String policy, String rule, String kind, String what, Level level) {
    public Change {
      requireNonNull(policy, "policy");
      requireNonNull(kind, "kind");
      requireNonNull(what, "what");
      requireNonNull(level, "level");
    }
  }

  /** Holds every change between two directories, and the highest level among them ({@code null} when none). */
  public record Result(List<Change> changes) {
    public Result {
      changes = List.copyOf(changes);
    }

    /** Returns the highest level of any change, or null when nothing changed. */
    public Level level() {
      return changes.stream().map(Change::level).max(Enum::compareTo).orElse(null);
    }
  }

  /**
   * One policy file as written (or as a site's overrides leave it), with the directory its lists are relative to and
   * what the site adds to the pack's rules, by rule id.
   */
  private record Written(Path file, PolicySpec spec, Map<String, SiteOverrides.Extras> extras) {}

  /** Compares the policies of {@code before} with those of {@code after}. */
  public Result compare(Path before, Path after) {
    return compare(before, after, null);
  }

  /**
   * Compares the policies of {@code before} with those of {@code after}, each with the site directory {@code site}
   * (null for none) layered over it: its policies added, its overrides applied, its terms and allowed values added.
   */
  public Result compare(Path before, Path after, Path site) {
    Map<String, Written> old = read(before, site);
    Map<String, Written> now = read(after, site);
    List<Change> changes = new ArrayList<>();
    for (Map.Entry<String, Written> e : old.entrySet()) {
      Written n = now.get(e.getKey());
      if (n == null) {
        changes.add(new Change(e.getKey(), null, "removed", "policy removed with its "
            + e.getValue().spec().rules().size() + " rules", Level.MAJOR));
      } else {
        policy(e.getValue(), n, changes);
      }
    }
    for (Map.Entry<String, Written> e : now.entrySet()) {
      if (!old.containsKey(e.getKey())) {
        changes.add(new Change(e.getKey(), null, "added", "policy added with "
            + e.getValue().spec().rules().size() + " rules", Level.MINOR));
      }
    }
    return new Result(changes);
  }

  private void policy(Written o, Written n, List<Change> out) {
    String name = n.spec().metadata().name();
    if (o.spec().onError() != n.spec().onError()) {
      out.add(new Change(name, null, "changed", "onError " + label(o.spec().onError()) + " → "
          + label(n.spec().onError()), n.spec().onError() == OnError.ALLOW ? Level.MAJOR : Level.MINOR));
    }
    if (!o.spec().metadata().equals(n.spec().metadata())) {
      out.add(new Change(name, null, "changed", "metadata", Level.PATCH));
    }
    Map<String, RuleSpec> oldRules = rules(o.spec());
    Map<String, RuleSpec> newRules = rules(n.spec());
    for (Map.Entry<String, RuleSpec> e : oldRules.entrySet()) {
      RuleSpec nr = newRules.get(e.getKey());
      if (nr == null) {
        out.add(new Change(name, e.getKey(), "removed", "rule removed (was " + e.getValue().action().policyName()
            + ")", Level.MAJOR));
      } else {
        rule(name, e.getKey(), o, e.getValue(), n, nr, out);
      }
    }
    for (Map.Entry<String, RuleSpec> e : newRules.entrySet()) {
      if (!oldRules.containsKey(e.getKey())) {
        out.add(new Change(name, e.getKey(), "added", "rule added (" + e.getValue().action().policyName() + ", "
            + label(n.spec().mode().and(e.getValue().mode())) + ")", Level.MINOR));
      }
    }
  }

  private void rule(String policy, String id, Written ow, RuleSpec o, Written nw, RuleSpec n, List<Change> out) {
    if (o.action() != n.action()) {
      out.add(new Change(policy, id, "changed", "action " + o.action().policyName() + " → "
          + n.action().policyName(), n.action().compareTo(o.action()) < 0 ? Level.MAJOR : Level.MINOR));
    }
    Mode om = ow.spec().mode().and(o.mode());
    Mode nm = nw.spec().mode().and(n.mode());
    if (om != nm) {
      // Mode order: enforce < monitor < off; a later one protects less.
      out.add(new Change(policy, id, "changed", "mode " + label(om) + " → " + label(nm),
          nm.compareTo(om) > 0 ? Level.MAJOR : Level.MINOR));
    }
    scope(policy, id, "directions", Set.copyOf(o.appliesTo().directions()), Set.copyOf(n.appliesTo().directions()),
        Set.of(Direction.values()), out);
    scope(policy, id, "roles", Set.copyOf(o.appliesTo().roles()), Set.copyOf(n.appliesTo().roles()),
        Set.of(Role.values()), out);
    SiteOverrides.Extras ox = ow.extras().get(id);
    SiteOverrides.Extras nx = nw.extras().get(id);
    // A site that replaces a rule's terms on both sides leaves the pack's own terms and word list unused.
    boolean siteTerms = ox != null && nx != null && ox.replaceTerms() && nx.replaceTerms();
    boolean sameDetector = o.detector().equals(n.detector()) || siteTerms && o.detector().keyword() != null
        && n.detector().keyword() != null
        && o.detector().keyword().wholeWord().equals(n.detector().keyword().wholeWord());
    if (!sameDetector) {
      out.add(new Change(policy, id, "changed", "detector", Level.MINOR));
    } else if (!siteTerms && o.detector().keyword() != null && o.detector().keyword().wordList() != null) {
      list(policy, id, "word list " + o.detector().keyword().wordList(), ow, nw, o.detector().keyword().wordList(),
          out);
    }
    boolean siteAllow = ox != null && nx != null && ox.replaceAllow() && nx.replaceAllow();
    if (!o.allow().equals(n.allow()) && !siteAllow) {
      out.add(new Change(policy, id, "changed", "allow", Level.MINOR));
    } else if (!siteAllow && o.allow().list() != null) {
      list(policy, id, "allow list " + o.allow().list(), ow, nw, o.allow().list(), out);
    }
    if (!Objects.equals(o.entity(), n.entity()) || !Objects.equals(o.keepLast(), n.keepLast())) {
      out.add(new Change(policy, id, "changed", "entity or keepLast", Level.MINOR));
    }
    List<String> patch = new ArrayList<>();
    if (!o.description().equals(n.description())) {
      patch.add("description");
    }
    if (!Objects.equals(o.message(), n.message())) {
      patch.add("message");
    }
    if (o.severity() != n.severity()) {
      patch.add("severity " + o.severity().name().toLowerCase(Locale.ROOT) + " → "
          + n.severity().name().toLowerCase(Locale.ROOT));
    }
    if (!o.tags().equals(n.tags())) {
      patch.add("tags");
    }
    if (!o.examples().equals(n.examples())) {
      patch.add("examples");
    }
    if (!patch.isEmpty()) {
      out.add(new Change(policy, id, "changed", String.join(", ", patch), Level.PATCH));
    }
  }

  private static <T> void scope(String policy, String id, String what, Set<T> o, Set<T> n, Set<T> all,
      List<Change> out) {
    Set<T> before = o.isEmpty() ? all : o;
    Set<T> after = n.isEmpty() ? all : n;
    if (before.equals(after)) {
      return;
    }
    Level level = before.containsAll(after) ? Level.MAJOR : after.containsAll(before) ? Level.MINOR : Level.MAJOR;
    out.add(new Change(policy, id, "changed", what + " " + names(before) + " → " + names(after), level));
  }

  private static <T> String names(Set<T> set) {
    TreeSet<String> names = new TreeSet<>();
    for (T t : set) {
      names.add(t.toString().toLowerCase(Locale.ROOT));
    }
    return names.toString();
  }

  /** Adds a change when the list file {@code name} differs between the two directories: how many entries came, went. */
  private void list(String policy, String id, String what, Written ow, Written nw, String name, List<Change> out) {
    Set<String> o = entries(ow.file().toAbsolutePath().getParent().resolve(name));
    Set<String> n = entries(nw.file().toAbsolutePath().getParent().resolve(name));
    if (o.equals(n)) {
      return;
    }
    Set<String> added = new HashSet<>(n);
    added.removeAll(o);
    Set<String> removed = new HashSet<>(o);
    removed.removeAll(n);
    out.add(new Change(policy, id, "changed", what + ": +" + added.size() + " −" + removed.size() + " entries",
        Level.MINOR));
  }

  private static Set<String> entries(Path list) {
    try (Stream<String> lines = Files.lines(list)) {
      Set<String> set = new HashSet<>();
      lines.map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(set::add);
      return set;
    } catch (IOException | RuntimeException e) {
      return Set.of();
    }
  }

  private static Map<String, RuleSpec> rules(PolicySpec spec) {
    Map<String, RuleSpec> map = new LinkedHashMap<>();
    for (RuleSpec r : spec.rules()) {
      map.put(r.id(), r);
    }
    return map;
  }

  private static Map<String, Written> read(Path dir, Path site) {
    if (!Files.isDirectory(dir)) {
      throw new ConfigException(dir + ": not a directory (expected: a policy directory)");
    }
    SiteOverrides layered = new PolicyLoader().layer(dir, site);
    Map<String, SiteOverrides.Extras> extras = layered.extras();
    Map<String, Written> byName = new LinkedHashMap<>();
    for (SiteOverrides.Parsed p : layered.policies()) {
      byName.put(p.spec().metadata().name(), new Written(p.file(), p.spec(), extras));
    }
    return byName;
  }

  private static String label(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }
}
