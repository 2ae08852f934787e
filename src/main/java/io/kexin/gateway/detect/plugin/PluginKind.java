package io.kexin.gateway.detect.plugin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.kexin.gateway.detect.Detector;
import io.kexin.gateway.plugin.DetectorKind;
import io.kexin.gateway.plugin.Match;
import io.kexin.gateway.plugin.OptionSpec;
import io.kexin.gateway.plugin.Options;
import io.kexin.gateway.plugin.PluginDetector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Holds one detector kind a plugin jar provides, with the options it declared, and builds rules' detectors of it:
 * options are checked strictly against the declaration before the plugin sees them. Thread-safe.
 */
public final class PluginKind {
  private final String name;
  private final String plugin;
  private final DetectorKind kind;
  private final Map<String, OptionSpec> options;
  private final PluginWorker worker;
  private final Duration budget;
  private final Duration loadBudget;

  PluginKind(String name, String plugin, DetectorKind kind, List<OptionSpec> options, PluginWorker worker,
      Duration budget, Duration loadBudget) {
    this.name = requireNonNull(name, "name");
    this.plugin = requireNonNull(plugin, "plugin");
    this.kind = requireNonNull(kind, "kind");
    Map<String, OptionSpec> byName = new LinkedHashMap<>();
    for (OptionSpec o : options) {
      if (byName.putIfAbsent(o.name(), o) != null) {
        throw new IllegalArgumentException("option " + o.name() + " declared twice (expected: unique names)");
      }
    }
    this.options = byName;
    this.worker = requireNonNull(worker, "worker");
    this.budget = requireNonNull(budget, "budget");
    this.loadBudget = requireNonNull(loadBudget, "loadBudget");
  }

  /** Returns the name policy files use. */
  public String name() {
    return name;
  }

  /** Returns the file name of the jar that provides this kind. */
  public String plugin() {
    return plugin;
  }

  /**
   * Returns a detector for rule {@code ruleId} with the options a policy gave ({@code given}, as YAML values). A
   * plugin that throws anything but {@link IllegalArgumentException}, or runs past its budget, while building it
   * yields a detector that fails every scan, so the policy's {@code onError} decides.
   *
   * @throws OptionException for an unknown option, a missing required one, a value of the wrong type, or a value
   *     the plugin refuses
   */
  public Detector detector(String ruleId, String entity, Map<String, JsonNode> given) {
    Options checked = Options.of(check(given));
    String what = "rule " + ruleId + " (kind " + name + ")";
    PluginDetector built;
    int max;
    try {
      built = worker.call(what, loadBudget, () -> {
        try {
          return kind.create(checked);
        } catch (IllegalArgumentException e) {
          return new Refused(e.getMessage());
        }
      });
      if (built instanceof Refused r) {
        throw refusal(r.message());
      }
      if (built == null) {
        return new UnavailableDetector(what + ": plugin " + plugin + " built no detector (create returned null)");
      }
      PluginDetector b = built;
      max = worker.call(what, loadBudget, b::maxMatchLength);
    } catch (PluginException e) {
      return new UnavailableDetector(e.getMessage());
    }
    if (max < 1) {
      throw new OptionException(null, "plugin " + plugin + " kind " + name + " gives maxMatchLength " + max
          + " (expected: > 0)");
    }
    return new GuardedDetector(ruleId, entity, name, built, worker, budget, max);
  }

  /** Returns the plugin's refusal, located at the option its message starts with when it names one. */
  private OptionException refusal(String message) {
    String m = message == null ? "bad options" : message;
    int colon = m.indexOf(':');
    String option = colon > 0 && options.containsKey(m.substring(0, colon)) ? m.substring(0, colon) : null;
    return new OptionException(option, m);
  }

  /** Returns the given options as Java values, refusing unknown, missing and mistyped ones. */
  private Map<String, Object> check(Map<String, JsonNode> given) {
    Map<String, Object> values = new HashMap<>();
    for (Map.Entry<String, JsonNode> e : given.entrySet()) {
      OptionSpec spec = options.get(e.getKey());
      if (spec == null) {
        throw new OptionException(e.getKey(), "unknown option '" + e.getKey() + "' of detector kind " + name
            + " (expected one of: " + String.join(", ", options.keySet().stream().sorted().toList()) + ")", true);
      }
      values.put(spec.name(), value(spec, e.getValue()));
    }
    List<String> missing = new ArrayList<>();
    for (OptionSpec spec : options.values()) {
      if (spec.required() && !values.containsKey(spec.name())) {
        missing.add(spec.name());
      }
    }
    if (!missing.isEmpty()) {
      throw new OptionException(null, "detector kind " + name + " needs option(s) " + String.join(", ", missing)
          + " (expected: " + missing.stream().map(m -> m + ": " + options.get(m).description())
              .collect(Collectors.joining("; ")) + ")");
    }
    return values;
  }

  private Object value(OptionSpec spec, JsonNode v) {
    switch (spec.type()) {
      case STRING:
        if (v.isTextual()) {
          return v.asText();
        }
        break;
      case INTEGER:
        if (v.isIntegralNumber() && v.canConvertToLong()) {
          return v.asLong();
        }
        break;
      case NUMBER:
        if (v.isNumber()) {
          return v.asDouble();
        }
        break;
      case BOOLEAN:
        if (v.isBoolean()) {
          return v.asBoolean();
        }
        break;
      default:
        if (v.isArray()) {
          List<String> list = new ArrayList<>();
          for (Iterator<JsonNode> it = v.elements(); it.hasNext(); ) {
            JsonNode item = it.next();
            if (!item.isTextual()) {
              throw new OptionException(spec.name(), spec.name() + ": a list holding a " + item.getNodeType()
                  .name().toLowerCase(Locale.ROOT) + " (expected: a list of strings)");
            }
            list.add(item.asText());
          }
          return List.copyOf(list);
        }
    }
    throw new OptionException(spec.name(), spec.name() + ": wrong type (expected: " + expected(spec.type()) + ")");
  }

  private static String expected(OptionSpec.Type type) {
    return switch (type) {
      case STRING -> "a string";
      case INTEGER -> "an integer";
      case NUMBER -> "a number";
      case BOOLEAN -> "true or false";
      case STRING_LIST -> "a list of strings";
    };
  }

  /** Carries a plugin's refusal of its options out of the worker thread. */
  private record Refused(String message) implements PluginDetector {
    @Override
    public List<Match> scan(String text) {
      throw new UnsupportedOperationException("a refusal scans nothing");
    }

    @Override
    public int maxMatchLength() {
      return 0;
    }
  }
}
