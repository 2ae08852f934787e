package io.kexin.gateway.stream;

import java.util.Set;

/**
 * Declares, for one provider's stream events, the fields whose string values are not text (identifiers, enums,
 * opaque tokens) and the names that are schema keys rather than text; every other string and key is text.
 */
record EventFields(Set<String> notText, Set<String> keys) {

  /** Says whether {@code name}'s string values are declared not-text. */
  boolean notText(String name) {
    return notText.contains(name);
  }

  /** Says whether {@code name} is a declared key, which is not inspected as text when it names a field. */
  boolean known(String name) {
    return keys.contains(name) || notText.contains(name);
  }
}
