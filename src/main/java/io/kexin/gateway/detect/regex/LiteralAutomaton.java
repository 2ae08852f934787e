package io.kexin.gateway.detect.regex;

import io.kexin.gateway.detect.StartFilter;
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
 * is one load; {@code outputs[state]} lists the literal ids ending there, failure chain included (null when none).
 * Shared by the regex prefilter and the secret keyword index. Immutable and thread-safe.
 */
public final class LiteralAutomaton {
  private final char[] classOf;
  private final int classes;
  private final int[] delta;
  private final int[][] outputs;
  /** Where a key may start, over the text's units as they are (every case variant of the keys' first units). */
  private final StartFilter starts;

  private LiteralAutomaton(char[] classOf, int classes, int[] delta, int[][] outputs, StartFilter starts) {
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
      state = step(state, text[i], i, sink);
      i++;
    }
  }

  /**
   * Says whether text unit {@code c} may start an occurrence of a key whose first unit is {@code first}, as
   * {@link String#regionMatches(boolean, int, String, int, int)} compares once the first unit is itself, its lower
   * or its upper case: the check the folded automaton leaves to keyword callers.
   */
  public static boolean firstUnitMatches(char c, char first) {
    return c == first || c == Character.toLowerCase(first) || c == Character.toUpperCase(first);
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
    return new LiteralAutomaton(classOf, classes, delta, outputs, starts.build());
  }
}
