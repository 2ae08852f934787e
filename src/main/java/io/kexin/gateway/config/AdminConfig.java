package io.kexin.gateway.config;

/**
 * Declares the bearer token that the admin policy API requires ({@code Authorization: Bearer <token>}); without
 * one, the endpoints that change state refuse to run. Write it as {@code ${ENV}}, never inline.
 */
public record AdminConfig(String token) {
  static final AdminConfig DEFAULT = new AdminConfig(null);

  public AdminConfig {
    if (token != null && token.isBlank()) {
      token = null;
    }
    if (token != null && token.length() < 16) {
      throw new IllegalArgumentException("token: " + token.length() + " characters (expected: at least 16)");
    }
  }

  @Override
  public String toString() {
    return "AdminConfig[token=" + (token == null ? "none" : "set") + "]";
  }
}
