package io.kexin.gateway.detect;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Finds every occurrence, overlapping ones included, of a set of cue terms in one left-to-right pass: at each unit
 * where a term may start, a walk down the trie of terms (a direct table for the root's edges, a double array below:
 * {@link DoubleArray}), reporting the terms that end on the way. A term that starts with
 * an ASCII letter or digit is looked for only where a word starts (its callers require a word boundary there anyway: the injection and harm detectors),
 * so the walk skips the inside of words, and no failure link is followed. Linear in the text: each walk is at most
 * the longest term. Failure links serve {@link #liveStart} only. Immutable and thread-safe.
 */
public final class CueAutomaton {
  /** Size of the table of first pairs, in bits: 8 KB. */
  private static final int PAIR_BITS = 1 << 16;
  private final int[] rootNext = new int[0x10000];
  /**
   * One bit per unit that has an edge from the root: most units of a text start no term, and an 8 KB bit table
   * answers that from the first-level cache where the 256 KB root table would not.
   */
  private final long[] rootBits = new long[0x10000 >>> 6];
  /** {@link #rootBits} as read with ASCII capitals folded: a capital's bit is its small letter's. */
  private final long[] foldedRootBits = new long[0x10000 >>> 6];
  /** One bit per unit whose root child ends a term (a one-unit term): a walk from it reports even if it goes no further. */
  private final long[] rootEnds = new long[0x10000 >>> 6];
  /**
   * One bit per hash of the first two units of a term: a walk from a unit whose next unit gives no bit reports at
   * most the one-unit terms, so most walks end before they read the trie (a Han character or a word's first letter
   * starts many terms, but few pairs that follow it).
   */
  private final long[] pairBits = new long[PAIR_BITS >>> 6];
  private final int[] fail;
  private final int[] depth;
  /** Per node, the first index in {@link #outputs} of the terms ending there, up to the next node's. */
  private final int[] outStart;
  private final int[] outputs;
  private final int maxKeyLength;
  /**
   * The trie below the root as a double array, through which every walk steps: the child of slot {@code v} on unit
   * {@code c} is slot {@code base[v] + code[c]} when {@code check} of it is {@code v}, else none. A step is two loads
   * and a test that passes until the walk ends, where a dense ASCII row or a search of two to six edges branched on
   * which edge matches (the pack's walk over a 2 KB prompt: 13.0-13.8 µs with rows and edge searches, 10.0-11.0
   * with the double array; see {@link DoubleArray}).
   */
  private final DoubleArray steps;

  /** Receives one occurrence of term {@code term} at {@code [start, end)}. */
  @FunctionalInterface
  public interface Sink {
    /** Receives one occurrence of term {@code term} at {@code [start, end)}. */
    void found(int term, int start, int end);
  }

  private CueAutomaton(List<TreeMap<Character, Integer>> children, List<List<Integer>> ends, int maxKeyLength) {
    int n = children.size();
    this.maxKeyLength = maxKeyLength;
    int[] edgeStart = new int[n + 1];
    int edges = 0;
    for (int v = 0; v < n; v++) {
      edgeStart[v] = edges;
      edges += children.get(v).size();
    }
    edgeStart[n] = edges;
    char[] edgeChar = new char[edges];
    int[] edgeTarget = new int[edges];
    for (int v = 0; v < n; v++) {
      int e = edgeStart[v];
      for (var entry : children.get(v).entrySet()) {
        edgeChar[e] = entry.getKey();
        edgeTarget[e++] = entry.getValue();
      }
    }
    for (var entry : children.get(0).entrySet()) {
      rootNext[entry.getKey()] = entry.getValue();
      rootBits[entry.getKey() >>> 6] |= 1L << entry.getKey();
    }
    System.arraycopy(rootBits, 0, foldedRootBits, 0, rootBits.length);
    for (char c = 'A'; c <= 'Z'; c++) {
      char small = (char) (c + 32);
      foldedRootBits[c >>> 6] = foldedRootBits[c >>> 6] & ~(1L << c) | (rootBits[small >>> 6] >>> small & 1L) << c;
    }
    outStart = new int[n + 1];
    int total = 0;
    for (int v = 0; v < n; v++) {
      outStart[v] = total;
      total += ends.get(v).size();
    }
    outStart[n] = total;
    outputs = new int[total];
    for (int v = 0, o = 0; v < n; v++) {
      for (int t : ends.get(v)) {
        outputs[o++] = t;
      }
    }
    steps = DoubleArray.of(edgeStart, edgeChar, edgeTarget, outStart);
    fail = new int[n];
    depth = new int[n];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int e = edgeStart[0]; e < edgeStart[1]; e++) {
      queue.add(edgeTarget[e]);
      depth[edgeTarget[e]] = 1;
    }
    while (!queue.isEmpty()) {
      int v = queue.poll();
      for (int e = edgeStart[v]; e < edgeStart[v + 1]; e++) {
        int w = edgeTarget[e];
        depth[w] = depth[v] + 1;
        fail[w] = next(fail[v], edgeChar[e], false);
        queue.add(w);
      }
    }
    for (int e = edgeStart[0]; e < edgeStart[1]; e++) {
      char c = edgeChar[e];
      int v = edgeTarget[e];
      if (!ends.get(v).isEmpty()) {
        rootEnds[c >>> 6] |= 1L << c;
      }
      for (int f = edgeStart[v]; f < edgeStart[v + 1]; f++) {
        int bit = pair(c, edgeChar[f]);
        pairBits[bit >>> 6] |= 1L << bit;
      }
    }
  }

  /** Returns the bit of the pair {@code c d} in {@link #pairBits}. */
  private static int pair(char c, char d) {
    return (c * 0x9E3779B1 + d) * 0x85EBCA6B >>> 16;
  }

  /** Returns an automaton over {@code keys}; term {@code i} is reported as {@code i}. Keys must not be empty. */
  public static CueAutomaton build(List<String> keys) {
    List<TreeMap<Character, Integer>> children = new ArrayList<>();
    List<List<Integer>> ends = new ArrayList<>();
    children.add(new TreeMap<>());
    ends.add(new ArrayList<>());
    int longest = 0;
    for (int i = 0; i < keys.size(); i++) {
      String key = keys.get(i);
      if (key.isEmpty()) {
        throw new IllegalArgumentException("keys[" + i + "]: empty (expected: at least one unit)");
      }
      longest = Math.max(longest, key.length());
      int v = 0;
      for (int d = 0; d < key.length(); d++) {
        Integer w = children.get(v).get(key.charAt(d));
        if (w == null) {
          w = children.size();
          children.add(new TreeMap<>());
          ends.add(new ArrayList<>());
          children.get(v).put(key.charAt(d), w);
        }
        v = w;
      }
      ends.get(v).add(i);
    }
    return new CueAutomaton(children, ends, longest);
  }

  /** Returns the length of the longest term. */
  public int maxKeyLength() {
    return maxKeyLength;
  }

  /** Reports every occurrence of every term in the first {@code n} units of {@code text}, by start offset. */
  public void findAll(char[] text, int n, Sink sink) {
    findAll(text, n, false, sink);
  }

  /**
   * Reports every occurrence of every term in the first {@code n} units of {@code text}, by start offset, then end
   * offset, then term, with ASCII capitals read as small letters when {@code foldAscii}; a term starting with an ASCII
   * letter or digit right after another is not reported (no caller accepts it: it starts inside a word).
   */
  public void findAll(char[] text, int n, boolean foldAscii, Sink sink) {
    long[] starts = foldAscii ? foldedRootBits : rootBits;
    char[] codes = foldAscii ? steps.foldedCode() : steps.code();
    int[] base = steps.base();
    int[] check = steps.check();
    int[] slot = steps.slot();
    int[] node = steps.node();
    long[] ending = steps.ending();
    for (int i = 0; i < n; i++) {
      char raw = text[i];
      // Most units start no term: one bit each says so, and nothing else is read of them.
      if ((starts[raw >>> 6] & 1L << raw) == 0) {
        continue;
      }
      char c = fold(raw, foldAscii);
      // A term that starts with a letter or digit needs a word boundary before it: none starts inside a word.
      if (i > 0 && asciiWord(c) && asciiWord(text[i - 1])) {
        continue;
      }
      if (c >= 128 && (rootEnds[c >>> 6] & 1L << c) == 0) {
        // A Han character starts many terms but few of the pairs that may follow it: the pair table answers from
        // the first-level cache (an ASCII unit's node has a dense row, as fast).
        if (i + 1 == n) {
          continue;
        }
        char d = fold(text[i + 1], foldAscii);
        int bit = pair(c, d);
        if ((pairBits[bit >>> 6] & 1L << bit) == 0) {
          continue;
        }
      }
      int v = slot[rootNext[c]];
      int j = i;
      while (true) {
        if ((ending[v >>> 6] & 1L << v) != 0) {
          int w = node[v];
          for (int o = outStart[w]; o < outStart[w + 1]; o++) {
            sink.found(outputs[o], i, j + 1);
          }
        }
        if (++j >= n) {
          break;
        }
        int t = base[v] + codes[text[j]];
        if (check[t] != v) {
          break;
        }
        v = t;
      }
    }
  }

  /**
   * Reports the occurrences of every term that starts at index {@code i} of the first {@code n} units of
   * {@code text}, by end offset, with ASCII capitals read as small letters when {@code foldAscii}: the walk that
   * {@link #findAll} makes from {@code i}, for a caller that knows where its terms may start (and so also reports a
   * term that starts inside a word there). Kept apart from {@code findAll}'s loop, which stays as small as it is.
   */
  public void findAt(char[] text, int n, int i, boolean foldAscii, Sink sink) {
    if (i < 0 || i >= n) {
      return;
    }
    char c = fold(text[i], foldAscii);
    if ((rootBits[c >>> 6] & 1L << c) == 0) {
      return;
    }
    int v = rootNext[c];
    int j = i;
    while (true) {
      for (int o = outStart[v]; o < outStart[v + 1]; o++) {
        sink.found(outputs[o], i, j + 1);
      }
      if (++j >= n) {
        return;
      }
      v = child(v, fold(text[j], foldAscii));
      if (v < 0) {
        return;
      }
    }
  }

  /**
   * Returns the start of the longest suffix of the first {@code n} units of {@code text} that is a proper prefix of
   * some term: where an occurrence that more text could complete may start ({@code n} when none).
   */
  public int liveStart(char[] text, int n, boolean foldAscii) {
    int state = 0;
    boolean inWord = false;
    for (int i = 0; i < n; i++) {
      char c = fold(text[i], foldAscii);
      boolean word = asciiWord(c);
      boolean midWord = inWord && word;
      inWord = word;
      if (state == 0) {
        state = midWord ? 0 : rootNext[c];
      } else {
        state = next(state, c, midWord);
      }
    }
    return n - depth[state];
  }

  /** Returns {@code c} with an ASCII capital read as its small letter when {@code foldAscii}. */
  private static char fold(char c, boolean foldAscii) {
    return foldAscii && c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
  }

  private static boolean asciiWord(char c) {
    return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z';
  }

  /** Returns the state after {@code c} from {@code state}; none restarts at the root inside a word. */
  private int next(int state, char c, boolean midWord) {
    int v = state;
    while (true) {
      if (v == 0) {
        return midWord || (rootBits[c >>> 6] & 1L << c) == 0 ? 0 : rootNext[c];
      }
      int w = child(v, c);
      if (w >= 0) {
        return w;
      }
      v = fail[v];
    }
  }

  /** Returns the child of node {@code v} (not the root) on {@code c}, or -1. */
  private int child(int v, char c) {
    int from = steps.slot()[v];
    int t = steps.base()[from] + steps.code()[c];
    return steps.check()[t] == from ? steps.node()[t] : -1;
  }
}
