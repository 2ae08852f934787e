package io.kexin.gateway.detect.secret;

import java.util.List;

/** Tells whether a text contains any of a rule's keywords, ignoring case; immutable and thread-safe. */
final class Keywords {
  private final List<String> keywords;

  Keywords(List<String> keywords) {
    this.keywords = List.copyOf(keywords);
  }

  /** Returns whether {@code text} contains one of the keywords, or true when there are none. */
  boolean anyIn(String text) {
    if (keywords.isEmpty()) {
      return true;
    }
    for (String k : keywords) {
      if (contains(text, k)) {
        return true;
      }
    }
    return false;
  }

  private static boolean contains(String text, String keyword) {
    char first = keyword.charAt(0);
    char lower = Character.toLowerCase(first);
    char upper = Character.toUpperCase(first);
    int last = text.length() - keyword.length();
    for (int i = 0; i <= last; i++) {
      char c = text.charAt(i);
      if ((c == lower || c == upper || c == first) && text.regionMatches(true, i, keyword, 0, keyword.length())) {
        return true;
      }
    }
    return false;
  }
}
