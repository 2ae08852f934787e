package io.kexin.gateway.provider;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * Declares, for one API's stream events, the fields whose string values are not text (identifiers, enumerated
 * values, opaque tokens); field names that are fixed words of the schemas ({@link Vocabulary}) are keys, not text.
 * Every other string and key of an event is text. Immutable.
 */
public record EventFields(Set<String> notText) {
  public EventFields {
    notText = Set.copyOf(requireNonNull(notText, "notText"));
  }

  /** Says whether {@code name}'s string values are declared not text. */
  public boolean notText(String name) {
    return notText.contains(name);
  }

  /** Says whether {@code name} is a known field name, which is not inspected as text when it names a field. */
  public boolean known(String name) {
    return Vocabulary.contains(name) || notText.contains(name);
  }
}
