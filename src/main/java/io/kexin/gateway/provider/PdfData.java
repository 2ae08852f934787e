package io.kexin.gateway.provider;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.content.Role;

/**
 * Holds a PDF a body carries as base64 data: the pointer of the string, who wrote it, and its decoded bytes (not
 * copied: the extraction that holds it is the only reader).
 */
public record PdfData(String pointer, Role role, byte[] bytes) {
  public PdfData {
    requireNonNull(pointer, "pointer");
    requireNonNull(role, "role");
    requireNonNull(bytes, "bytes");
  }
}
