package io.kexin.gateway.provider;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.content.Role;

/**
 * Holds an image a body carries: the pointer of the string that gives it, who wrote it, and its decoded bytes (not
 * copied: the extraction that holds it is the only reader), or null for an image given by URL or file id, which the
 * gateway does not fetch.
 */
public record ImageData(String pointer, Role role, byte[] bytes) {
  public ImageData {
    requireNonNull(pointer, "pointer");
    requireNonNull(role, "role");
  }

  /** Says whether the image is given by reference (a URL, a file id) rather than by its bytes. */
  public boolean remote() {
    return bytes == null;
  }
}
