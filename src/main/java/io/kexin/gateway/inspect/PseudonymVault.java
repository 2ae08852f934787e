package io.kexin.gateway.inspect;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.text.DecodedText;
import io.kexin.gateway.text.JsonText;
import java.util.HashMap;
import java.util.Map;

/**
 * Holds the pseudonyms of one exchange in memory: the same value of the same entity always gets the same
 * placeholder, e.g. {@code <EMAIL_1>}, and model output can be restored. Only placeholders made before {@link #seal()}
 * (for the request) are restored: one that a response rule makes afterwards stays a placeholder, numbered on from
 * the request's, so a response {@code pseudonymize} is never undone. Never logs or prints a value. Create one per
 * exchange and drop it when the exchange ends. Thread-safe.
 */
public final class PseudonymVault {
  private final Map<String, String> placeholderByKey = new HashMap<>();
  private final Map<String, String> sealedPlaceholderByKey = new HashMap<>();
  private boolean sealed;
  private final Map<String, String> valueByPlaceholder = new HashMap<>();
  private final Map<String, Integer> countByLabel = new HashMap<>();
  private int maxPlaceholderLength;

  /** Returns the placeholder for {@code value} of {@code entity}, making a new one the first time. */
  public synchronized String placeholder(String entity, String value) {
    requireNonNull(entity, "entity");
    requireNonNull(value, "value");
    String label = EntityLabel.of(entity);
    String key = label + '\u0000' + value;
    Map<String, String> byKey = sealed ? sealedPlaceholderByKey : placeholderByKey;
    String existing = byKey.get(key);
    if (existing != null) {
      return existing;
    }
    int n = countByLabel.merge(label, 1, Integer::sum);
    String placeholder = "<" + label + "_" + n + ">";
    byKey.put(key, placeholder);
    if (sealed) {
      return placeholder;
    }
    valueByPlaceholder.put(placeholder, value);
    maxPlaceholderLength = Math.max(maxPlaceholderLength, placeholder.length());
    return placeholder;
  }

  /** Ends the request's pseudonyms: placeholders made from now on are never restored. */
  public synchronized void seal() {
    sealed = true;
  }

  /**
   * Returns {@code text} with every restorable placeholder replaced by its value, reading escaped placeholders too
   * ({@code \u003cEMAIL_1\u003e}, as Go's encoding/json writes them); with {@code json} the text is nested JSON
   * text and a value goes in escaped the way the text escapes up to the placeholder's end.
   */
  public String restore(String text, boolean json) {
    return restore(text, json, "");
  }

  /**
   * Returns what {@link #restore(String, boolean)} returns for {@code text}, the piece of a JSON text that follows
   * text whose escaping style {@code before} samples ({@link JsonText#styleOf}; empty at the start): each value goes
   * in escaped as the sender escaped its text up to the placeholder's end, and never by what follows it, so that a
   * stream, which restores a placeholder as soon as it is released, writes it as the whole text does wherever the
   * stream was cut.
   */
  public String restore(String text, boolean json, String before) {
    requireNonNull(text, "text");
    requireNonNull(before, "before");
    if (!json && text.indexOf('\\') < 0) {
      return restore(text);
    }
    return restoreEscaped(text, DecodedText.of(text, json), json, before);
  }

  /**
   * Returns {@code text} with every placeholder of this vault replaced by its value. Only exact placeholders
   * are restored; anything that merely looks like one is left as it is. Restored values are not scanned again.
   */
  public String restore(String text) {
    requireNonNull(text, "text");
    return restoreEscaped(text, DecodedText.identity(text), false, "");
  }

  /** Restores the placeholders found in {@code decoded}, the read form of {@code text}, at their spans in it. */
  private synchronized String restoreEscaped(String text, DecodedText decoded, boolean json, String before) {
    String d = decoded.text();
    if (valueByPlaceholder.isEmpty() || d.indexOf('<') < 0) {
      return text;
    }
    StringBuilder out = null;
    int copied = 0;
    String style = before;
    int styled = 0;
    int close = -1;
    int i = d.indexOf('<');
    while (i >= 0) {
      if (close <= i) {
        close = d.indexOf('>', i + 1);
        if (close < 0) {
          break;
        }
      }
      int next = i + 1;
      if (close - i + 1 <= maxPlaceholderLength) {
        String value = valueByPlaceholder.get(d.substring(i, close + 1));
        if (value != null) {
          if (out == null) {
            out = new StringBuilder(text.length() + 16);
          }
          int end = decoded.originalEnd(close + 1);
          if (json) {
            // Each stretch of the text is sampled once, up to this placeholder's end: linear in the text.
            style = JsonText.styleOf(style, text.substring(styled, end));
            styled = end;
          }
          out.append(text, copied, decoded.originalStart(i)).append(json ? JsonText.escapeLike(value, style) : value);
          copied = end;
          next = close + 1;
        }
      }
      i = d.indexOf('<', next);
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
