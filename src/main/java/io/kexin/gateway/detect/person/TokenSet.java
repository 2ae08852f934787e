package io.kexin.gateway.detect.person;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Holds a set of words, each with a small non-zero value (kind bits; 1 in a plain set), that can be probed with a
 * range of a char array without making a string: the name lists are asked about every capitalized word and every
 * surname character of every request. Immutable and thread-safe once built.
 *
 * <p>Hand-written because it is probed on every request with its tables mostly out of the caches (the proxy's other
 * work evicts them between inspections): open addressing over a power-of-two table of word hashes, so a probe reads
 * one int array until a hash matches and follows a word's array only then, where a table of word arrays alone
 * costs a dependent load per slot tried.
 */
final class TokenSet {
  /** Each slot's word hash, never 0 for a used slot (0: empty). */
  private final int[] hashes;
  private final char[][] words;
  private final byte[] values;
  private final int mask;
  /**
   * One bit per hashed pair of first units of the words of two units or more: most ranges probed (a surname and the
   * character after it, a capitalized word) start no word of the set, which one test in this small table tells.
   */
  private final long[] firstPairs;
  private final int pairShift;
  private final int size;

  /** Creates the set of {@code words}, each with the value 1. */
  TokenSet(Collection<String> words) {
    this(ones(words));
  }

  /** Creates the set of the words of {@code valued}, each with its value (1 to 127). */
  TokenSet(Map<String, Integer> valued) {
    int capacity = Integer.highestOneBit(Math.max(4, valued.size() * 3)) << 1;
    this.hashes = new int[capacity];
    this.words = new char[capacity][];
    this.values = new byte[capacity];
    this.mask = capacity - 1;
    int pairBits = Math.max(1 << 10, Integer.highestOneBit(Math.max(1, valued.size()) * 16));
    this.firstPairs = new long[pairBits >>> 6];
    this.pairShift = 32 - Integer.numberOfTrailingZeros(pairBits);
    int count = 0;
    for (Map.Entry<String, Integer> e : valued.entrySet()) {
      int value = e.getValue();
      if (value < 1 || value > Byte.MAX_VALUE) {
        throw new IllegalArgumentException("value: " + value + " (expected: 1 to 127)");
      }
      char[] a = e.getKey().toCharArray();
      if (a.length >= 2) {
        int bit = pairHash(a[0], a[1]);
        firstPairs[bit >>> 6] |= 1L << bit;
      }
      int h = hash(a, 0, a.length);
      int slot = h & mask;
      while (hashes[slot] != 0 && !(hashes[slot] == h && same(this.words[slot], a, 0, a.length))) {
        slot = (slot + 1) & mask;
      }
      if (hashes[slot] == 0) {
        hashes[slot] = h;
        this.words[slot] = a;
        count++;
      }
      values[slot] |= (byte) value;
    }
    this.size = count;
  }

  private static Map<String, Integer> ones(Collection<String> words) {
    Map<String, Integer> valued = new LinkedHashMap<>();
    for (String w : words) {
      valued.put(w, 1);
    }
    return valued;
  }

  /** Returns whether {@code units[from, to)} is a word of the set. */
  boolean contains(char[] units, int from, int to) {
    return valueOf(units, from, to) != 0;
  }

  /** Returns the value of the word {@code units[from, to)}, or 0 when it is not in the set. */
  int valueOf(char[] units, int from, int to) {
    if (to - from >= 2) {
      int bit = pairHash(units[from], units[from + 1]);
      if ((firstPairs[bit >>> 6] & 1L << bit) == 0) {
        return 0;
      }
    }
    int h = hash(units, from, to);
    int[] hs = hashes;
    for (int slot = h & mask; ; slot = (slot + 1) & mask) {
      int s = hs[slot];
      if (s == 0) {
        return 0;
      }
      if (s == h && same(words[slot], units, from, to)) {
        return values[slot];
      }
    }
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

  private int pairHash(char a, char b) {
    return ((a << 16 | b) * 0x9E3779B1) >>> pairShift;
  }

  private static int hash(char[] units, int from, int to) {
    int h = 0;
    for (int i = from; i < to; i++) {
      h = 31 * h + units[i];
    }
    h ^= h >>> 16;
    return h == 0 ? 1 : h;
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
