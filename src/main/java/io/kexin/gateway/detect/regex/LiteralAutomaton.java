package io.kexin.gateway.detect.regex;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * Holds a complete Aho–Corasick DFA over folded UTF-16 units, built once for a set of literals: {@code classOf}
 * maps a text unit (after folding) to its class, 0 for a unit no literal contains; {@code delta[state * classes +
 * class]} holds the next state times {@code classes}, with the sign bit set when that state has outputs, so a step
 * is one load; {@code outputs[state]} lists the literal ids ending there, failure chain included (null when none);
 * {@code asciiPairs} has bit {@code x << 7 | y} set for every pair of ASCII text units {@code x, y} that a key may
 * start with (every {@code y} when {@code x} is a key on its own); for other pairs, {@code startPairs} has bit
 * {@code pairHash(x, y)} set for every pair a key may start with, and {@code singles} bit {@code x} for every text
 * unit that is a key on its own. Shared by the regex prefilter and the secret keyword index. Immutable once built.
 */
public record LiteralAutomaton(char[] classOf, int classes, int[] delta, int[][] outputs, long[] asciiPairs,
    long[] startPairs, int pairShift, long[] singles) {

  /** Receives the keys ending at one offset of a scan. */
  @FunctionalInterface
  public interface Sink {
    /** Receives {@code ids}, every key ending just before {@code end}; do not modify the array. */
    void ended(int[] ids, int end);
  }

  /**
   * Reports to {@code sink}, in increasing offset order, every occurrence of every key in the first {@code n} units
   * of {@code text}.
   *
   * <p>Hand-written because it runs over every request: while the automaton is at its root it stays there on a
   * unit that starts no key together with the unit after it (one hashed bit test on the two units as they are, no
   * class lookup and no dependency on the state), which is nearly every unit of prose; only the units that may
   * start a key take the state-dependent DFA step. Staying
   * at the root loses nothing: a root state means no key occurrence spans the unit before, and the pair test
   * rules out every key starting at this unit.
   */
  public void scan(char[] text, int n, Sink sink) {
    int state = 0;
    int last = n - 1;
    for (int i = 0; i < last; i++) {
      if (state != 0 || mayStart(text[i], text[i + 1])) {
        state = step(state, text[i], i, sink);
      }
    }
    if (n > 0 && (state != 0 || mayStart(text[last], (char) 0))) {
      step(state, text[last], last, sink);
    }
  }

  /** Returns the state after {@code unit} at offset {@code i} from {@code state}, reporting the keys ending there. */
  private int step(int state, char unit, int i, Sink sink) {
    int next = delta[state + classOf[unit]];
    int s = next & Integer.MAX_VALUE;
    if (next < 0) {
      sink.ended(outputs[s / classes], i + 1);
    }
    return s;
  }

  /** Returns whether a key may start with {@code unit} followed by {@code after} (0 at the end of the text). */
  private boolean mayStart(char unit, char after) {
    if ((unit | after) < 0x80) {
      int k = unit << 7 | after;
      return (asciiPairs[k >>> 6] & 1L << k) != 0;
    }
    int h = pairHash(unit, after, pairShift);
    return (startPairs[h >>> 6] & 1L << h) != 0 || (singles[unit >>> 6] & 1L << unit) != 0;
  }

  private static int pairHash(char unit, char after, int shift) {
    return ((unit << 16 | after) * 0x9E3779B1) >>> shift;
  }

  /**
   * Builds the automaton for {@code keys}, whose units are taken as they are (fold them first); a text unit
   * {@code c} belongs to the class of {@code fold(c)}. Keys with {@code skip[id]} set are left out (null: none).
   */
  public static LiteralAutomaton build(String[] keys, boolean[] skip, IntUnaryOperator fold) {
    Map<Character, Integer> classIds = new HashMap<>();
    for (int id = 0; id < keys.length; id++) {
      if (skip == null || !skip[id]) {
        for (int i = 0; i < keys[id].length(); i++) {
          classIds.putIfAbsent(keys[id].charAt(i), classIds.size() + 1);
        }
      }
    }
    int classes = classIds.size() + 1;
    char[] classOf = new char[Character.MAX_VALUE + 1];
    if (!classIds.isEmpty()) {
      for (int c = 0; c <= Character.MAX_VALUE; c++) {
        Integer id = classIds.get((char) fold.applyAsInt(c));
        classOf[c] = id == null ? 0 : (char) (int) id;
      }
    }
    // Trie of the keys' classes, then failure links in breadth-first order, then a complete DFA.
    List<int[]> children = new ArrayList<>();
    List<List<Integer>> ends = new ArrayList<>();
    children.add(new int[classes]);
    ends.add(new ArrayList<>());
    for (int id = 0; id < keys.length; id++) {
      if (skip != null && skip[id]) {
        continue;
      }
      int state = 0;
      for (int i = 0; i < keys[id].length(); i++) {
        int c = classIds.get(keys[id].charAt(i));
        if (children.get(state)[c] == 0) {
          children.get(state)[c] = children.size();
          children.add(new int[classes]);
          ends.add(new ArrayList<>());
        }
        state = children.get(state)[c];
      }
      ends.get(state).add(id);
    }
    int states = children.size();
    int[] delta = new int[states * classes];
    int[] fail = new int[states];
    int[][] outputs = new int[states][];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int c = 0; c < classes; c++) {
      int child = children.get(0)[c];
      delta[c] = child;
      if (child != 0) {
        queue.add(child);
      }
    }
    while (!queue.isEmpty()) {
      int v = queue.poll();
      List<Integer> out = new ArrayList<>(ends.get(v));
      if (outputs[fail[v]] != null) {
        for (int id : outputs[fail[v]]) {
          out.add(id);
        }
      }
      outputs[v] = out.isEmpty() ? null : out.stream().mapToInt(Integer::intValue).toArray();
      for (int c = 0; c < classes; c++) {
        int child = children.get(v)[c];
        if (child != 0) {
          fail[child] = delta[fail[v] * classes + c];
          delta[v * classes + c] = child;
          queue.add(child);
        } else {
          delta[v * classes + c] = delta[fail[v] * classes + c];
        }
      }
    }
    for (int k = 0; k < delta.length; k++) {
      delta[k] = delta[k] * classes | (outputs[delta[k]] != null ? Integer.MIN_VALUE : 0);
    }
    // The text units of each class, to set the start pairs and singles over units as the text has them.
    List<List<Character>> unitsOf = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      unitsOf.add(new ArrayList<>());
    }
    for (int u = 0; u <= Character.MAX_VALUE; u++) {
      if (classOf[u] != 0) {
        unitsOf.get(classOf[u]).add((char) u);
      }
    }
    long[] singles = new long[1 << 10];
    long[] asciiPairs = new long[(1 << 14) >>> 6];
    List<long[]> pairs = new ArrayList<>();
    for (int id = 0; id < keys.length; id++) {
      if (skip != null && skip[id]) {
        continue;
      }
      List<Character> firsts = unitsOf.get(classIds.get(keys[id].charAt(0)));
      if (keys[id].length() == 1) {
        for (char x : firsts) {
          singles[x >>> 6] |= 1L << x;
          for (int y = 0; x < 0x80 && y < 0x80; y++) {
            asciiPairs[(x << 7 | y) >>> 6] |= 1L << (x << 7 | y);
          }
        }
        continue;
      }
      for (char x : firsts) {
        for (char y : unitsOf.get(classIds.get(keys[id].charAt(1)))) {
          pairs.add(new long[] {x, y});
          if ((x | y) < 0x80) {
            asciiPairs[(x << 7 | y) >>> 6] |= 1L << (x << 7 | y);
          }
        }
      }
    }
    // About 16 bits per pair, so that a pair of units that starts no key passes the test about once in 16.
    int bits = Math.min(1 << 16, Math.max(1 << 10, Integer.highestOneBit(Math.max(1, pairs.size()) * 16)));
    int pairShift = 32 - Integer.numberOfTrailingZeros(bits);
    long[] startPairs = new long[bits >>> 6];
    for (long[] p : pairs) {
      int h = pairHash((char) p[0], (char) p[1], pairShift);
      startPairs[h >>> 6] |= 1L << h;
    }
    return new LiteralAutomaton(classOf, classes, delta, outputs, asciiPairs, startPairs, pairShift, singles);
  }
}
