package io.kexin.gateway.detect.secret;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.detect.Opening;
import io.kexin.gateway.detect.regex.LiteralAutomaton;
import io.kexin.gateway.detect.regex.RegexDetector;
import io.kexin.gateway.text.ScanText;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Tells which keywords of a set a text contains, ignoring case exactly as {@link String#regionMatches(boolean, int,
 * String, int, int)} does once the first character equals the keyword's, its lower or its upper case: one
 * Aho–Corasick pass over the text for all of them (keywords with surrogates are checked one by one), cached in
 * the {@link ScanText} under this instance, so the secret detectors sharing an index look at each text once. When
 * the index rides on a regex prefilter that looks for the same keywords, a text that needs no folding is not
 * scanned again: the prefilter's pass over it, which the credential patterns need anyway, tells. Immutable and
 * thread-safe.
 */
final class KeywordIndex implements ScanText.Derivation<boolean[]>, Opening.Keywords {
  private final String[] keywords;
  /** Keywords with a surrogate unit, which case-fold by code point and are looked for one by one. */
  private final boolean[] oneByOne;
  /** Whether any keyword is looked for one by one. */
  private final boolean anyOneByOne;
  /** One automaton over all keywords without surrogates, folded. */
  private final LiteralAutomaton automaton;
  /** A detector whose prefilter reports these keywords in these ids, or null. */
  private final RegexDetector prefilter;

  private KeywordIndex(String[] keywords, RegexDetector prefilter) {
    this.keywords = keywords;
    this.prefilter = prefilter != null && prefilter.keywords().equals(List.of(keywords)) ? prefilter : null;
    this.oneByOne = new boolean[keywords.length];
    String[] folded = new String[keywords.length];
    for (int id = 0; id < keywords.length; id++) {
      String k = keywords[id];
      char[] units = new char[k.length()];
      for (int i = 0; i < k.length(); i++) {
        oneByOne[id] |= Character.isSurrogate(k.charAt(i));
        units[i] = fold(k.charAt(i));
      }
      folded[id] = new String(units);
    }
    automaton = LiteralAutomaton.build(folded, oneByOne, c -> fold((char) c));
    boolean any = false;
    for (boolean b : oneByOne) {
      any |= b;
    }
    anyOneByOne = any;
  }

  /** Returns an index over {@code keywords}, each non-empty; duplicates share one id. */
  static KeywordIndex of(List<String> keywords) {
    return of(keywords, null);
  }

  /**
   * Returns an index over {@code keywords} that reads their presence in a text needing no folding from the
   * prefilter of {@code prefilter} when its {@link RegexDetector#keywords()} are these keywords, deduplicated in
   * order; otherwise (or when null) it scans for itself.
   */
  static KeywordIndex of(List<String> keywords, RegexDetector prefilter) {
    requireNonNull(keywords, "keywords");
    Map<String, Integer> ids = new LinkedHashMap<>();
    for (String k : keywords) {
      if (requireNonNull(k, "keyword").isEmpty()) {
        throw new IllegalArgumentException("keywords: " + keywords + " (expected: non-empty strings)");
      }
      ids.putIfAbsent(k, ids.size());
    }
    return new KeywordIndex(ids.keySet().toArray(new String[0]), prefilter);
  }

  /** Returns {@code keywords} without duplicates, in first-seen order: the ids an index gives them. */
  static List<String> distinct(List<String> keywords) {
    return List.copyOf(new LinkedHashSet<>(keywords));
  }

  /** Returns the id of {@code keyword}, which must be one this index was built from. */
  int idOf(String keyword) {
    for (int id = 0; id < keywords.length; id++) {
      if (keywords[id].equals(keyword)) {
        return id;
      }
    }
    throw new IllegalArgumentException("keyword not in this index: " + keyword.length() + " chars");
  }

  /**
   * Returns, by keyword id, whether {@code text} contains the keyword; computed once per text and index. Do not
   * modify the array (it may be the prefilter's own).
   */
  @Override
  public boolean[] present(ScanText text) {
    return text.derived(this);
  }

  /** Looks for the keywords in the text as credential rules read it: folded by {@link SecretFold}. */
  @Override
  public boolean[] derive(ScanText original) {
    SecretFold fold = original.derived(SecretFold.DERIVATION);
    ScanText text = fold.text();
    String s = text.original();
    boolean shared = prefilter != null && fold.identity();
    if (shared && !anyOneByOne) {
      // the prefilter's own array, read only: nothing is added to it
      return prefilter.keywordsPresent(original);
    }
    boolean[] present = shared ? prefilter.keywordsPresent(original).clone() : new boolean[keywords.length];
    for (int id = 0; id < keywords.length; id++) {
      if (oneByOne[id]) {
        present[id] = contains(s, keywords[id]);
      }
    }
    if (!shared) {
      automaton.scan(text.units(), s.length(), (ids, end) -> {
        for (int id : ids) {
          present[id] = present[id]
              || LiteralAutomaton.firstUnitMatches(s.charAt(end - keywords[id].length()), keywords[id].charAt(0));
        }
      });
    }
    return present;
  }

  /** Returns the folding of one UTF-16 unit under which units equal as {@code regionMatches(true, …)} has them. */
  private static char fold(char c) {
    return Character.toLowerCase(Character.toUpperCase(c));
  }

  private static boolean contains(String text, String keyword) {
    char first = keyword.charAt(0);
    int last = text.length() - keyword.length();
    for (int i = 0; i <= last; i++) {
      if (LiteralAutomaton.firstUnitMatches(text.charAt(i), first) && text.regionMatches(true, i, keyword, 0, keyword.length())) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "KeywordIndex[keywords=" + keywords.length + "]";
  }
}
