package io.kexin.gateway.inspect;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.Map;

/**
 * Holds the pseudonyms of one exchange in memory: the same value of the same entity always gets the same
 * placeholder, e.g. {@code <EMAIL_1>}, and model output can be restored. Never logs or prints a value. Create
 * one per exchange and drop it when the exchange ends. Thread-safe.
 */
public final class PseudonymVault {
  private final Map<String, String> placeholderByKey = new HashMap<>();
  private final Map<String, String> valueByPlaceholder = new HashMap<>();
  private final Map<String, Integer> countByLabel = new HashMap<>();
  private int maxPlaceholderLength;

  /** Returns the placeholder for {@code value} of {@code entity}, making a new one the first time. */
  public synchronized String placeholder(String entity, String value) {
    requireNonNull(entity, "entity");
    requireNonNull(value, "value");
    String label = EntityLabel.of(entity);
    String key = label + '\u0000' + value;
    String existing = placeholderByKey.get(key);
    if (existing != null) {
      return existing;
    }
    int n = countByLabel.merge(label, 1, Integer::sum);
    String placeholder = "<" + label + "_" + n + ">";
    placeholderByKey.put(key, placeholder);
    valueByPlaceholder.put(placeholder, value);
    maxPlaceholderLength = Math.max(maxPlaceholderLength, placeholder.length());
    return placeholder;
  }

  /**
   * Returns {@code text} with every placeholder of this vault replaced by its value. Only exact placeholders
   * are restored; anything that merely looks like one is left as it is. Restored values are not scanned again.
   */
  public synchronized String restore(String text) {
    requireNonNull(text, "text");
    if (valueByPlaceholder.isEmpty() || text.indexOf('<') < 0) {
      return text;
    }
    StringBuilder out = null;
    int copied = 0;
    int close = -1;
    int i = text.indexOf('<');
    while (i >= 0) {
      if (close <= i) {
        close = text.indexOf('>', i + 1);
        if (close < 0) {
          break;
        }
      }
      int next = i + 1;
      if (close - i + 1 <= maxPlaceholderLength) {
        String value = valueByPlaceholder.get(text.substring(i, close + 1));
        if (value != null) {
          if (out == null) {
            out = new StringBuilder(text.length() + 16);
          }
          out.append(text, copied, i).append(value);
          copied = close + 1;
          next = close + 1;
        }
      }
      i = text.indexOf('<', next);
    }
    return out == null ? text : out.append(text, copied, text.length()).toString();
  }

  /** Returns the length of the longest placeholder handed out; sizes a stream's hold-back for restoring. */
  public synchronized int maxPlaceholderLength() {
    return maxPlaceholderLength;
  }

  /** Returns how many values the vault holds. */
  public synchronized int size() {
    return valueByPlaceholder.size();
  }

  /** Returns the number of entries only; never the values. */
  @Override
  public synchronized String toString() {
    return "PseudonymVault[size=" + valueByPlaceholder.size() + "]";
  }
}
