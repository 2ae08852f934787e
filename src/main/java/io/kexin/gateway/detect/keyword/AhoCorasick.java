package io.kexin.gateway.detect.keyword;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.detect.StartFilter;
import java.util.Arrays;

/**
 * Finds the non-overlapping leftmost-longest occurrences of a set of keys in one pass over a text. Immutable and
 * thread-safe.
 *
 * <p>This automaton is hand-written on purpose: keyword matching is the core of the gateway, and owning it lets
 * us keep the memory layout compact (hundreds of thousands of keys), the build cost linear and the match
 * semantics exact. Nodes are numbered in breadth-first order and stored in parallel arrays; the edges of a node
 * are a sorted slice of {@code edgeChar}/{@code edgeTarget} (compressed sparse rows), and the root has a direct
 * table over all UTF-16 units. Matching follows goto and failure links; each node also links to the nearest
 * node on its failure chain that ends a key ({@code output}), so all keys ending at a position are visited
 * longest first.
 */
public final class AhoCorasick {
  private static final int ROOT = 0;
  private static final int LINEAR_SCAN_MAX = 8;
  /** Number of shallowest nodes that get a full transition table over ASCII (128 ints each). */
  private static final int DENSE_NODES = 1024;

  /** Tells whether a candidate occurrence counts, for example whether it sits on word boundaries. */
  @FunctionalInterface
  interface Filter {
    /** Returns whether key {@code key} found at {@code [start, end)} is a match. */
    boolean accept(int key, int start, int end);
  }

  /** Tells where keys of an anchored automaton may start besides the start of the text. */
  @FunctionalInterface
  interface Anchor {
    /** Returns whether an anchored key may start at {@code index > 0}, after the unit {@code before}. */
    boolean after(char before, int index);
  }

  /** Receives matches in increasing offset order. */
  @FunctionalInterface
  public interface Sink {
    /** Receives a match of key {@code key} at {@code [start, end)}. */
    void match(int key, int start, int end);
  }

  private final int[] rootNext;
  /** Complete ASCII transitions, failure links resolved, of the first {@link #denseNodes} nodes. */
  private final int[] asciiNext;
  private final int denseNodes;
  private final int[] edgeStart;
  private final char[] edgeChar;
  private final int[] edgeTarget;
  private final int[] fail;
  private final int[] output;
  private final int[] depth;
  private final int[] key;
  /** Per node: depth shifted left by one, low bit set when a key ends there or on its failure chain. */
  private final int[] meta;
  private final int maxDepth;
  /** Units on some edge, one bit each: from any node, any other unit leads back to the root. */
  private final long[] used;
  /** Units that start a key, one bit each: from the root, any other unit stays at the root. */
  private final long[] firsts;
  /** Where a key may start, from the first units at an offset. */
  private final StartFilter starts;

  private AhoCorasick(int[] rootNext, int[] asciiNext, int[] edgeStart, char[] edgeChar, int[] edgeTarget,
      int[] fail, int[] output, int[] depth, int[] key, int maxDepth, StartFilter starts) {
    this.rootNext = rootNext;
    this.asciiNext = asciiNext;
    this.denseNodes = asciiNext.length / 128;
    this.edgeStart = edgeStart;
    this.edgeChar = edgeChar;
    this.edgeTarget = edgeTarget;
    this.fail = fail;
    this.output = output;
    this.depth = depth;
    this.key = key;
    this.maxDepth = maxDepth;
    this.used = new long[1 << 10];
    this.firsts = new long[1 << 10];
    for (int c = 0; c < rootNext.length; c++) {
      if (rootNext[c] != ROOT) {
        used[c >>> 6] |= 1L << c;
        firsts[c >>> 6] |= 1L << c;
      }
    }
    for (char c : edgeChar) {
      used[c >>> 6] |= 1L << c;
    }
    this.starts = starts;
    this.meta = new int[output.length];
    for (int v = 0; v < output.length; v++) {
      meta[v] = depth[v] << 1 | (v != ROOT && (key[v] >= 0 || output[v] != ROOT) ? 1 : 0);
    }
  }

  /** Returns an automaton over {@code keys}, each non-empty; a match reports the index of its key (first wins). */
  public static AhoCorasick build(String[] keys) {
    int[] ids = new int[requireNonNull(keys, "keys").length];
    Arrays.setAll(ids, i -> i);
    return build(keys, ids);
  }

