package io.kexin.gateway.detect.person;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Holds the Chinese tables: each single surname's weight by frequency, the compound surnames, the characters of
 * given names and the common words that begin with a surname character. Lookups index arrays over the CJK unified
 * ideographs, so that the scan asks about every Han character of a request at the cost of an array read.
 * Immutable and thread-safe.
 */
final class HanTables {
  static final char FIRST = '\u4e00';
  static final char LAST = '\u9fff';
  /** The surnames the first line of the table holds, the most frequent, weigh more. */
  static final byte COMMON = 2;
  static final byte RARE = 1;

  /** The bits of a character's surname weight ({@link #COMMON} or {@link #RARE}) in {@link #traits}. */
  private static final int WEIGHT = 3;
  /** Set in {@link #traits} for the first character of a compound surname. */
  private static final int COMPOUND_FIRST = 4;
  /** Set in {@link #traits} for a character common in given names. */
  private static final int GIVEN = 8;
  /**
   * Per CJK unified ideograph, its surname weight and the bits above: one 21 KB table, so that the scan reads one
   * line for a Han character where three tables of its size each cost their own cache miss.
   */
  private final byte[] traits = new byte[LAST - FIRST + 1];
  private final TokenSet compounds;
  private final TokenSet notNames;
  private final TokenSet wordEnds;

  private HanTables(List<String> surnameLines, List<String> givenLines, Collection<String> notNames,
      Collection<String> wordEnds) {
    List<String> compound = new ArrayList<>();
    boolean first = true;
    for (String line : surnameLines) {
      for (String w : line.split("\\s+")) {
        if (w.length() == 2) {
          compound.add(w);
          traits[w.charAt(0) - FIRST] |= COMPOUND_FIRST;
          continue;
        }
        for (int i = 0; i < w.length(); i++) {
          char c = w.charAt(i);
          if (han(c) && (traits[c - FIRST] & WEIGHT) == 0) {
            traits[c - FIRST] |= first && i < 100 ? COMMON : RARE;
          }
        }
      }
      first = false;
    }
    for (String line : givenLines) {
      for (int i = 0; i < line.length(); i++) {
        char c = line.charAt(i);
        if (han(c)) {
          traits[c - FIRST] |= GIVEN;
        }
      }
    }
    this.compounds = new TokenSet(compound);
    List<String> words = new ArrayList<>();
    for (String w : notNames) {
      if (w.length() >= 2) {
        words.add(w);
      }
    }
    this.notNames = new TokenSet(words);
    this.wordEnds = new TokenSet(wordEnds);
  }

  /** Returns the tables of the given list lines. */
  static HanTables of(List<String> surnameLines, List<String> givenLines, Collection<String> notNames,
      Collection<String> wordEnds) {
    return new HanTables(surnameLines, givenLines, notNames, wordEnds);
  }

  /** Returns whether {@code c} is a CJK unified ideograph of the basic block. */
  static boolean han(char c) {
    return c >= FIRST && c <= LAST;
  }

  /** Returns the weight of {@code c} as a single surname: {@link #COMMON}, {@link #RARE} or 0. */
  byte surname(char c) {
    return han(c) ? (byte) (traits[c - FIRST] & WEIGHT) : 0;
  }

  /** Returns whether {@code c} may begin a name: a single surname or the first character of a compound one. */
  boolean mayBeginName(char c) {
    return han(c) && (traits[c - FIRST] & (WEIGHT | COMPOUND_FIRST)) != 0;
  }

  /** Returns whether {@code units[i, i + 2)} is a compound surname. */
  boolean compound(char[] units, int i, int n) {
    return i + 2 <= n && han(units[i]) && (traits[units[i] - FIRST] & COMPOUND_FIRST) != 0
        && compounds.contains(units, i, i + 2);
  }

  /** Returns whether {@code c} is common in given names. */
  boolean given(char c) {
    return han(c) && (traits[c - FIRST] & GIVEN) != 0;
  }

  /** Returns whether a common word of two or three characters ends with the surname character at {@code i}. */
  boolean wordEndsAt(char[] units, int i) {
    return i >= 1 && wordEnds.contains(units, i - 1, i + 1) || i >= 2 && wordEnds.contains(units, i - 2, i + 1);
  }

  /** Returns whether a common word that is no name starts at {@code i} (two to four characters). */
  boolean word(char[] units, int i, int n) {
    for (int len = 2; len <= 4 && i + len <= n; len++) {
      if (notNames.contains(units, i, i + len)) {
        return true;
      }
    }
    return false;
  }
}
