package io.kexin.gateway.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/** Declares a TLS certificate chain and private key, both PEM files. */
public record TlsConfig(Path certFile, Path keyFile) {
  public TlsConfig {
    requireNonNull(certFile, "certFile");
    requireNonNull(keyFile, "keyFile");
  }
}
