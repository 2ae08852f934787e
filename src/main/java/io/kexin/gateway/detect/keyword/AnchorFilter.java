package io.kexin.gateway.detect.keyword;

import io.kexin.gateway.text.Normalizer;
import java.util.Arrays;
import java.util.List;

/**
 * Tells, from the units of a text as they are, that no term of a small set occurs in the text's normalized form, so
 * that the {@link KeywordGate} neither normalizes the text nor walks its automaton: each term gets an anchor, a run of
 * its letters or ideographs (single spaces between words included) that starts with a pair rare in prose
 * (Hyperscan-style: {@code oj} of "project phoenix", {@code rn} of "internal use only") and, where the term has
 * several words, reaches into the next one ({@code oject ph}, not {@code oject}, which every "project" holds), and a
 * text none of whose units starts an anchor, read through the normalizer's own per-unit folding, holds no term. Any
 * unit that normalization does not fold alone to one unit (a combining sequence, a supplementary code point, a
 * removed character, an expansion other than to separators only) makes the filter answer "maybe", and the gate then
 * normalizes and scans as before. Immutable and thread-safe.
 *
 * <p>Why that is exact: in a text whose units all fold alone, the normalized text is the folded units in order, less
 * space and separator runs between two Han ideographs and all but one space of a run. An anchor holds no separator,
 * and a space only between two units that are not both ideographs, so its units come from consecutive units of the
 * text, with only a space or separator run allowed between two ideographs and a space run standing for each of its
 * spaces; the check follows those rules unit by unit.
 *
 * <p>Hand-written because it replaces, on every text, the normalization and the automaton's pass: an ASCII pair costs
 * one bit test and an ideograph that folds to itself two.
 */
final class AnchorFilter {
  /** Most terms for which anchors are worth it: a larger set stops on too many units, and is walked by its automaton. */
  static final int MAX_TERMS = 64;
  /** Most units of an anchor. */
  private static final int MAX_ANCHOR = 8;
  /** Fewest units of an anchor, when its term has a run that long: a pair alone matches more often. */
  private static final int MIN_ANCHOR = 4;
  private final Normalizer normalizer;
  /** The anchors' units, as the normalized text holds them. */
  private final char[][] anchors;
  /** By anchor and unit index from one: whether a space or separator run may stand before that unit in the text. */
  private final boolean[][] gapBefore;
  /** ASCII pairs {@code x << 7 | y} of text units where an anchor may start, or where {@code x} does not fold alone. */
  private final long[] asciiPairs = new long[(1 << 14) >>> 6];
  /** ASCII units where an anchor may start when a unit beyond ASCII follows. */
  private final long[] asciiFirsts = new long[2];
  /** Folded units that start an anchor, one bit each. */
  private final long[] firsts = new long[(Character.MAX_VALUE + 1) >>> 6];
  /**
   * Units beyond ASCII, as the text holds them, that fold to the first unit of an anchor or do not fold alone, one bit
   * each: worked out once from {@link #firsts} and the normalizer's folding, so that a Chinese unit costs the scan one
   * bit test instead of its folding and a second test.
   */
  private final long[] stops = new long[(Character.MAX_VALUE + 1) >>> 6];
  /** Every unit's bit set: the table under which {@link #mayOccurFolding} folds every unit beyond ASCII. */
  private static final long[] EVERY_UNIT = new long[(Character.MAX_VALUE + 1) >>> 6];

  static {
    Arrays.fill(EVERY_UNIT, -1L);
  }

  private AnchorFilter(Normalizer normalizer, char[][] anchors, boolean[][] gapBefore) {
    this.normalizer = normalizer;
    this.anchors = anchors;
    this.gapBefore = gapBefore;
    for (char[] anchor : anchors) {
      firsts[anchor[0] >>> 6] |= 1L << anchor[0];
    }
    // Every ASCII unit's fold, and the ASCII units that do not fold alone, which stop the scan wherever they are.
    int[] asciiFold = new int[128];
    for (char x = 0; x < 128; x++) {
      asciiFold[x] = normalizer.foldAlone(x);
      if (asciiFold[x] < 0) {
        for (int y = 0; y < 128; y++) {
          set(asciiPairs, x << 7 | y);
        }
        set(asciiFirsts, x);
      }
    }
    for (int c = 0x80; c <= Character.MAX_VALUE; c++) {
      int f = normalizer.foldAlone((char) c);
      if (f < 0 || (firsts[(char) f >>> 6] & 1L << (char) f) != 0) {
        set(stops, c);
      }
    }
    for (char[] anchor : anchors) {
      for (char x = 0; x < 128; x++) {
        if (asciiFold[x] < 0 || (char) asciiFold[x] != anchor[0]) {
          continue;
        }
        // An ASCII first unit is no ideograph, so the second unit follows it at once.
        set(asciiFirsts, x);
        for (char y = 0; y < 128; y++) {
          if (asciiFold[y] >= 0 && (char) asciiFold[y] == anchor[1]) {
            set(asciiPairs, x << 7 | y);
          }
        }
      }
    }
  }

