package io.kexin.gateway.route;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.config.ModelConfig;

/**
 * Matches model names: an exact name, or a glob where {@code *} stands for any run of characters. Only a name the
 * gateway routes (printable, no spaces or quotes, at most 128 characters: {@link ModelConfig#NAME}) matches a glob, so
 * a glob never lets control characters, spaces or a huge name through. Matching runs in linear time. Immutable.
 */
public record ModelPattern(String text) {
  public ModelPattern {
    requireNonNull(text, "text");
  }

  /** Says whether this pattern is a glob rather than one exact name. */
  public boolean glob() {
    return text.indexOf('*') >= 0;
  }

  /** Returns how many characters of the pattern are literal: a longer literal part is a more specific pattern. */
  int literalLength() {
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      n += text.charAt(i) == '*' ? 0 : 1;
    }
    return n;
  }

  /** Says whether {@code model} (null: none named) matches. */
  public boolean matches(String model) {
    if (model == null) {
      return false;
    }
    if (!glob()) {
      return text.equals(model);
    }
    return ModelConfig.NAME.matcher(model).matches() && globMatches(text, model);
  }

  /** Matches a glob of literal characters and {@code *} with one backtrack point: linear in practice, never more. */
  private static boolean globMatches(String glob, String s) {
    int g = 0;
    int i = 0;
    int star = -1;
    int mark = 0;
    while (i < s.length()) {
      if (g < glob.length() && glob.charAt(g) != '*' && glob.charAt(g) == s.charAt(i)) {
        g++;
        i++;
      } else if (g < glob.length() && glob.charAt(g) == '*') {
        star = g++;
        mark = i;
      } else if (star >= 0) {
        g = star + 1;
        i = ++mark;
      } else {
        return false;
      }
    }
    while (g < glob.length() && glob.charAt(g) == '*') {
      g++;
    }
    return g == glob.length();
  }

  @Override
  public String toString() {
    return text;
  }
}
