package io.kexin.gateway.detect.regex;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a pattern that opens with an alternation of plain words ({@code (?i:(?:address|ship to|bill to)…)…}) into
 * those words and the rest of the pattern, so that an anchored try at a word's occurrence runs RE2J on the rest
 * alone. RE2J starts every anchored try by adding a thread for each word's first unit and pays for all of them
 * again on every unit the words share (3–11 µs a try with forty context words, whatever follows), where the rest
 * alone costs only its own threads. Hand-written rather than a library's because it reads the pattern's text the
 * way {@link PatternAnalyzer} does and must refuse every shape it cannot split exactly. Immutable, thread-safe.
 *
 * <p>Exact: a pattern {@code O (?:w1|…|wk) R}, where {@code O} opens groups that enclose the rest, are not repeated
 * and hold no alternation of their own, matches at a position exactly where, for the first {@code wi} in order
 * that the text holds there and that {@code R} can follow, {@code R} matches after it, with the same preferred
 * match and groups: the words capture nothing and each matches in one way only.
 */
final class OpeningWords {
  private final String[] words;
  /** Each word's units as {@link Literals#fold(char)} folds them, so that a word is looked for as the prefilter does. */
  private final char[][] folded;
  /** Units of each word's last code point, read again before the rest as the context of its first assertion. */
  private final int[] context;
  /** {@code \A}, one code point (the word's last), then the pattern without its opening words. */
  private final Pattern rest;

  private OpeningWords(List<String> words, Pattern rest) {
    this.words = words.toArray(String[]::new);
    this.folded = new char[this.words.length][];
    this.context = new int[this.words.length];
    for (int i = 0; i < this.words.length; i++) {
      String w = this.words[i];
      folded[i] = new char[w.length()];
      for (int k = 0; k < w.length(); k++) {
        folded[i][k] = Literals.fold(w.charAt(k));
      }
      context[i] = Character.charCount(w.codePointBefore(w.length()));
    }
    this.rest = rest;
  }

  /**
   * Returns the split of {@code pattern} (compiled with RE2J {@code flags}), or null when it does not open with
   * an alternation of at least two plain words inside groups that enclose all of the rest unrepeated and
   * unalternated.
   */
  static OpeningWords of(String pattern, int flags) {
    int n = pattern.length();
    int pos = 0;
    int openers = 0;
    int close;
    int wordsFrom;
    while (true) {
      if (!pattern.startsWith("(?", pos)) {
        return null;
      }
      int i = pos + 2;
      while (i < n && "imsU-".indexOf(pattern.charAt(i)) >= 0) {
        i++;
      }
      if (i < n && pattern.charAt(i) == ':') {
        close = wordsEnd(pattern, i + 1);
        if (close > 0) {
          wordsFrom = i + 1;
          break;
        }
        openers++;
      } else if (i == pos + 2 || i >= n || pattern.charAt(i) != ')') {
        return null;
      }
      pos = i + 1;
    }
    List<String> words = words(pattern, wordsFrom, close);
    if (words.size() < 2 || quantified(pattern, close + 1) || !enclosedUnalternated(pattern, close + 1, openers)) {
      return null;
    }
    String rest = pattern.substring(0, pos) + pattern.substring(close + 1);
    return new OpeningWords(words, Pattern.compile("\\A(?s:.)(?:" + rest + ")", flags));
  }

  /** Returns the RE2J program of the rest, anchored, to run from a word's last code point. */
  Pattern rest() {
    return rest;
  }

  /** Returns the length of word {@code i} in UTF-16 units. */
  int length(int i) {
    return words[i].length();
  }

  /** Returns the units of word {@code i}'s last code point, where the rest's window starts before its end. */
  int context(int i) {
    return context[i];
  }

  /**
   * Returns the first word, at index {@code from} or later, that {@code s} may hold at {@code start} (its units
   * folded as the prefilter folds them: every word a case-insensitive match could read there is among them), or -1.
   */
  int next(String s, int start, int from) {
    int n = s.length();
    for (int i = from; i < folded.length; i++) {
      char[] w = folded[i];
      if (start + w.length > n) {
        continue;
      }
      int k = 0;
      while (k < w.length && Literals.fold(s.charAt(start + k)) == w[k]) {
        k++;
      }
      if (k == w.length) {
        return i;
      }
    }
    return -1;
  }

  /** Returns the index of the ')' ending a group of plain words whose first starts at {@code from}, or -1. */
  private static int wordsEnd(String pattern, int from) {
    int i = from;
    boolean empty = true;
    while (i < pattern.length()) {
      char c = pattern.charAt(i);
      if (c == ')' || c == '|') {
        if (empty) {
          return -1;
        }
        if (c == ')') {
          return i;
        }
        empty = true;
        i++;
        continue;
      }
      if (c == '\\') {
        if (i + 1 >= pattern.length() || !escapedPunctuation(pattern.charAt(i + 1))) {
          return -1;
        }
        i += 2;
      } else if ("[]{}().*+?^$".indexOf(c) >= 0) {
        return -1;
      } else {
        i++;
      }
      empty = false;
    }
    return -1;
  }

  /** Reads the words of a group checked by {@link #wordsEnd}, their escapes undone. */
  private static List<String> words(String pattern, int from, int close) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    for (int i = from; i <= close; i++) {
      char c = pattern.charAt(i);
      if (c == '|' || i == close) {
        words.add(word.toString());
        word.setLength(0);
      } else if (c == '\\') {
        word.append(pattern.charAt(++i));
      } else {
        word.append(c);
      }
    }
    return words;
  }

  private static boolean escapedPunctuation(char c) {
    return c < 0x80 && !Character.isLetterOrDigit(c);
  }

  private static boolean quantified(String pattern, int i) {
    return i < pattern.length() && "?*+{".indexOf(pattern.charAt(i)) >= 0;
  }

  /**
   * Says whether, from {@code from} on, the {@code openers} groups left open are each closed once, unrepeated, and
   * neither they nor the pattern's top level hold a '|' of their own; false for quoting ({@code \Q}), which this
   * reading does not follow.
   */
  private static boolean enclosedUnalternated(String pattern, int from, int openers) {
    int open = openers;
    int depth = openers;
    int i = from;
    while (i < pattern.length()) {
      char c = pattern.charAt(i);
      if (c == '\\') {
        if (i + 1 < pattern.length() && pattern.charAt(i + 1) == 'Q') {
          return false;
        }
        i += 2;
        continue;
      }
      if (c == '[') {
        i = classEnd(pattern, i);
        if (i < 0) {
          return false;
        }
        continue;
      }
      i++;
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        if (depth == open) {
          if (open == 0 || quantified(pattern, i)) {
            return false;
          }
          open--;
        }
        depth--;
      } else if (c == '|' && depth == open) {
        return false;
      }
    }
    return open == 0 && depth == 0;
  }

  /** Returns the index after the character class opening at {@code i}, or -1 when it does not close. */
  private static int classEnd(String pattern, int i) {
    int j = i + 1;
    if (j < pattern.length() && pattern.charAt(j) == '^') {
      j++;
    }
    if (j < pattern.length() && pattern.charAt(j) == ']') {
      j++;
    }
    while (j < pattern.length()) {
      char c = pattern.charAt(j);
      if (c == '\\') {
        j += 2;
      } else if (pattern.startsWith("[:", j)) {
        int end = pattern.indexOf(":]", j + 2);
        if (end < 0) {
          return -1;
        }
        j = end + 2;
      } else if (c == ']') {
        return j + 1;
      } else {
        j++;
      }
    }
    return -1;
  }
}
