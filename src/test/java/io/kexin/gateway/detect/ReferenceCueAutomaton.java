package io.kexin.gateway.detect;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Finds every occurrence of a set of cue terms the way the injection detector did before its anchored walk: one
 * Aho-Corasick pass with failure and output links, by end offset. The reference that {@link CueAutomaton} must
 * agree with once the word-boundary filter of its callers is applied.
 */
final class ReferenceCueAutomaton {
  private final int[] rootNext = new int[0x10000];
  /**
   * One bit per unit that has an edge from the root: most units of a text start no term, and an 8 KB bit table
   * answers that from the first-level cache where the 256 KB root table would not.
   */
  private final long[] rootBits = new long[0x10000 >>> 6];
  private final int[] edgeStart;
  private final char[] edgeChar;
  private final int[] edgeTarget;
  private final int[] fail;
  private final int[] depth;
  /** Per node, the first index in {@link #outputs} of the terms ending there, up to the next node's. */
  private final int[] outStart;
  private final int[] outputs;
  /** Per node, the nearest node on its failure chain (itself excluded) that has outputs, or -1. */
  private final int[] dictLink;
  private final int maxKeyLength;

  /** Receives one occurrence of term {@code term} at {@code [start, end)}. */
  @FunctionalInterface
  interface Sink {
    void found(int term, int start, int end);
  }

  private ReferenceCueAutomaton(List<TreeMap<Character, Integer>> children, List<List<Integer>> ends,
      int maxKeyLength) {
    int n = children.size();
    this.maxKeyLength = maxKeyLength;
    edgeStart = new int[n + 1];
    int edges = 0;
    for (int v = 0; v < n; v++) {
      edgeStart[v] = edges;
      edges += children.get(v).size();
    }
    edgeStart[n] = edges;
    edgeChar = new char[edges];
    edgeTarget = new int[edges];
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
    fail = new int[n];
    depth = new int[n];
    dictLink = new int[n];
    Arrays.fill(dictLink, -1);
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
        int f = fail[w];
        dictLink[w] = !ends.get(f).isEmpty() ? f : dictLink[f];
        queue.add(w);
      }
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
  }

  /** Returns an automaton over {@code keys}; term {@code i} is reported as {@code i}. Keys must not be empty. */
  static ReferenceCueAutomaton build(List<String> keys) {
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
    return new ReferenceCueAutomaton(children, ends, longest);
  }

  /** Returns the length of the longest term. */
  int maxKeyLength() {
    return maxKeyLength;
  }

  /** Reports every occurrence of every term in the first {@code n} units of {@code text}, by end offset. */
  void findAll(char[] text, int n, Sink sink) {
    findAll(text, n, false, sink);
  }

  /**
   * Reports every occurrence of every term in the first {@code n} units of {@code text}, by end offset, with ASCII
   * capitals read as small letters when {@code foldAscii}.
   */
  void findAll(char[] text, int n, boolean foldAscii, Sink sink) {
    int state = 0;
    boolean inWord = false;
    for (int i = 0; i < n; i++) {
      char c = text[i];
      if (foldAscii && c >= 'A' && c <= 'Z') {
        c = (char) (c + 32);
      }
      boolean word = asciiWord(c);
      boolean midWord = inWord && word;
      inWord = word;
      if (state == 0) {
        // A term that starts with a letter or digit needs a word boundary before it: none starts inside a word.
        if (midWord || (rootBits[c >>> 6] & 1L << c) == 0) {
          continue;
        }
        state = rootNext[c];
      } else {
        state = next(state, c, midWord);
        if (state == 0) {
          continue;
        }
      }
      int v = outStart[state] < outStart[state + 1] ? state : dictLink[state];
      while (v > 0) {
        for (int o = outStart[v]; o < outStart[v + 1]; o++) {
          sink.found(outputs[o], i + 1 - depth[v], i + 1);
        }
        v = dictLink[v];
      }
    }
  }

  /**
   * Returns the start of the longest suffix of the first {@code n} units of {@code text} that is a proper prefix of
   * some term: where an occurrence that more text could complete may start ({@code n} when none).
   */
  int liveStart(char[] text, int n, boolean foldAscii) {
    int state = 0;
    boolean inWord = false;
    for (int i = 0; i < n; i++) {
      char c = text[i];
      if (foldAscii && c >= 'A' && c <= 'Z') {
        c = (char) (c + 32);
      }
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

  private int child(int v, char c) {
    for (int e = edgeStart[v], end = edgeStart[v + 1]; e < end; e++) {
      if (edgeChar[e] == c) {
        return edgeTarget[e];
      }
    }
    return -1;
  }
}
