package io.kexin.gateway.detect;

import java.util.ArrayList;
import java.util.List;

/**
 * Tells, from the first units at an offset of a text, whether a key of a set may start there: false means none
 * does, true that one may. The keyword automata and the literal automata of the prefilters ask it wherever they are
 * at their root, so that most units of a text cost a few bit tests instead of an automaton step. Immutable and
 * thread-safe.
 *
 * <p>Hand-written because it runs on every unit of every request. ASCII pairs are looked up exactly in a 16-Kbit
 * table (English prose mostly stops there); other pairs, and the first three units of keys of three units or more,
 * are hashed into bit tables of about 16 bits per entry, so that what starts no key passes about once in 16.
 */
public final class StartFilter {
  /** Stands for the end of a two-unit key in the triple table: no UTF-16 unit. */
  private static final int KEY_END = 0x10000;
  private static final int ASCII_PAIRS = 1 << 14;

  /** Units that are a key on their own, one bit each. */
  private final long[] singles;
  /**
   * Units that are a key on their own or the first of a hashed pair, one bit each: a pair whose first unit is not
   * here is no key's start, which one test in a table a Chinese text touches a few lines of tells (a Han unit
   * starting no key, nearly all of them, then costs no hashed test).
   */
  private final long[] firsts;
  /** ASCII pairs {@code x << 7 | y} that some key starts with, or whose {@code x} is a key on its own. */
  private final long[] asciiPairs;
  /** Hashes of the other pairs that some key of two units or more starts with. */
  private final long[] pairs;
  private final int pairShift;
  /** Hashes of the first three units of keys of three units or more, and of two-unit keys with {@link #KEY_END}. */
  private final long[] triples;
  private final int tripleShift;

  private StartFilter(Builder b) {
    singles = b.singles;
    firsts = b.firsts;
    asciiPairs = b.asciiPairs;
    int pairBits = bits(b.pairs.size());
    pairShift = 32 - Integer.numberOfTrailingZeros(pairBits);
    pairs = new long[pairBits >>> 6];
    for (long p : b.pairs) {
      set(pairs, pairHash((char) (p >>> 16), (char) p, pairShift));
    }
    int tripleBits = bits(b.triples.size());
    tripleShift = 32 - Integer.numberOfTrailingZeros(tripleBits);
    triples = new long[tripleBits >>> 6];
    for (int[] t : b.triples) {
      set(triples, tripleHash((char) t[0], (char) t[1], t[2], tripleShift));
    }
  }

  /** Returns a builder of a filter that lets nothing through until keys are added. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns whether a key may start at offset {@code i} of the first {@code n} units of {@code text}, judging by
   * the units at {@code i} and {@code i + 1} only: one or two bit tests, for a caller whose next step is cheap.
   */
  public boolean mayStartPair(char[] text, int n, int i) {
    char x = text[i];
    char y = i + 1 < n ? text[i + 1] : 0;
    if ((x | y) < 0x80) {
      int k = x << 7 | y;
      return (asciiPairs[k >>> 6] & 1L << k) != 0;
    }
    if ((firsts[x >>> 6] & 1L << x) == 0) {
      return false;
    }
    return (singles[x >>> 6] & 1L << x) != 0 || test(pairs, pairHash(x, y, pairShift));
  }

  /**
   * Returns the first offset from {@code i} on where {@link #mayStartPair} holds, or {@code n}: one tight loop, in
   * which a pair of ASCII units costs one bit test.
   */
  public int nextStart(char[] text, int n, int i) {
    long[] ascii = asciiPairs;
    int last = n - 1;
    while (i < last) {
      char x = text[i];
      char y = text[i + 1];
      if ((x | y) < 0x80) {
        int k = x << 7 | y;
        if ((ascii[k >>> 6] & 1L << k) != 0) {
          return i;
        }
      } else if (mayStartPair(text, n, i)) {
        return i;
      }
      i++;
    }
    return i == last && mayStartPair(text, n, i) ? i : n;
  }

  /**
   * Returns whether a key may start at offset {@code i} of the first {@code n} units of {@code text}, judging by
   * up to three units: for a caller whose next step (a trie walk) costs more than a few hashed tests.
   */
  public boolean mayStart(char[] text, int n, int i) {
    if (!mayStartPair(text, n, i)) {
      return false;
    }
    char x = text[i];
    if ((singles[x >>> 6] & 1L << x) != 0) {
      return true;
    }
    if (i + 1 >= n) {
      return false;
    }
    char y = text[i + 1];
    return test(triples, tripleHash(x, y, KEY_END, tripleShift))
        || (i + 2 < n && test(triples, tripleHash(x, y, text[i + 2], tripleShift)));
  }

  private static int bits(int entries) {
    return Math.min(1 << 18, Math.max(1 << 10, Integer.highestOneBit(Math.max(1, entries) * 16)));
  }

  private static int pairHash(char x, char y, int shift) {
    return ((x << 16 | y) * 0x9E3779B1) >>> shift;
  }

  private static int tripleHash(char x, char y, int z, int shift) {
    return ((x << 16 | y) * 0x9E3779B1 + z * 0x85EBCA6B) >>> shift;
  }

  private static boolean test(long[] table, int bit) {
    return (table[bit >>> 6] & 1L << bit) != 0;
  }

  private static void set(long[] table, int bit) {
    table[bit >>> 6] |= 1L << bit;
  }

  /** Collects the starts of keys, as text units; not thread-safe. */
  public static final class Builder {
    private final long[] singles = new long[1 << 10];
    private final long[] firsts = new long[1 << 10];
    private final long[] asciiPairs = new long[ASCII_PAIRS >>> 6];
    private final List<Long> pairs = new ArrayList<>();
    private final List<int[]> triples = new ArrayList<>();

    private Builder() {}

    /** Adds a key of the one unit {@code x}. */
    public Builder single(char x) {
      set(singles, x);
      set(firsts, x);
      for (int y = 0; x < 0x80 && y < 0x80; y++) {
        set(asciiPairs, x << 7 | y);
      }
      return this;
    }

    /** Adds a key of the two units {@code x, y}. */
    public Builder pair(char x, char y) {
      addPair(x, y);
      triples.add(new int[] {x, y, KEY_END});
      return this;
    }

    /** Adds a key of three units or more that starts with {@code x, y, z}. */
    public Builder triple(char x, char y, char z) {
      addPair(x, y);
      triples.add(new int[] {x, y, z});
      return this;
    }

    /**
     * Adds a key of two units or more that starts with {@code x, y}, for a filter asked only by
     * {@link #mayStartPair} and {@link #nextStart}, which never look at a third unit.
     */
    public Builder prefix(char x, char y) {
      addPair(x, y);
      return this;
    }

    private void addPair(char x, char y) {
      if ((x | y) < 0x80) {
        set(asciiPairs, x << 7 | y);
      } else {
        pairs.add((long) x << 16 | y);
        set(firsts, x);
      }
    }

    /** Returns the filter. */
    public StartFilter build() {
      return new StartFilter(this);
    }
  }
}
