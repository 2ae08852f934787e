package io.kexin.gateway.detect.person;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Holds a list of cue words by the unit they start with (or end with), to tell which of them stands at an offset of
 * a text: the Chinese names' scoring asks after and before every candidate name. Immutable and thread-safe.
 *
 * <p>Hand-written because it is asked at every candidate of every Chinese request: an open-addressed table of the
 * few units that start a word, each with its words in list order, so a probe reads a few hundred bytes, where a walk
 * over the whole list compares every word and a 64 KB table of units would stand between the caches and the text.
 */
final class CueWords {
  /** Each slot's unit (0: empty). */
  private final char[] keys;
  /** Each slot's words in list order, as arrays. */
  private final char[][][] words;
  private final int mask;
  private final boolean byLast;
  /** Whether a text unit is looked up by its lower case ({@link Character#toLowerCase(char)}). */
  private final boolean ignoreCase;
  private static final char[][] NONE = new char[0][];

  private CueWords(String[] list, boolean byLast, boolean ignoreCase) {
    this.byLast = byLast;
    this.ignoreCase = ignoreCase;
    Map<Character, List<char[]>> grouped = new LinkedHashMap<>();
    for (String w : list) {
      if (w.isEmpty()) {
        throw new IllegalArgumentException("empty cue word");
      }
      for (int k = 0; ignoreCase && k < w.length(); k++) {
        // A unit that equals a word's or lower-cases to it then lower-cases to it: the lookup by lower case is exact.
        if (Character.toLowerCase(w.charAt(k)) != w.charAt(k)) {
          throw new IllegalArgumentException("cue word not in lower case, at " + k);
        }
      }
      grouped.computeIfAbsent(w.charAt(byLast ? w.length() - 1 : 0), k -> new ArrayList<>()).add(w.toCharArray());
    }
    int capacity = Integer.highestOneBit(Math.max(4, grouped.size() * 4)) << 1;
    this.keys = new char[capacity];
    this.words = new char[capacity][][];
    this.mask = capacity - 1;
    for (Map.Entry<Character, List<char[]>> e : grouped.entrySet()) {
      char key = e.getKey();
      if (key == 0) {
        throw new IllegalArgumentException("cue word with U+0000");
      }
      int slot = slot(key);
      while (keys[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      keys[slot] = key;
      words[slot] = e.getValue().toArray(new char[0][]);
    }
  }

  /** Returns the words of {@code list}, looked up by where they start. */
  static CueWords starting(String... list) {
    return new CueWords(list, false, false);
  }

  /**
   * Returns the words of {@code list}, all in lower case, by where they start, for a caller that compares a text
   * unit with a word's as equal or equal once lower-cased: {@link #candidates} then gives every word that may match.
   */
  static CueWords startingIgnoringCase(String... list) {
    return new CueWords(list, false, true);
  }

  /** Returns what {@link #startingIgnoringCase} returns, the words looked up by where they end. */
  static CueWords endingIgnoringCase(String... list) {
    return new CueWords(list, true, true);
  }

  /**
   * Returns, in list order, the words whose first unit (last, for words looked up by their end) is {@code unit}, or
   * its lower case for words looked up ignoring case; empty when none.
   */
  char[][] candidates(char unit) {
    char[][] list = find(ignoreCase ? Character.toLowerCase(unit) : unit);
    return list == null ? NONE : list;
  }

  /** Returns the words of {@code list}, looked up by where they end. */
  static CueWords ending(String... list) {
    return new CueWords(list, true, false);
  }

  /** Returns the length of the first word of the list that {@code units[0, n)} has at {@code at}, or 0. */
  int startsAt(char[] units, int n, int at) {
    if (byLast || ignoreCase || at >= n) {
      throw new IllegalStateException("startsAt on words looked up by their end, or past the text");
    }
    char[][] list = find(units[at]);
    if (list != null) {
      for (char[] w : list) {
        if (at + w.length <= n && matches(units, at, w)) {
          return w.length;
        }
      }
    }
    return 0;
  }

  /** Returns the length of the first word of the list that ends just before {@code at}, or 0. */
  int endsAt(char[] units, int at) {
    if (!byLast || ignoreCase) {
      throw new IllegalStateException("endsAt on words looked up by their start");
    }
    if (at <= 0) {
      return 0;
    }
    char[][] list = find(units[at - 1]);
    if (list != null) {
      for (char[] w : list) {
        int from = at - w.length;
        if (from >= 0 && matches(units, from, w)) {
          return w.length;
        }
      }
    }
    return 0;
  }

  private char[][] find(char key) {
    for (int slot = slot(key); ; slot = (slot + 1) & mask) {
      char k = keys[slot];
      if (k == key) {
        return words[slot];
      }
      if (k == 0) {
        return null;
      }
    }
  }

  private int slot(char key) {
    return (key * 0x9E3779B1) >>> 7 & mask;
  }

  private static boolean matches(char[] units, int from, char[] w) {
    for (int k = 0; k < w.length; k++) {
      if (units[from + k] != w[k]) {
        return false;
      }
    }
    return true;
  }
}
