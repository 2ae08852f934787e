package io.kexin.gateway.detect.regex;

import io.kexin.gateway.detect.StartFilter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntUnaryOperator;

/**
 * Holds a complete Aho–Corasick DFA over folded UTF-16 units, built once for a set of literals: {@code classOf}
 * maps a text unit (after folding) to its class, 0 for a unit no literal contains, in blocks of 256 units ({@code
 * blockOf[unit >>> 8]} is where the unit's block starts; blocks without a class share one), so that the units a text
 * steps on touch a few KB rather than a 128 KB table; {@code delta[state * classes +
 * class]} holds the next state times {@code classes}, with the sign bit set when that state has outputs and bit 30
 * when it is a state of depth one without outputs, so a step is one load; {@code outputs[state]} lists the literal ids ending there, failure chain included (null when none).
 * Shared by the regex prefilter and the secret keyword index. Immutable and thread-safe.
 */
public final class LiteralAutomaton {
  /** Set in a transition to a state with outputs. */
  private static final int OUTPUTS = Integer.MIN_VALUE;
  /** Set in a transition to a state of depth one without outputs: the scan may go back to its root there. */
  private static final int SHALLOW = 1 << 30;
  /** The next state's row offset in a transition. */
  private static final int STATE = SHALLOW - 1;
  /** Units in about the order of their frequency in English prose and code, which take the first classes. */
  /** Units in a block of the class table, and blocks in the BMP. */
  private static final int BLOCK = 256;
  private static final int BLOCKS = (Character.MAX_VALUE + 1) / BLOCK;
  private static final String COMMON_FIRST = " etaoinsrhldcumfpgwybvkxjqz0123456789.,-_/:=\"'@";
  /** Per 256-unit block of the BMP, where its classes start in {@link #classOf}. */
  private final int[] blockOf;
  private final char[] classOf;
  private final int classes;
  private final int[] delta;
  private final int[][] outputs;
  /** Where a key may start, over the text's units as they are (every case variant of the keys' first units). */
  private final StartFilter starts;

  private LiteralAutomaton(int[] blockOf, char[] classOf, int classes, int[] delta, int[][] outputs,
      StartFilter starts) {
    this.blockOf = blockOf;
    this.classOf = classOf;
    this.classes = classes;
    this.delta = delta;
    this.outputs = outputs;
    this.starts = starts;
  }

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
   * unit where the {@link StartFilter} says no key starts with it and the unit after it (one bit test on the units
   * as they are, no class lookup and no dependency on the state), which is nearly every unit of prose; only the
   * units where a key may start take the state-dependent DFA step. Staying at the root loses nothing: a root state
   * means no key occurrence spans the unit before, and the filter rules out every key starting at this unit.
   */
  public void scan(char[] text, int n, Sink sink) {
    StartFilter starts = this.starts;
    int state = 0;
    int i = 0;
    while (i < n) {
      if (state == 0) {
        i = starts.nextStart(text, n, i);
        if (i == n) {
          return;
        }
      }
      char u = text[i];
      int next = delta[state + classOf[blockOf[u >>> 8] + (u & 0xFF)]];
      state = next & STATE;
      if (next < 0) {
        sink.ended(outputs[state / classes], i + 1);
      } else if ((next & SHALLOW) != 0 && !starts.mayStartPair(text, n, i)) {
        // At depth one the state remembers only this unit; when no key starts here, the root is the same state.
        state = 0;
      }
      i++;
    }
  }

  /**
   * Says whether text unit {@code c} may start an occurrence of a key whose first unit is {@code first}, as
   * {@link String#regionMatches(boolean, int, String, int, int)} compares once the first unit is itself, its lower
   * or its upper case: the check the folded automaton leaves to keyword callers.
   */
  public static boolean firstUnitMatches(char c, char first) {
    if (c == first) {
      return true;
    }
    if ((c | first) < 0x80) {
      // ASCII: only a letter has another case, the same letter with bit 5 flipped
      char lower = (char) (first | 0x20);
      return lower >= 'a' && lower <= 'z' && (c | 0x20) == lower;
    }
    return c == Character.toLowerCase(first) || c == Character.toUpperCase(first);
  }

