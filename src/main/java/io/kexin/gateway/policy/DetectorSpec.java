package io.kexin.gateway.policy;

import static java.util.Objects.requireNonNullElse;

import java.util.List;

/** Names a rule's detector and its settings: exactly one of the families below. */
record DetectorSpec(Keyword keyword, Regex regex, Secret secret) {

  /** Returns the number of detector families set; the loader requires exactly one. */
  int count() {
    return (keyword != null ? 1 : 0) + (regex != null ? 1 : 0) + (secret != null ? 1 : 0);
  }

  /** Matches terms (inline and/or from a word list file) on normalized text. */
  record Keyword(List<String> terms, String wordList, Boolean wholeWord) {
    Keyword {
      terms = List.copyOf(requireNonNullElse(terms, List.of()));
      wholeWord = requireNonNullElse(wholeWord, false);
      if (terms.isEmpty() && wordList == null) {
        throw new IllegalArgumentException("keyword: no terms (expected: terms, wordList, or both)");
      }
    }
  }

  /** Matches a linear-time regular expression (RE2 syntax). */
  record Regex(String pattern, Boolean caseInsensitive, Boolean normalized, Integer maxLength) {
    Regex {
      if (pattern == null || pattern.isEmpty()) {
        throw new IllegalArgumentException("regex: no pattern (expected: pattern: <RE2 regular expression>)");
      }
      caseInsensitive = requireNonNullElse(caseInsensitive, false);
      normalized = requireNonNullElse(normalized, false);
      if (maxLength != null && maxLength <= 0) {
        throw new IllegalArgumentException("maxLength: " + maxLength + " (expected: > 0)");
      }
    }
  }

  /** Matches a credential: keywords gate an RE2 pattern whose secret group must reach a minimum entropy. */
  record Secret(String pattern, List<String> keywords, Integer secretGroup, Double minEntropy) {
    Secret {
      if (pattern == null || pattern.isEmpty()) {
        throw new IllegalArgumentException("secret: no pattern (expected: pattern: <RE2 regular expression>)");
      }
      keywords = List.copyOf(requireNonNullElse(keywords, List.of()));
      secretGroup = requireNonNullElse(secretGroup, 0);
      minEntropy = requireNonNullElse(minEntropy, 0.0);
    }
  }
}
