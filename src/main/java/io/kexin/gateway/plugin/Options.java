package io.kexin.gateway.plugin;

import java.util.List;
import java.util.Map;

/**
 * Holds the options a policy gave one rule, each already checked against its {@link OptionSpec}: only declared names,
 * each of its declared type, every required one present. Immutable.
 */
public final class Options {
  private final Map<String, Object> values;

  private Options(Map<String, Object> values) {
    this.values = Map.copyOf(values);
  }

  /**
   * Returns options holding {@code values}: {@link String}, {@link Long}, {@link Double}, {@link Boolean} or a
   * {@code List<String>} by the option's type. The gateway calls this; tests of a plugin may too.
   */
  public static Options of(Map<String, Object> values) {
    for (Map.Entry<String, Object> e : values.entrySet()) {
      Object v = e.getValue();
      if (!(v instanceof String || v instanceof Long || v instanceof Double || v instanceof Boolean
          || v instanceof List<?>)) {
        throw new IllegalArgumentException(e.getKey() + ": " + (v == null ? "null" : v.getClass().getSimpleName())
            + " (expected: String, Long, Double, Boolean or List<String>)");
      }
    }
    return new Options(values);
  }

  /** Says whether the policy gave option {@code name}. */
  public boolean has(String name) {
    return values.containsKey(name);
  }

  /** Returns the string option {@code name}, or {@code fallback} when the policy gave none. */
  public String string(String name, String fallback) {
    Object v = values.get(name);
    return v == null ? fallback : (String) v;
  }

  /** Returns the integer option {@code name}, or {@code fallback} when the policy gave none. */
  public long integer(String name, long fallback) {
    Object v = values.get(name);
    return v == null ? fallback : (Long) v;
  }

  /** Returns the number option {@code name}, or {@code fallback} when the policy gave none. */
  public double number(String name, double fallback) {
    Object v = values.get(name);
    return v == null ? fallback : (Double) v;
  }

  /** Returns the boolean option {@code name}, or {@code fallback} when the policy gave none. */
  public boolean bool(String name, boolean fallback) {
    Object v = values.get(name);
    return v == null ? fallback : (Boolean) v;
  }

  /** Returns the string-list option {@code name}, or {@code fallback} when the policy gave none. */
  @SuppressWarnings("unchecked")
  public List<String> strings(String name, List<String> fallback) {
    Object v = values.get(name);
    return v == null ? fallback : (List<String>) v;
  }

  @Override
  public String toString() {
    return "Options" + values.keySet();
  }
}
