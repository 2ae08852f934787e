package io.kexin.gateway.detect.plugin;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.detect.Detector;
import io.kexin.gateway.detect.Finding;
import io.kexin.gateway.plugin.Match;
import io.kexin.gateway.plugin.PluginDetector;
import io.kexin.gateway.text.ScanText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Runs a plugin's detector for one rule under the gateway's guard: each call on the plugin's own threads within the
 * time budget, and every answer checked against the contract (spans inside the text, a valid entity name, at most
 * {@link #MAX_MATCHES} matches); an explanation that quotes the match is replaced. Whatever fails throws a
 * {@link PluginException}, which the policy's {@code onError} decides. Thread-safe.
 */
final class GuardedDetector implements Detector {
  static final int MAX_MATCHES = 4096;
  private static final Pattern ENTITY = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
  private final String ruleId;
  private final String entity;
  private final String kind;
  private final PluginDetector plugin;
  private final PluginWorker worker;
  private final Duration budget;
  private final int maxMatchLength;

  GuardedDetector(String ruleId, String entity, String kind, PluginDetector plugin, PluginWorker worker,
      Duration budget, int maxMatchLength) {
    this.ruleId = requireNonNull(ruleId, "ruleId");
    this.entity = requireNonNull(entity, "entity");
    this.kind = requireNonNull(kind, "kind");
    this.plugin = requireNonNull(plugin, "plugin");
    this.worker = requireNonNull(worker, "worker");
    this.budget = requireNonNull(budget, "budget");
    this.maxMatchLength = maxMatchLength;
  }

  @Override
  public List<Finding> scan(ScanText text) {
    String t = text.original();
    List<Match> matches = worker.call("rule " + ruleId + " (kind " + kind + ")", budget, () -> plugin.scan(t));
    if (matches == null) {
      throw contract("returned null (expected: a list, empty when nothing matches)");
    }
    if (matches.size() > MAX_MATCHES) {
      throw contract("returned " + matches.size() + " matches (expected: at most " + MAX_MATCHES + ")");
    }
    List<Finding> out = new ArrayList<>(matches.size());
    for (Match m : matches) {
      if (m == null) {
        throw contract("returned a null match");
      }
      if (m.end() > t.length()) {
        throw contract("returned span [" + m.start() + ", " + m.end() + ") in a text of " + t.length()
            + " characters (expected: offsets into the text)");
      }
      String e = m.entity() == null ? entity : m.entity().toUpperCase(Locale.ROOT);
      if (!ENTITY.matcher(e).matches()) {
        throw contract("returned an entity that is not a name (expected: letters, digits and _, e.g. BANK_ACCOUNT)");
      }
      out.add(new Finding(ruleId, e, m.start(), m.end(), m.score(), explanation(t, m)));
    }
    return out;
  }

  /** Returns the plugin's explanation, prefixed with the kind; a generic one when it would quote the match. */
  private String explanation(String text, Match m) {
    String own = m.explanation().strip();
    String matched = text.substring(m.start(), m.end());
    boolean quotes = matched.strip().length() >= 3 && own.contains(matched.strip());
    if (own.isEmpty() || quotes || own.length() > 200 || own.chars().anyMatch(Character::isISOControl)) {
      own = "matched";
    }
    return "plugin kind " + kind + ": " + own;
  }

  private PluginException contract(String what) {
    return new PluginException("rule " + ruleId + " (kind " + kind + "): the plugin " + what);
  }

  @Override
  public int maxMatchLength() {
    return maxMatchLength;
  }
}