  /**
   * Returns an automaton over {@code keys}, each non-empty; a match of {@code keys[i]} reports {@code ids[i]}, and
   * of equal keys the one with the smallest id wins.
   */
  static AhoCorasick build(String[] keys, int[] ids) {
    requireNonNull(keys, "keys");
    requireNonNull(ids, "ids");
    if (ids.length != keys.length) {
      throw new IllegalArgumentException("ids: " + ids.length + " (expected: " + keys.length + ", one per key)");
    }
    long total = 1;
    int maxDepth = 0;
    for (int i = 0; i < keys.length; i++) {
      String k = requireNonNull(keys[i], "keys[" + i + "]");
      if (k.isEmpty()) {
        throw new IllegalArgumentException("keys[" + i + "]: empty (expected: at least one character)");
      }
      total += k.length();
      maxDepth = Math.max(maxDepth, k.length());
    }
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("total key length: " + total + " (expected: < " + Integer.MAX_VALUE + ")");
    }
    int[] order = new int[keys.length];
    Arrays.setAll(order, i -> i);
    sort(keys, order, 0, order.length, 0);

    int capacity = (int) total;
    int[] depth = new int[capacity];
    int[] lo = new int[capacity];
    int[] hi = new int[capacity];
    int[] key = new int[capacity];
    int[] edgeStart = new int[capacity + 1];
    char[] edgeChar = new char[capacity];
    int[] edgeTarget = new int[capacity];
    Arrays.fill(key, -1);
    hi[ROOT] = keys.length;
    int nodes = 1;
    int edges = 0;
    // Breadth-first over ranges of sorted keys that share the prefix of a node: node ids come out in
    // breadth-first order and each node's edges come out contiguous and sorted.
    for (int v = 0; v < nodes; v++) {
      int d = depth[v];
      int k = lo[v];
      int h = hi[v];
      if (v != ROOT && keys[order[k]].length() == d) {
        // Duplicates sort next to each other in any order; the smallest id wins.
        key[v] = ids[order[k]];
        while (k < h && keys[order[k]].length() == d) {
          key[v] = Math.min(key[v], ids[order[k]]);
          k++;
        }
      }
      edgeStart[v] = edges;
      while (k < h) {
        char c = keys[order[k]].charAt(d);
        int next = k + 1;
        while (next < h && keys[order[next]].charAt(d) == c) {
          next++;
        }
        int child = nodes++;
        depth[child] = d + 1;
        lo[child] = k;
        hi[child] = next;
        edgeChar[edges] = c;
        edgeTarget[edges] = child;
        edges++;
        k = next;
      }
    }
    edgeStart[nodes] = edges;

