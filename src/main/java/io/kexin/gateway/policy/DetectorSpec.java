package io.kexin.gateway.policy;

import static java.util.Objects.requireNonNullElse;

import io.kexin.gateway.detect.RiskCategory;
import io.kexin.gateway.detect.invisible.InvisibleKind;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Names a rule's detector and its settings: exactly one of the families below. */
record DetectorSpec(Keyword keyword, Regex regex, Secret secret, Pii pii, Invisible invisible, Injection injection) {

  /** Returns the number of detector families set; the loader requires exactly one. */
  int count() {
    return (keyword != null ? 1 : 0) + (regex != null ? 1 : 0) + (secret != null ? 1 : 0) + (pii != null ? 1 : 0)
        + (invisible != null ? 1 : 0) + (injection != null ? 1 : 0);
  }

  /**
   * Finds prompt injection and jailbreak attempts with scored heuristics, English and Chinese; reports evidence that
   * scores at least {@code minScore}, in the named categories (injection, jailbreak; both by default).
   */
  record Injection(Double minScore, List<String> categories) {
    Injection {
      minScore = requireNonNullElse(minScore, 0.7);
      if (!(minScore >= 0 && minScore <= 1)) {
        throw new IllegalArgumentException("minScore: " + minScore + " (expected: 0..1)");
      }
      categories = List.copyOf(requireNonNullElse(categories, List.of()));
      for (String c : categories) {
        RiskCategory parsed = RiskCategory.parse(c);
        if (parsed != RiskCategory.INJECTION && parsed != RiskCategory.JAILBREAK) {
          throw new IllegalArgumentException("categories: " + c + " (expected: injection, jailbreak or both)");
        }
      }
    }

    /** Returns the categories as constants. */
    Set<RiskCategory> categorySet() {
      return categories.stream().map(RiskCategory::parse).collect(Collectors.toSet());
    }
  }

  /** Finds personal data of the named entities (all when empty), checksum-validated, at or above a score. */
  record Pii(List<String> entities, Double minScore) {
    Pii {
      entities = List.copyOf(requireNonNullElse(entities, List.of()));
      minScore = requireNonNullElse(minScore, 0.5);
    }
  }

  /** Finds invisible and deceptive text of the named kinds (all when empty). */
  record Invisible(List<InvisibleKind> kinds) {
    Invisible {
      kinds = List.copyOf(requireNonNullElse(kinds, List.of()));
    }
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
  record Secret(String pattern, List<String> keywords, Boolean keywordCase, Integer secretGroup, Double minEntropy) {
    Secret {
      if (pattern == null || pattern.isEmpty()) {
        throw new IllegalArgumentException("secret: no pattern (expected: pattern: <RE2 regular expression>)");
      }
      keywords = List.copyOf(requireNonNullElse(keywords, List.of()));
      keywordCase = requireNonNullElse(keywordCase, false);
      secretGroup = requireNonNullElse(secretGroup, 0);
      minEntropy = requireNonNullElse(minEntropy, 0.0);
    }
  }
}
