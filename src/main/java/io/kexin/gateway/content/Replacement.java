package io.kexin.gateway.content;

import static java.util.Objects.requireNonNull;

/** Holds the new text for the string node at an RFC 6901 pointer. */
public record Replacement(String jsonPointer, String text) {
  public Replacement {
    requireNonNull(jsonPointer, "jsonPointer");
    requireNonNull(text, "text");
  }
}