  /**
   * Returns a filter for {@code keys}, normalized with {@code normalizer}, or null when it cannot help: more than
   * {@link #MAX_TERMS} keys, or a key without a run of two letters or ideographs that fold to themselves.
   */
  static AnchorFilter of(Normalizer normalizer, String[] keys) {
    if (keys.length > MAX_TERMS) {
      return null;
    }
    char[][] anchors = new char[keys.length][];
    boolean[][] gapBefore = new boolean[keys.length][];
    for (int k = 0; k < keys.length; k++) {
      anchors[k] = anchor(normalizer, keys[k]);
      if (anchors[k] == null) {
        return null;
      }
      gapBefore[k] = new boolean[anchors[k].length];
      for (int j = 1; j < anchors[k].length; j++) {
        gapBefore[k][j] = Normalizer.foldsToHan(normalizer.foldAlone(anchors[k][j - 1]))
            && Normalizer.foldsToHan(normalizer.foldAlone(anchors[k][j]));
      }
    }
    return new AnchorFilter(normalizer, anchors, gapBefore);
  }

  /**
   * Returns the anchor of {@code key}: from the pair of a run of letters and ideographs (units that fold alone to
   * themselves, neither space nor separator, and single spaces between two of them) that is rarest in prose,
   * preferring pairs whose anchor reaches past a space into the next word, then pairs with two more units of the run
   * after them, up to {@link #MAX_ANCHOR} units of the run, never ending in a space; null when the key has no such
   * pair.
   */
  private static char[] anchor(Normalizer normalizer, String key) {
    int n = key.length();
    boolean[] word = new boolean[n];
    for (int i = 0; i < n; i++) {
      int f = normalizer.foldAlone(key.charAt(i));
      word[i] = f >= 0 && (char) f == key.charAt(i) && !Normalizer.foldsToGap(f);
    }
    int best = -1;
    int bestScore = -1;
    int bestEnd = 0;
    for (int i = 0; i + 1 < n; i++) {
      if (!word[i] || !word[i + 1]) {
        continue;
      }
      int end = i;
      while (end < n && (word[end] || key.charAt(end) == ' ' && end + 1 < n && word[end + 1])) {
        end++;
      }
      end = Math.min(end, i + MAX_ANCHOR);
      if (key.charAt(end - 1) == ' ') {
        end--;
      }
      boolean words = key.lastIndexOf(' ', end - 1) > i;
      int score = (words ? 4 * PairRarity.RARE : 0) + (end - i >= MIN_ANCHOR ? 2 * PairRarity.RARE : 0)
          + PairRarity.of(key.charAt(i), key.charAt(i + 1));
      if (score > bestScore) {
        best = i;
        bestScore = score;
        bestEnd = end;
      }
    }
    if (best < 0) {
      return null;
    }
    return key.substring(best, bestEnd).toCharArray();
  }

  /**
   * Says whether a term may occur in the normalized form of the first {@code n} units of {@code text}: false means
   * none does; true that one may, or that the text holds a unit normalization does not fold alone.
   */
  boolean mayOccur(char[] text, int n) {
    return mayOccur(text, n, stops);
  }

  /**
   * Says what {@link #mayOccur} says, reading every unit beyond ASCII through the normalizer's folding instead of the
   * table worked out from it: the reference the table is checked against.
   */
  boolean mayOccurFolding(char[] text, int n) {
    return mayOccur(text, n, EVERY_UNIT);
  }

  /** Says what {@link #mayOccur} says, folding only the units beyond ASCII whose bit is set in {@code beyond}. */
  private boolean mayOccur(char[] text, int n, long[] beyond) {
    long[] ascii = asciiPairs;
    for (int i = 0; i < n; i++) {
      char x = text[i];
      if (x < 0x80) {
        char y = i + 1 < n ? text[i + 1] : 0;
        if (y < 0x80) {
          int k = x << 7 | y;
          if ((ascii[k >>> 6] & 1L << k) == 0) {
            continue;
          }
        } else if ((asciiFirsts[x >>> 6] & 1L << x) == 0) {
          continue;
        }
      } else if ((beyond[x >>> 6] & 1L << x) == 0) {
        continue;
      }
      if (startsHere(text, n, i, x)) {
        return true;
      }
    }
    return false;
  }

  /** Says whether unit {@code x} at {@code i} does not fold alone or starts an anchor there. */
  private boolean startsHere(char[] text, int n, int i, char x) {
    int f = normalizer.foldAlone(x);
    if (f < 0) {
      return true;
    }
    char u = (char) f;
    return (firsts[u >>> 6] & 1L << u) != 0 && anchored(text, n, i, u);
  }

  /** Says whether an anchor starting with folded unit {@code u} starts at unit {@code i} of {@code text}. */
  private boolean anchored(char[] text, int n, int i, char u) {
    for (int a = 0; a < anchors.length; a++) {
      char[] anchor = anchors[a];
      if (anchor[0] != u) {
        continue;
      }
      int j = i;
      int k = 1;
      while (k < anchor.length) {
        if (++j >= n) {
          break;
        }
        int f = normalizer.foldAlone(text[j]);
        if (f < 0) {
          return true;
        }
        if (gapBefore[a][k] && Normalizer.foldsToGap(f)) {
          continue;
        }
        if (anchor[k] == ' ') {
          // A space of the anchor stands for a run of one or more spaces in the text.
          if (!Normalizer.foldsToSpace(f)) {
            break;
          }
          while (j + 1 < n) {
            int g = normalizer.foldAlone(text[j + 1]);
            if (g < 0) {
              return true;
            }
            if (!Normalizer.foldsToSpace(g)) {
              break;
            }
            j++;
          }
        } else if ((char) f != anchor[k]) {
          break;
        }
        k++;
      }
      if (k == anchor.length) {
        return true;
      }
    }
    return false;
  }

  /** Returns the anchors, one string each: for tests. */
  List<String> anchors() {
    return Arrays.stream(anchors).map(String::new).toList();
  }

  private static void set(long[] table, int bit) {
    table[bit >>> 6] |= 1L << bit;
  }
}
