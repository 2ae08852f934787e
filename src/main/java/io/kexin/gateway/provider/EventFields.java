package io.kexin.gateway.provider;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Declares, for one API's stream events, the fields whose string values are not free text (identifiers, enumerated
 * values, opaque tokens, padding) and how each is read ({@link FieldKind}), with the enumerated words the provider
 * documents; field names that are fixed words of the schemas ({@link Vocabulary}) are keys, not text. Every other
 * string and key of an event is text. Immutable.
 */
public record EventFields(Map<String, FieldKind> kinds, Set<String> documented) {
  /** The longest padding the gateway writes in place of the upstream's. */
  public static final int MAX_PADDING = 256;
  /** The longest enumerated value of the shape read as a newer word of the provider. */
  static final int MAX_ENUMERATED = 64;

  public EventFields {
    kinds = Map.copyOf(requireNonNull(kinds, "kinds"));
    documented = Set.copyOf(requireNonNull(documented, "documented"));
  }

  /** Returns the fields of the given kinds; a name in two sets takes the later kind. */
  static EventFields of(Set<String> enumerated, Set<String> identifiers, Set<String> opaque, Set<String> padding,
      Set<String> documented) {
    Map<String, FieldKind> kinds = new HashMap<>();
    enumerated.forEach(n -> kinds.put(n, FieldKind.ENUMERATED));
    identifiers.forEach(n -> kinds.put(n, FieldKind.IDENTIFIER));
    opaque.forEach(n -> kinds.put(n, FieldKind.OPAQUE));
    padding.forEach(n -> kinds.put(n, FieldKind.PADDING));
    return new EventFields(kinds, documented);
  }

  /** Says whether {@code name}'s string values are declared not free text. */
  public boolean notText(String name) {
    return kinds.containsKey(name);
  }

  /** Returns how {@code name}'s string values are read, or null when they are text. */
  public FieldKind kind(String name) {
    return kinds.get(name);
  }

  /** Says whether {@code value} is an enumerated word the provider documents, which goes out unread. */
  public boolean documented(String value) {
    return value.length() <= Vocabulary.LONGEST && Vocabulary.contains(value) || documented.contains(value);
  }

  /** Says whether {@code name} is a known field name, which is not inspected as text when it names a field. */
  public boolean known(String name) {
    return Vocabulary.contains(name) || kinds.containsKey(name);
  }

  /**
   * Says whether {@code value} has the shape of a provider's enumerated word: a lower-case letter, then up to 63
   * lower-case letters, digits, {@code _} and {@code .}.
   */
  public static boolean enumeratedShape(String value) {
    int n = value.length();
    if (n == 0 || n > MAX_ENUMERATED || value.charAt(0) < 'a' || value.charAt(0) > 'z') {
      return false;
    }
    for (int i = 1; i < n; i++) {
      char c = value.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '.')) {
        return false;
      }
    }
    return true;
  }
}
