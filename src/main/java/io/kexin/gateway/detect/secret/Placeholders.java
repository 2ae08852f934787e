package io.kexin.gateway.detect.secret;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Recognizes values that only stand in for a credential: documentation keys ({@code AKIAIOSFODNN7EXAMPLE}),
 * masked or filler values ({@code sk-xxxxxxxx}, {@code ****}), template references ({@code ${DB_PASSWORD}},
 * {@code {{ token }}}, {@code <your-token>}, {@code $PASSWORD}, {@code %TOKEN%}), values cut short with an ellipsis
 * ({@code 9f3c0b7e...}), constant names standing for a value ({@code ACCESS_TOKEN}, {@code DB_PASSWORD}), names of
 * stored secrets ({@code openai-key}, {@code pg-creds}), the providers' names they are filed under
 * ({@code anthropic}) and alphabet runs. A run of {@code A} in an otherwise varied
 * value is base64 for zero bytes, which binary key formats hold (every OpenSSH key opens with
 * {@code b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAAB}), so it marks no placeholder there. Like
 * gitleaks' global allowlist it applies to every secret rule; a random credential hits it with negligible
 * probability. Stateless and thread-safe.
 */
final class Placeholders {
  /** Words that mark a value as an example; matched case-insensitively anywhere in the candidate. */
  private static final List<String> MARKERS = List.of("example", "placeholder", "your", "redacted", "dummy",
      "changeme", "replace", "abcdefgh", "xxxx", "****", "####", "••••", "...", "…", "<", ">",
      "${", "{{", "}}",
      // Template references of systemd specifiers, Puppet/ERB and Python's configparser: %{DB_PASS}, %(password)s.
      "%{", "%(");
  /** Values that are stand-ins when they are the whole secret. */
  private static final Set<String> STAND_INS = Set.of("password", "passwd", "pass", "secret", "token", "changeme",
      "admin", "root", "test", "user", "username", "guest", "default", "none", "null", "true", "false",
      // what forms and schemas say in a password's place: a field's kind, whether it is needed, a strength meter
      "required", "optional", "string", "hidden", "empty", "blank", "unset", "input", "prompt", "weak", "strong",
      "medium",
      // a provider's or a store's name, which a secret is filed under (ExternalSecret's secretKey: anthropic)
      "openai", "anthropic", "deepseek", "moonshot", "zhipu", "dashscope", "gemini", "google", "azure", "aws",
      "github", "gitlab", "stripe", "twilio", "sendgrid", "mailgun", "slack", "postgres", "postgresql", "mysql",
      "redis", "mongodb");
  /** Last words of a stored secret's name ({@code openai-key}, {@code db-credentials}). */
  private static final Set<String> SECRET_NAME_ENDS = Set.of("key", "keys", "secret", "secrets", "token", "tokens",
      "creds", "credentials", "credential", "password", "passwords", "pwd", "auth");
  private static final int MAX_RUN = 5;
  /** Bits per character above which a run of {@code A} is read as base64 zero bytes, not filler. */
  private static final double VARIED = 4.0;

  private Placeholders() {}

  /** Returns whether {@code secret} is a placeholder rather than a credential. */
  static boolean isPlaceholder(String secret) {
    if (isConstantName(secret) || isSecretName(secret)) {
      return true;
    }
    String s = secret.toLowerCase(Locale.ROOT);
    if (STAND_INS.contains(s)) {
      return true;
    }
    for (String marker : MARKERS) {
      if (s.contains(marker)) {
        return true;
      }
    }
    if (isVariableReference(s)) {
      return true;
    }
    int run = 1;
    Boolean varied = null;
    for (int i = 1; i < s.length(); i++) {
      run = s.charAt(i) == s.charAt(i - 1) ? run + 1 : 1;
      if (run > MAX_RUN && !Character.isDigit(s.charAt(i))) {
        if (secret.charAt(i) != 'A') {
          return true;
        }
        if (varied == null) {
          varied = Entropy.bitsPerChar(secret) >= VARIED;
        }
        if (!varied) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Returns whether {@code s} is an upper-case constant name of two words or more ({@code ACCESS_TOKEN}): what code
   * and docs write where the value goes. Generated credentials mix cases or digits, so they never look like this.
   */
  private static boolean isConstantName(String s) {
    boolean underscore = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '_' && i > 0 && i < s.length() - 1 && s.charAt(i - 1) != '_') {
        underscore = true;
      } else if (c < 'A' || c > 'Z') {
        return false;
      }
    }
    return underscore;
  }

  /**
   * Returns whether {@code s} is the name of a stored secret in Kubernetes' form, lower-case words joined by hyphens
   * whose last word says what is kept ({@code openai-key}, {@code pg-creds}, {@code tls-secret}): what Helm values
   * and manifests write after {@code existingSecret:} or {@code apiKeySecret=}, where the value is looked up.
   * Generated credentials mix cases or symbols and end in no such word.
   */
  private static boolean isSecretName(String s) {
    int dash = s.lastIndexOf('-');
    if (dash <= 0 || !SECRET_NAME_ENDS.contains(s.substring(dash + 1))) {
      return false;
    }
    boolean word = false;
    int letters = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '-') {
        if (i == 0 || s.charAt(i - 1) == '-') {
          return false;
        }
        word |= letters > 0;
        letters = 0;
      } else if (c >= 'a' && c <= 'z') {
        letters++;
      } else if (c < '0' || c > '9') {
        return false;
      }
    }
    return word;
  }

  /** Returns whether {@code s} (lower case) is an environment reference: {@code $name} or {@code %name%}. */
  private static boolean isVariableReference(String s) {
    if (s.length() < 2 || (s.charAt(0) != '$' && s.charAt(0) != '%')) {
      return false;
    }
    int end = s.charAt(0) == '%' && s.charAt(s.length() - 1) == '%' ? s.length() - 1 : s.length();
    for (int i = 1; i < end; i++) {
      char c = s.charAt(i);
      if (!(c == '_' || (c >= 'a' && c <= 'z') || (i > 1 && c >= '0' && c <= '9'))) {
        return false;
      }
    }
    return end > 1;
  }
}
