package io.kexin.gateway.detect.person;

import java.util.Collection;

/**
 * Holds a set of words that can be probed with a range of a char array, without making a string: the name lists
 * are asked about every capitalized word of every request. Open addressing over a power-of-two table. Immutable
 * and thread-safe once built.
 */
final class TokenSet {
  private final char[][] words;
  private final int mask;
  private final int size;

  /** Creates the set of {@code words}. */
  TokenSet(Collection<String> words) {
    int capacity = Integer.highestOneBit(Math.max(4, words.size() * 3)) << 1;
    this.words = new char[capacity][];
    this.mask = capacity - 1;
    int count = 0;
    for (String w : words) {
      char[] a = w.toCharArray();
      int slot = hash(a, 0, a.length) & mask;
      while (this.words[slot] != null && !same(this.words[slot], a, 0, a.length)) {
        slot = (slot + 1) & mask;
      }
      if (this.words[slot] == null) {
        this.words[slot] = a;
        count++;
      }
    }
    this.size = count;
  }

  /** Returns whether {@code units[from, to)} is a word of the set. */
  boolean contains(char[] units, int from, int to) {
    int slot = hash(units, from, to) & mask;
    char[] w;
    while ((w = words[slot]) != null) {
      if (same(w, units, from, to)) {
        return true;
      }
      slot = (slot + 1) & mask;
    }
    return false;
  }

  /** Returns whether {@code word} is in the set. */
  boolean contains(String word) {
    char[] a = word.toCharArray();
    return contains(a, 0, a.length);
  }

  /** Returns the number of words. */
  int size() {
    return size;
  }

  private static int hash(char[] units, int from, int to) {
    int h = 0;
    for (int i = from; i < to; i++) {
      h = 31 * h + units[i];
    }
    return h ^ (h >>> 16);
  }

  private static boolean same(char[] word, char[] units, int from, int to) {
    if (word.length != to - from) {
      return false;
    }
    for (int i = 0; i < word.length; i++) {
      if (word[i] != units[from + i]) {
        return false;
      }
    }
    return true;
  }
}
