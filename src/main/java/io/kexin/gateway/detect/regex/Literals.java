package io.kexin.gateway.detect.regex;

import java.util.HashSet;
import java.util.Set;

/**
 * Describes the case-folded strings a sub-pattern can match: {@code exact} lists them all when there are few (null
 * when unknown), {@code required} lists strings of which every match contains one (null when there is no such
 * small set), {@code tail} lists the strings the end of a concatenation matches exactly when {@code exact} is
 * unknown, so that a literal after a repetition grows as it is read. Folding is {@link #fold(char)} per UTF-16
 * unit, as the prefilter folds the text. Immutable.
 */
record Literals(Set<String> exact, Set<String> required, Set<String> tail) {
  private static final int MAX_EXACT = 16;
  /**
   * Most strings of which every match must contain one. A rule that opens with an alternation of field names or
   * context words (Legal name:, Surname:, bill to) needs one per name: past this bound the rule runs on every text.
   */
  private static final int MAX_REQUIRED = 96;
  private static final int MAX_CLASS = 4;

  static final Literals EMPTY = new Literals(Set.of(""), null, null);
  static final Literals ANY = new Literals(null, null, null);

  /** Returns the folding of one UTF-16 unit: lower case of upper case, which maps every case orbit to one unit. */
  static char fold(char c) {
    return Character.isSurrogate(c) ? c : Character.toLowerCase(Character.toUpperCase(c));
  }

  /**
   * Returns the literals of a class of code points, or {@link #ANY} when it is large or when case folding might
   * relate one of its code points to characters that {@link #fold(char)} does not map to the same unit.
   */
  static Literals ofCodePoints(int[] codePoints, boolean ignoreCase) {
    Set<String> strings = new HashSet<>();
    for (int cp : codePoints) {
      if (ignoreCase && cp >= 0x80 && mayHaveCase(cp)) {
        return ANY;
      }
      strings.add(cp < 0x10000 ? String.valueOf(fold((char) cp)) : new String(Character.toChars(cp)));
      if (strings.size() > MAX_CLASS) {
        return ANY;
      }
    }
    return strings.isEmpty() ? ANY : new Literals(Set.copyOf(strings), null, null);
  }

  /** Returns whether a case-insensitive match of {@code cp} might accept another code point; errs towards yes. */
  private static boolean mayHaveCase(int cp) {
    if (Character.toUpperCase(cp) != cp || Character.toLowerCase(cp) != cp || Character.isTitleCase(cp)) {
      return true;
    }
    switch (Character.UnicodeScript.of(cp)) {
      case HAN, HIRAGANA, KATAKANA, HANGUL:
        return false;
      case COMMON:
        return Character.isLetter(cp) || Character.getType(cp) == Character.NON_SPACING_MARK;
      default:
        return true;
    }
  }

  /** Returns the best set of which every match contains one member, or null when there is none. */
  Set<String> factors() {
    return better(better(nonEmpty(exact), required), nonEmpty(tail));
  }

  /** Returns the literals of this sub-pattern followed by {@code next}. */
  Literals then(Literals next) {
    if (exact != null && next.exact != null && productFits(exact.size(), next.exact.size())) {
      return new Literals(product(exact, next.exact), better(required, next.required), null);
    }
    Set<String> required = better(factors(), next.factors());
    Set<String> head = exact != null ? exact : tail;
    Set<String> tail = next.exact == null ? null
        : head != null && productFits(head.size(), next.exact.size()) ? product(head, next.exact) : next.exact;
    return new Literals(null, better(required, nonEmpty(tail)), tail);
  }

  /**
   * Returns whether a product of exact sets of these sizes is kept: up to {@link #MAX_EXACT} strings, or up to
   * {@link #MAX_REQUIRED} when one side is a single string, so a literal beside a list of codes or words
   * ({@code , (?:AL|AK|…) }) gates its rule by the longer strings instead of the literal alone.
   */
  private static boolean productFits(int a, int b) {
    return a * b <= MAX_EXACT || (Math.min(a, b) == 1 && a * b <= MAX_REQUIRED);
  }

  private static Set<String> product(Set<String> a, Set<String> b) {
    Set<String> product = new HashSet<>();
    for (String x : a) {
      for (String y : b) {
        product.add(x + y);
      }
    }
    return Set.copyOf(product);
  }

  private static Set<String> nonEmpty(Set<String> strings) {
    return strings == null || strings.contains("") ? null : strings;
  }

  /** Returns the literals of this sub-pattern or {@code other}. */
  Literals or(Literals other) {
    if (exact != null && other.exact != null && exact.size() + other.exact.size() <= MAX_REQUIRED) {
      Set<String> union = new HashSet<>(exact);
      union.addAll(other.exact);
      return new Literals(Set.copyOf(union), null, null);
    }
    Set<String> a = factors();
    Set<String> b = other.factors();
    if (a == null || b == null || a.size() + b.size() > MAX_REQUIRED) {
      return ANY;
    }
    Set<String> union = new HashSet<>(a);
    union.addAll(b);
    return new Literals(null, Set.copyOf(union), null);
  }

  /** Returns the literals of this sub-pattern repeated {@code min} to {@code max} times, {@code max} -1 for any. */
  Literals repeat(int min, int max) {
    if (max == 0) {
      return EMPTY;
    }
    if (min == 0) {
      return max == 1 ? or(EMPTY) : ANY;
    }
    if (min == 1 && max == 1) {
      return this;
    }
    return new Literals(null, factors(), null);
  }

  /** Returns the set whose shortest member is longer, the smaller on a tie; either may be null. */
  private static Set<String> better(Set<String> a, Set<String> b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    int la = shortest(a);
    int lb = shortest(b);
    return la != lb ? (la > lb ? a : b) : (a.size() <= b.size() ? a : b);
  }

  private static int shortest(Set<String> strings) {
    int min = Integer.MAX_VALUE;
    for (String s : strings) {
      min = Math.min(min, s.length());
    }
    return min;
  }
}
