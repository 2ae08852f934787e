package io.kexin.gateway.config;

import static java.util.Objects.requireNonNull;

import java.util.function.Function;

/** Expands {@code ${VAR}} and {@code ${VAR:-default}} in configuration values; {@code $${} stays a literal {@code ${}. */
final class EnvSubstitution {
  private final Function<String, String> env;

  EnvSubstitution(Function<String, String> env) {
    this.env = requireNonNull(env, "env");
  }

  /** Returns {@code value} with every reference expanded; throws if a variable is unset and has no default. */
  String expand(String value) {
    int dollar = value.indexOf('$');
    if (dollar < 0) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length());
    int i = 0;
    while (i < value.length()) {
      char c = value.charAt(i);
      if (c == '$' && value.startsWith("$${", i)) {
        out.append("${");
        i += 3;
      } else if (c == '$' && value.startsWith("${", i)) {
        int close = value.indexOf('}', i + 2);
        if (close < 0) {
          throw new IllegalArgumentException("unclosed ${ in value (expected: ${VAR} or ${VAR:-default})");
        }
        out.append(resolve(value.substring(i + 2, close)));
        i = close + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private String resolve(String reference) {
    int sep = reference.indexOf(":-");
    String name = sep < 0 ? reference : reference.substring(0, sep);
    if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("${" + reference + "}: bad variable name (expected: letters, digits, _)");
    }
    String value = env.apply(name);
    if (value != null && !value.isEmpty()) {
      return value;
    }
    if (sep >= 0) {
      return reference.substring(sep + 2);
    }
    throw new IllegalArgumentException("${" + name + "}: environment variable is not set (expected: set it, or write"
        + " ${" + name + ":-default})");
  }
}