  /**
   * Builds the automaton for {@code keys}, whose units are taken as they are (fold them first); a text unit
   * {@code c} belongs to the class of {@code fold(c)}. Keys with {@code skip[id]} set are left out (null: none).
   */
  public static LiteralAutomaton build(String[] keys, boolean[] skip, IntUnaryOperator fold) {
    Set<Character> keyUnits = new LinkedHashSet<>();
    for (int id = 0; id < keys.length; id++) {
      if (skip == null || !skip[id]) {
        for (int i = 0; i < keys[id].length(); i++) {
          keyUnits.add(keys[id].charAt(i));
        }
      }
    }
    // Units common in prose get the first classes, so that a state's transitions on them share a cache line or two.
    Map<Character, Integer> classIds = new HashMap<>();
    for (char c : COMMON_FIRST.toCharArray()) {
      if (keyUnits.contains(c)) {
        classIds.put(c, classIds.size() + 1);
      }
    }
    for (char c : keyUnits) {
      classIds.putIfAbsent(c, classIds.size() + 1);
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
    if ((long) states * classes > STATE) {
      throw new IllegalArgumentException("too many literals for one automaton: " + states + " states of " + classes
          + " classes");
    }
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
    int[] depth = new int[states];
    for (int v = 0; v < states; v++) {
      // a child is made after its parent, so its number is larger
      for (int child : children.get(v)) {
        if (child != 0) {
          depth[child] = depth[v] + 1;
        }
      }
    }
    for (int k = 0; k < delta.length; k++) {
      int next = delta[k];
      delta[k] = next * classes | (outputs[next] != null ? OUTPUTS : depth[next] == 1 ? SHALLOW : 0);
    }
    // The text units of each class, to tell the start filter the keys' starts as the text may hold them.
    List<List<Character>> unitsOf = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      unitsOf.add(new ArrayList<>());
    }
    for (int u = 0; u <= Character.MAX_VALUE; u++) {
      if (classOf[u] != 0) {
        unitsOf.get(classOf[u]).add((char) u);
      }
    }
    StartFilter.Builder starts = StartFilter.builder();
    for (int id = 0; id < keys.length; id++) {
      if (skip != null && skip[id]) {
        continue;
      }
      String k = keys[id];
      for (char x : unitsOf.get(classIds.get(k.charAt(0)))) {
        if (k.length() == 1) {
          starts.single(x);
          continue;
        }
        for (char y : unitsOf.get(classIds.get(k.charAt(1)))) {
          // The scan asks for pairs only: a DFA step costs less than a test of three units.
          starts.prefix(x, y);
        }
      }
    }
    int[] blockOf = new int[BLOCKS];
    List<char[]> blocks = new ArrayList<>();
    blocks.add(new char[BLOCK]);
    for (int b = 0; b < BLOCKS; b++) {
      char[] block = Arrays.copyOfRange(classOf, b * BLOCK, (b + 1) * BLOCK);
      int at = 0;
      for (int k = 0; k < blocks.size() && at == 0; k++) {
        at = Arrays.equals(blocks.get(k), block) ? k : 0;
      }
      if (at == 0 && !Arrays.equals(blocks.get(0), block)) {
        at = blocks.size();
        blocks.add(block);
      }
      blockOf[b] = at * BLOCK;
    }
    char[] packed = new char[blocks.size() * BLOCK];
    for (int k = 0; k < blocks.size(); k++) {
      System.arraycopy(blocks.get(k), 0, packed, k * BLOCK, BLOCK);
    }
    return new LiteralAutomaton(blockOf, packed, classes, delta, outputs, starts.build());
  }
}
