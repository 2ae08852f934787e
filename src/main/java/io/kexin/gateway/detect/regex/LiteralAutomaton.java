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
 * is one load; {@code outputs[state]} lists the literal ids ending there, failure chain included (null when none).
 * Shared by the regex prefilter and the secret keyword index. Immutable once built.
 */
public record LiteralAutomaton(char[] classOf, int classes, int[] delta, int[][] outputs) {

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
    return new LiteralAutomaton(classOf, classes, delta, outputs);
  }
}
