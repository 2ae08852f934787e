package io.kexin.gateway.inspect;

import static java.util.Objects.requireNonNull;

/** Holds one piece of text found in a body: where it lives (RFC 6901 pointer), who wrote it, and the text. */
public record TextSegment(String jsonPointer, Role role, String text) {
  public TextSegment {
    requireNonNull(jsonPointer, "jsonPointer");
    requireNonNull(role, "role");
    requireNonNull(text, "text");
  }
}
