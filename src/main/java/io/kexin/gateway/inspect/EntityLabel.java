package io.kexin.gateway.inspect;

import java.util.Locale;

/** Turns an entity name into the label used in redaction markers and placeholders: [A-Z0-9_]+. */
final class EntityLabel {
  private EntityLabel() {}

  /** Returns the label for {@code entity}, e.g. {@code EMAIL} for {@code email}, {@code CN_ID} for {@code cn-id}. */
  static String of(String entity) {
    String upper = entity.toUpperCase(Locale.ROOT);
    StringBuilder label = new StringBuilder(upper.length());
    for (int i = 0; i < upper.length(); i++) {
      char c = upper.charAt(i);
      label.append(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ? c : '_');
    }
    return label.length() == 0 ? "ENTITY" : label.toString();
  }
}