    int[] rootNext = new int[Character.MAX_VALUE + 1];
    for (int e = edgeStart[ROOT]; e < edgeStart[ROOT + 1]; e++) {
      rootNext[edgeChar[e]] = edgeTarget[e];
    }
    int[] fail = new int[nodes];
    int[] output = new int[nodes];
    // The partial automaton only serves next() and child() while the failure links and dense rows are built.
    AhoCorasick partial = new AhoCorasick(rootNext, new int[0], edgeStart, edgeChar, edgeTarget, fail, output,
        depth, key, maxDepth, null);
    for (int v = 0; v < nodes; v++) {
      for (int e = edgeStart[v]; e < edgeStart[v + 1]; e++) {
        int child = edgeTarget[e];
        int f = v == ROOT ? ROOT : partial.next(fail[v], edgeChar[e]);
        fail[child] = f;
        output[child] = key[f] >= 0 ? f : output[f];
      }
    }
    // Breadth-first order puts a node's failure target before it, so its row is complete when needed.
    int dense = Math.min(nodes, DENSE_NODES);
    int[] asciiNext = new int[dense * 128];
    for (int v = 0; v < dense; v++) {
      for (char c = 0; c < 128; c++) {
        int t = v == ROOT ? rootNext[c] : partial.child(v, c);
        asciiNext[v * 128 + c] = t != ROOT || v == ROOT ? t : asciiNext[fail[v] * 128 + c];
      }
    }
    return new AhoCorasick(rootNext, asciiNext, Arrays.copyOf(edgeStart, nodes + 1), Arrays.copyOf(edgeChar, edges),
        Arrays.copyOf(edgeTarget, edges), fail, output, Arrays.copyOf(depth, nodes), Arrays.copyOf(key, nodes),
        maxDepth, startFilter(edgeStart, edgeChar, edgeTarget, key));
  }

  /** Returns where the keys of the trie held in these arrays may start. */
  private static StartFilter startFilter(int[] edgeStart, char[] edgeChar, int[] edgeTarget, int[] key) {
    StartFilter.Builder starts = StartFilter.builder();
    for (int e = edgeStart[ROOT]; e < edgeStart[ROOT + 1]; e++) {
      int v = edgeTarget[e];
      if (key[v] >= 0) {
        starts.single(edgeChar[e]);
      }
      for (int f = edgeStart[v]; f < edgeStart[v + 1]; f++) {
        int w = edgeTarget[f];
        if (key[w] >= 0) {
          starts.pair(edgeChar[e], edgeChar[f]);
        }
        for (int g = edgeStart[w]; g < edgeStart[w + 1]; g++) {
          starts.triple(edgeChar[e], edgeChar[f], edgeChar[g]);
        }
      }
    }
    return starts.build();
  }

  /**
   * Sorts {@code order[lo, hi)}, indices of keys sharing their first {@code d} units, by the keys: a three-way
   * radix quicksort, which compares each unit of a shared prefix once instead of once per comparison.
   */
  private static void sort(String[] keys, int[] order, int lo, int hi, int d) {
    while (hi - lo > 1) {
      if (hi - lo < 16) {
        for (int i = lo + 1; i < hi; i++) {
          for (int j = i; j > lo && keys[order[j]].compareTo(keys[order[j - 1]]) < 0; j--) {
            swap(order, j, j - 1);
          }
        }
        return;
      }
      int pivot = median(unitAt(keys[order[lo]], d), unitAt(keys[order[lo + (hi - lo) / 2]], d),
          unitAt(keys[order[hi - 1]], d));
      int lt = lo;
      int gt = hi - 1;
      int i = lo;
      while (i <= gt) {
        int c = unitAt(keys[order[i]], d);
        if (c < pivot) {
          swap(order, lt++, i++);
        } else if (c > pivot) {
          swap(order, i, gt--);
        } else {
          i++;
        }
      }
      // Recurse into the parts below and above the pivot unit; loop on the middle part, one unit deeper.
      sort(keys, order, lo, lt, d);
      sort(keys, order, gt + 1, hi, d);
      if (pivot < 0) {
        return;
      }
      lo = lt;
      hi = gt + 1;
      d++;
    }
  }

  private static int median(int a, int b, int c) {
    return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
  }

  private static int unitAt(String key, int d) {
    return d < key.length() ? key.charAt(d) : -1;
  }

  private static void swap(int[] a, int i, int j) {
    int t = a[i];
    a[i] = a[j];
    a[j] = t;
  }

  /** Returns the length of the longest key. */
  public int maxKeyLength() {
    return maxDepth;
  }

  /** Returns the number of trie nodes. */
  int nodeCount() {
    return depth.length;
  }

  /**
   * Reports to {@code sink} the non-overlapping matches in the first {@code n} units of {@code text} that
   * {@code filter} accepts, choosing at each step the leftmost start and, among matches starting there, the
   * longest: matches of the keys of this automaton and of {@code anchored} (null: none) together, where keys of
   * {@code anchored} are looked for only at the start of the text and where {@code anchor} allows, which it never
   * does after a unit of {@code closed} (one bit per unit). Keys of both must report distinct ids.
   *
   * <p>Why two automata: a whole-word key of an alphabetic script can only start after a non-word unit, so it is
   * looked for by a plain trie walk from such offsets, a few units per word and only where its {@link StartFilter}
   * allows it, instead of keeping an Aho–Corasick state through every letter of every word, where a large word list
   * keeps the automaton deep in sparse nodes and failure chains. The automaton then holds the other keys (Han,
   * symbols), and while it is at its root it steps over units that start no key of either kind with one bitmap
   * test each, and over units where its own filter rules out every key: staying at the root there loses nothing,
   * since a root state means no key occurrence spans the unit before. With a large list of short Han terms, a fifth
   * of all Han units start some term, but hardly any pair of them does.
   */
  void findLeftmostLongest(char[] text, int n, AhoCorasick anchored, Anchor anchor, long[] closed, Filter filter,
      Sink sink) {
    int longest = Math.max(maxDepth, anchored == null ? 0 : anchored.maxDepth);
    if (longest == 0) {
      return;
    }
    long[] firsts = this.firsts;
    long[] anchoredFirsts = anchored == null || anchored.maxDepth == 0 ? null : anchored.firsts;
    // Ring buffers of the best match per start position; live starts never span more than the longest key + 1.
    int mask = (Integer.highestOneBit(longest) << 1) - 1;
    int[] bestLength = new int[mask + 1];
    int[] bestKey = new int[mask + 1];
    int cursor = 0;
    // Largest start with a recorded candidate; while it is below the cursor there is nothing to settle.
    int lastCandidate = -1;
    int state = ROOT;
    for (int i = 0; i < n; i++) {
      if (state == ROOT) {
        // At the root, a tight loop steps over the units where no key of either kind can start, most of the text
        // (inside words, and units that start no key), and settles the starts it passed at once, as the per-unit
        // path below would have settled them one by one.
        int j = i;
        while (j < n) {
          char u = text[j];
          if ((firsts[u >>> 6] & 1L << u) != 0 || (anchoredFirsts != null && (anchoredFirsts[u >>> 6] & 1L << u) != 0
              && (j == 0 || (closed[text[j - 1] >>> 6] & 1L << text[j - 1]) == 0))) {
            break;
          }
          j++;
        }
        if (j > i && cursor < j) {
          cursor = lastCandidate < cursor ? j : settle(cursor, j, bestLength, bestKey, mask, sink);
        }
        if (j == n) {
          break;
        }
        i = j;
      }
      char c = text[i];
      long bit = 1L << c;
      if (anchoredFirsts != null && (anchoredFirsts[c >>> 6] & bit) != 0 && i >= cursor
          && (i == 0 || anchor.after(text[i - 1], i)) && anchored.starts.mayStart(text, n, i)) {
        // Anchored candidates are recorded when their start is reached, before any later start can settle.
        long found = anchored.walk(text, n, i, bestLength[i & mask], filter);
        if (found >= 0) {
          bestLength[i & mask] = (int) found;
          bestKey[i & mask] = (int) (found >>> 32);
          lastCandidate = i;
        }
      }
      if (state == ROOT && ((firsts[c >>> 6] & bit) == 0 || !starts.mayStart(text, n, i))) {
        // The automaton stays at its root, so no later match starts before i + 1: those starts are settled.
        if (cursor <= i) {
          cursor = lastCandidate < cursor ? i + 1 : settle(cursor, i + 1, bestLength, bestKey, mask, sink);
        }
        continue;
      }
      state = next(state, c);
      int end = i + 1;
      int m = meta[state];
      if ((m & 1) != 0) {
        for (int u = key[state] >= 0 ? state : output[state]; u != ROOT; u = output[u]) {
          int length = depth[u];
          int start = end - length;
          if (start >= cursor && length > bestLength[start & mask] && filter.accept(key[u], start, end)) {
            bestLength[start & mask] = length;
            bestKey[start & mask] = key[u];
            lastCandidate = Math.max(lastCandidate, start);
          }
        }
      }
      // No later match can start before end - depth[state]: the best match at those starts is final.
      int settled = end - (m >>> 1);
      if (cursor < settled) {
        cursor = lastCandidate < cursor ? settled : settle(cursor, settled, bestLength, bestKey, mask, sink);
      }
    }
    settle(cursor, n, bestLength, bestKey, mask, sink);
  }

  /**
   * Reports to {@code sink}, by end offset, every occurrence of every key in the first {@code n} units of
   * {@code text}, overlapping ones included (of equal keys only the one the automaton keeps). While at the root it
   * steps over units that start no key, as {@link #findLeftmostLongest} does.
   */
  public void findAll(char[] text, int n, Sink sink) {
    if (maxDepth == 0) {
      return;
    }
    long[] firsts = this.firsts;
    int state = ROOT;
    for (int i = 0; i < n; i++) {
      char c = text[i];
      if (state == ROOT && ((firsts[c >>> 6] & 1L << c) == 0 || !starts.mayStart(text, n, i))) {
        continue;
      }
      state = next(state, c);
      if ((meta[state] & 1) != 0) {
        for (int u = key[state] >= 0 ? state : output[state]; u != ROOT; u = output[u]) {
          sink.match(key[u], i + 1 - depth[u], i + 1);
        }
      }
    }
  }

  private static int settle(int cursor, int limit, int[] bestLength, int[] bestKey, int mask, Sink sink) {
    while (cursor < limit) {
      int length = bestLength[cursor & mask];
      if (length == 0) {
        cursor++;
        continue;
      }
      sink.match(bestKey[cursor & mask], cursor, cursor + length);
      for (int s = cursor; s < cursor + length; s++) {
        bestLength[s & mask] = 0;
      }
      cursor += length;
    }
    return cursor;
  }

  /**
   * Returns the longest key starting at {@code from} of the first {@code n} units of {@code text}, longer than
   * {@code atLeast} units, that {@code filter} accepts, as {@code id << 32 | length}, or -1 if there is none;
   * follows trie edges only.
   */
  private long walk(char[] text, int n, int from, int atLeast, Filter filter) {
    long best = -1;
    int v = ROOT;
    for (int j = from; j < n; j++) {
      v = descend(v, text[j]);
      if (v == ROOT) {
        break;
      }
      int length = j + 1 - from;
      if (key[v] >= 0 && length > atLeast && filter.accept(key[v], from, j + 1)) {
        best = (long) key[v] << 32 | length;
      }
    }
    return best;
  }

  /**
   * Says whether some key occurs in {@code text[from, n)}: one pass from the root over those units, which finds every
   * occurrence that starts at or after {@code from}.
   */
  public boolean occursIn(char[] text, int from, int n) {
    int state = ROOT;
    for (int i = from; i < n; i++) {
      state = next(state, text[i]);
      if ((meta[state] & 1) != 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns the earliest start {@code s} in {@code [e - longest key, e]} such that {@code text[s, e)} is a prefix of
   * some key (the trie walk from {@code s} is still inside the trie at {@code e}), or {@code e} if there is none:
   * the earliest start of an occurrence that more units after {@code e} could still complete or extend. The
   * automaton's state after reading {@code text[e - longest key, e)} is the longest suffix that is a key prefix, so one
   * pass over those units (a table lookup each for ASCII) answers, instead of a trie walk from every candidate start.
   */
  public int liveStart(char[] text, int e) {
    int state = ROOT;
    for (int j = Math.max(0, e - maxDepth); j < e; j++) {
      state = next(state, text[j]);
    }
    return e - depth[state];
  }

  /** Returns the child of node {@code v} on unit {@code c}, or the root when there is none (no failure links). */
  private int descend(int v, char c) {
    if (v == ROOT) {
      return rootNext[c];
    }
    if (c < 128) {
      if (v < denseNodes) {
        // A dense row holds failure transitions too; those lead to nodes no deeper than v.
        int t = asciiNext[v * 128 + c];
        return depth[t] == depth[v] + 1 ? t : ROOT;
      }
    } else if ((used[c >>> 6] & 1L << c) == 0) {
      return ROOT;
    }
    return child(v, c);
  }

  private int next(int state, char c) {
    if (c >= 128 && (used[c >>> 6] & 1L << c) == 0) {
      return ROOT;
    }
    while (state != ROOT) {
      if (c < 128 && state < denseNodes) {
        return asciiNext[state * 128 + c];
      }
      int t = child(state, c);
      if (t != ROOT) {
        return t;
      }
      state = fail[state];
    }
    return rootNext[c];
  }

  private int child(int v, char c) {
    int lo = edgeStart[v];
    int hi = edgeStart[v + 1];
    if (hi - lo <= LINEAR_SCAN_MAX) {
      for (int e = lo; e < hi; e++) {
        if (edgeChar[e] == c) {
          return edgeTarget[e];
        }
      }
      return ROOT;
    }
    hi--;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      char m = edgeChar[mid];
      if (m < c) {
        lo = mid + 1;
      } else if (m > c) {
        hi = mid - 1;
      } else {
        return edgeTarget[mid];
      }
    }
    return ROOT;
  }
}
