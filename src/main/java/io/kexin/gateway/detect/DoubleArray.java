package io.kexin.gateway.detect;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Holds a trie's nodes below the root as a double array: the child of slot {@code v} on unit {@code c} is slot
 * {@code base[v] + code[c]} when {@code check} of that slot is {@code v}, and there is none otherwise (a unit on no
 * edge has code 0, and no child of a node sits at its base). {@code slot} gives a node's slot, {@code node} a slot's
 * node, {@code ending} one bit per slot whose node ends a term; {@code foldedCode} reads an ASCII capital as its small
 * letter. Every slot a step can reach exists, so a step is two loads and one test. Built by first fit, the nodes in
 * breadth-first order and the units coded by how many edges they label (the letters first), so the array stays
 * close to the number of nodes. Do not modify the arrays.
 */
record DoubleArray(char[] code, char[] foldedCode, int[] base, int[] check, int[] slot, int[] node, long[] ending) {
  /** Slot of no node's child: {@code check} of a free slot (slot numbers are never negative). */
  private static final int FREE = -1;

  /**
   * Returns the double array of the trie whose node {@code v}'s edges are {@code edgeStart[v] .. edgeStart[v + 1]}
   * of {@code edgeChar} and {@code edgeTarget}, node 0 the root; node {@code v} ends a term when
   * {@code outStart[v] < outStart[v + 1]}. The root's children get slots of their own, with no parent slot: a walk
   * starts at one of them.
   */
  static DoubleArray of(int[] edgeStart, char[] edgeChar, int[] edgeTarget, int[] outStart) {
    int n = edgeStart.length - 1;
    int[] count = new int[0x10000];
    for (int e = edgeStart[n > 0 ? 1 : 0]; e < edgeStart[n]; e++) {
      count[edgeChar[e]]++;
    }
    Integer[] units = new Integer[0x10000];
    int labels = 0;
    for (int c = 0; c < 0x10000; c++) {
      if (count[c] > 0) {
        units[labels++] = c;
      }
    }
    Integer[] byUse = Arrays.copyOf(units, labels);
    Arrays.sort(byUse, (a, b) -> count[b] != count[a] ? Integer.compare(count[b], count[a]) : Integer.compare(a, b));
    char[] code = new char[0x10000];
    for (int k = 0; k < labels; k++) {
      code[byUse[k]] = (char) (k + 1);
    }
    char[] folded = code.clone();
    for (char c = 'A'; c <= 'Z'; c++) {
      folded[c] = code[c + 32];
    }
    int[] slot = new int[n];
    Arrays.fill(slot, FREE);
    Layout layout = new Layout(n + labels + 2);
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int e = edgeStart[0]; e < edgeStart[1]; e++) {
      int w = edgeTarget[e];
      slot[w] = layout.claimAny();
      queue.add(w);
    }
    int[] codes = new int[0x10000];
    while (!queue.isEmpty()) {
      int v = queue.poll();
      int from = edgeStart[v];
      int to = edgeStart[v + 1];
      if (from == to) {
        continue;
      }
      for (int e = from; e < to; e++) {
        codes[e - from] = code[edgeChar[e]];
      }
      Arrays.sort(codes, 0, to - from);
      int b = layout.fit(codes, to - from);
      layout.base[slot[v]] = b;
      for (int e = from; e < to; e++) {
        int t = b + code[edgeChar[e]];
        layout.claim(t, slot[v]);
        slot[edgeTarget[e]] = t;
        queue.add(edgeTarget[e]);
      }
    }
    // Every slot base + code can reach exists: a step needs no test of the array's end.
    int size = layout.highestBase() + labels + 1;
    int[] base = Arrays.copyOf(layout.base, size);
    int[] check = Arrays.copyOf(layout.check, size);
    for (int t = layout.used; t < size; t++) {
      check[t] = FREE;
    }
    int[] node = new int[size];
    long[] ending = new long[(size + 63) >>> 6];
    for (int v = 1; v < n; v++) {
      node[slot[v]] = v;
      if (outStart[v] < outStart[v + 1]) {
        ending[slot[v] >>> 6] |= 1L << slot[v];
      }
    }
    return new DoubleArray(code, folded, base, check, slot, node, ending);
  }

  /** The slots while they are given out: bases, parents, and the lowest slot that may be free. */
  private static final class Layout {
    private int[] base;
    private int[] check;
    /** One past the highest slot given out. */
    private int used;
    /** No slot below this one is free. */
    private int firstFree;

    private Layout(int capacity) {
      base = new int[capacity];
      check = new int[capacity];
      Arrays.fill(check, FREE);
    }

    /** Gives out the lowest free slot, with no parent slot (a root's child: the walk starts there). */
    private int claimAny() {
      int t = firstFree;
      while (t < check.length && check[t] != FREE) {
        t++;
      }
      claim(t, Integer.MAX_VALUE);
      return t;
    }

    /** Gives slot {@code t} to a child of the node in slot {@code parent}. */
    private void claim(int t, int parent) {
      grow(t + 1);
      check[t] = parent;
      used = Math.max(used, t + 1);
      while (firstFree < check.length && check[firstFree] != FREE) {
        firstFree++;
      }
    }

    /** Returns the lowest base at which the {@code k} sorted codes {@code codes} all fall on free slots. */
    private int fit(int[] codes, int k) {
      for (int b = Math.max(0, firstFree - codes[0]); ; b++) {
        grow(b + codes[k - 1] + 1);
        boolean free = true;
        for (int i = 0; i < k && free; i++) {
          free = check[b + codes[i]] == FREE;
        }
        if (free) {
          return b;
        }
      }
    }

    /** Returns the highest base given out. */
    private int highestBase() {
      int h = 0;
      for (int t = 0; t < used; t++) {
        h = Math.max(h, base[t]);
      }
      return Math.max(h, used);
    }

    private void grow(int size) {
      if (size > check.length) {
        int old = check.length;
        int length = Math.max(size, old + (old >>> 1));
        base = Arrays.copyOf(base, length);
        check = Arrays.copyOf(check, length);
        Arrays.fill(check, old, length, FREE);
      }
    }
  }
}
