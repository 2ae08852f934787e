package io.kexin.gateway.text;

import java.util.Arrays;

/**
 * Maps each unit of a decoded text to the span of the original it came from, in pieces: a run of units copied one for
 * one from consecutive original units is one piece (its first unit's offset), and a unit decoded from a longer span
 * (an escape, a character reference, a surrogate pair) is a piece with its span. A text with a few invisible
 * characters or escapes, such as the parts of a message joined by {@link io.kexin.gateway.content.TextSegment#PART_BREAK},
 * then holds a few pieces instead of two offsets per unit: written by hand because the decoding of every inspected
 * text that holds something to decode builds one, and the two per-unit arrays and their trimmed copies were most of
 * what an inspection allocated. Built once by {@link DecodedText}, then immutable.
 */
final class SpanMap {
  /** Per piece, its first decoded unit; units up to the next piece's first (or {@link #length}) belong to it. */
  private int[] first;
  /** Per piece, the original offset where its first unit's span starts. */
  private int[] start;
  /** Per piece, the original offset where each of its units' span ends, or -1 for a run of one-for-one copies. */
  private int[] end;
  /** How many pieces there are. */
  private int pieces;
  /** How many decoded units are mapped. */
  private int length;

  SpanMap() {
    first = new int[8];
    start = new int[8];
    end = new int[8];
  }

  /** Maps the next decoded unit to the original span {@code [from, to)}. */
  void add(int from, int to) {
    int p = pieces - 1;
    if (to == from + 1) {
      if (p < 0 || end[p] >= 0 || start[p] + (length - first[p]) != from) {
        piece(from, -1);
      }
    } else if (p < 0 || end[p] != to || start[p] != from) {
      piece(from, to);
    }
    length++;
  }

  /** Maps the next {@code count} decoded units to the original units from {@code from} on, one for one. */
  void copy(int from, int count) {
    if (count <= 0) {
      return;
    }
    add(from, from + 1);
    length += count - 1;
  }

  private void piece(int from, int to) {
    if (pieces == first.length) {
      int grown = pieces * 2;
      first = Arrays.copyOf(first, grown);
      start = Arrays.copyOf(start, grown);
      end = Arrays.copyOf(end, grown);
    }
    first[pieces] = length;
    start[pieces] = from;
    end[pieces++] = to;
  }

  /** Returns how many decoded units are mapped. */
  int length() {
    return length;
  }

  /** Returns the original offset where the span of decoded unit {@code k} ({@code 0 <= k < length}) starts. */
  int startOf(int k) {
    int p = pieceOf(k);
    return end[p] < 0 ? start[p] + (k - first[p]) : start[p];
  }

  /** Returns the original offset where the span of decoded unit {@code k} ({@code 0 <= k < length}) ends. */
  int endOf(int k) {
    int p = pieceOf(k);
    return end[p] < 0 ? start[p] + (k - first[p]) + 1 : end[p];
  }

  /**
   * Returns the first decoded unit whose span starts at {@code offset} or after, or {@link #length} when none does:
   * the spans' starts never decrease.
   */
  int firstStartingAt(int offset) {
    // the first piece whose last unit starts at the offset or after
    int lo = 0;
    int hi = pieces;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (lastStart(mid) < offset) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    if (lo == pieces) {
      return length;
    }
    return end[lo] < 0 ? first[lo] + Math.max(0, offset - start[lo]) : first[lo];
  }

  /** Returns the original offset where the span of the last unit of piece {@code p} starts. */
  private int lastStart(int p) {
    int last = (p + 1 < pieces ? first[p + 1] : length) - 1;
    return end[p] < 0 ? start[p] + (last - first[p]) : start[p];
  }

  /** Returns the piece that holds decoded unit {@code k}. */
  private int pieceOf(int k) {
    int lo = 0;
    int hi = pieces - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (first[mid] <= k) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }
}
