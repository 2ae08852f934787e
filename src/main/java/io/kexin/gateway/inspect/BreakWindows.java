package io.kexin.gateway.inspect;

import io.kexin.gateway.content.TextSegment;
import io.kexin.gateway.detect.Detector;
import io.kexin.gateway.text.DecodedText;
import io.kexin.gateway.text.Normalizer;
import io.kexin.gateway.text.ScanText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts the text that rules read in a reading of joined texts ({@link TextSegment.Form#JOINED}, {@code TURNS},
 * {@code SIBLINGS}) into the windows around its part breaks where a finding across a break can still be: only such a
 * finding counts there. A match of a detector spans at most {@link Detector#maxMatchLength()} units, or
 * {@link Detector#maxMatchLetters()} letters with the reading around it, and reads at most as much before it (the
 * contract the stream relies on, {@link Detector#liveFrom}); so a match across a break at decoded index {@code d}
 * starts after {@code d - bound} and is final by {@code d + bound}, and a window from twice the bound before each
 * break to once the bound after it (twice on either side in letters), overlapping windows merged, finds every such
 * match exactly as the whole text does. Any match a window's cut ends make up lies within one bound of the cut, so
 * it crosses no break. Rules are grouped by their bound rounded up to a power of four, so that rules of one group share
 * one scan text per window (and the passes shared through it, which each scan text of its own runs again), and a
 * group's windows reach as far as the largest bound among its rules; a group whose windows would read more than half
 * of the text reads the whole text. Written by hand: it runs on every request's system-and-user reading, and lets a
 * conversation with a long system prompt or long turns read a few thousand units around the newest break instead of
 * everything again. Not thread-safe: one instance per reading.
 */
final class BreakWindows {
  /** Holds a window: its scan text and where it starts in the decoded text. */
  record Window(int start, ScanText text) {}

  /** Says when rules read windows: never (the whole text), when they read less, or always (for tests). */
  enum Use {
    NEVER, WHEN_SHORTER, ALWAYS
  }

  /** The smallest bound a group is rounded to. */
  private static final int LEAST = 16;
  /** Groups per kind of bound: powers of four from {@link #LEAST} up to 2^28. */
  private static final int GROUPS = (28 - Integer.numberOfTrailingZeros(LEAST)) / 2 + 1;
  /** Slots of a bounds array ({@link #bounds}): per group, units then letters; then the longest match in units. */
  private static final int SLOTS = 2 * GROUPS + 1;

  private final ScanText seen;
  /** Decoded indices of the part breaks: the unit after each break, ascending. */
  private final int[] breaks;
  /** Per group, the largest bound of the rules that read its windows ({@link #note}). */
  private final int[] bounds;
  /** The windows per group: units at {@code [0, GROUPS)}, letters after; null until asked. */
  private final List<Window>[] groups;
  /** The whole text as one window, for rules whose bound reaches past any text. */
  private final List<Window> whole;
  /** Whether rules read their windows however much of the text they read ({@link Use#ALWAYS}). */
  private boolean always;

  @SuppressWarnings("unchecked")
  private BreakWindows(ScanText seen, int[] breaks, int[] bounds) {
    this.seen = seen;
    this.breaks = breaks;
    this.bounds = bounds;
    this.groups = new List[2 * GROUPS];
    this.whole = List.of(new Window(0, seen));
  }

  /** Returns an array to {@link #note} the bounds of the rules that read a reading in. */
  static int[] bounds() {
    return new int[SLOTS];
  }

  /** Notes in {@code bounds} that a rule of {@code detector} reads the reading. */
  static void note(int[] bounds, Detector detector) {
    int slot = slot(detector);
    if (slot >= 0) {
      bounds[slot] = Math.max(bounds[slot], bound(detector));
    }
    bounds[SLOTS - 1] = Math.max(bounds[SLOTS - 1], detector.maxMatchLength());
  }

  /** Returns the bound of {@code detector}'s matches: in letters when it gives one, else in units. */
  private static int bound(Detector detector) {
    int letters = detector.maxMatchLetters();
    return letters >= 0 ? letters : detector.maxMatchLength();
  }

  /** Returns the group of {@code detector}'s bound, letters after units, or -1 when no window is shorter than a text. */
  private static int slot(Detector detector) {
    int bound = bound(detector);
    int group = (Math.max(0, 32 - Integer.numberOfLeadingZeros(Math.max(bound, LEAST) - 1)
        - Integer.numberOfTrailingZeros(LEAST)) + 1) / 2;
    return group >= GROUPS ? -1 : (detector.maxMatchLetters() >= 0 ? GROUPS : 0) + group;
  }

  /**
   * Returns the windows of {@code seen}, the scan text of {@code decoded}, the decoded form of {@code text}, a reading
   * of joined texts, for the rules whose bounds were noted in {@code bounds}; or null, when every rule reads the whole
   * text: with {@link Use#NEVER}, and with {@link Use#WHEN_SHORTER} when the windows of the longest bound would read
   * more than half of the text. The passes that rules share through one scan text (the literal automaton, the PII
   * walk) and each rule's fixed cost per text run again for every group's windows, which then cost more than the
   * shorter reads save.
   */
  static BreakWindows of(String text, DecodedText decoded, ScanText seen, int[] bounds, Use use) {
    return reads(seen, bounds, use) ? of(breaks(text, decoded), seen, bounds, use) : null;
  }

  /**
   * Says whether a reading whose scan text is {@code seen} may be read in windows at all ({@link #of} then needs its
   * breaks): not with {@link Use#NEVER}, nor with {@link Use#WHEN_SHORTER} when the text is shorter than three times
   * the longest bound, whose windows would read most of it.
   */
  static boolean reads(ScanText seen, int[] bounds, Use use) {
    return use != Use.NEVER && (use != Use.WHEN_SHORTER || 3L * bounds[SLOTS - 1] + 2 < seen.original().length());
  }

  /**
   * Returns the windows as {@link #of(String, DecodedText, ScanText, int[], Use)} does, for a reading that
   * {@link #reads} says may be read in windows, whose decoded break indices {@link #breaks} gave.
   */
  static BreakWindows of(int[] breaks, ScanText seen, int[] bounds, Use use) {
    BreakWindows windows = new BreakWindows(seen, breaks, bounds);
    windows.always = use == Use.ALWAYS;
    if (windows.always) {
      return windows;
    }
    return 2 * read(windows.spans(bounds[SLOTS - 1], false)) > seen.original().length() ? null : windows;
  }

  /**
   * Returns the decoded indices of the part breaks of {@code text}, a reading of joined texts whose decoded form is
   * {@code decoded}: ascending, each once (breaks that decode to one index give it once), in one pass over the text,
   * which the windows and the payload pass's check of its breaks share instead of a pass each.
   */
  static int[] breaks(String text, DecodedText decoded) {
    int[] breaks = new int[4];
    int k = 0;
    int last = -1;
    for (int at = text.indexOf(TextSegment.PART_BREAK); at >= 0; at = text.indexOf(TextSegment.PART_BREAK, at + 1)) {
      int d = decoded.identity() ? at : decoded.decodedIndex(at);
      if (d != last) {
        if (k == breaks.length) {
          breaks = Arrays.copyOf(breaks, 2 * k);
        }
        breaks[k++] = d;
        last = d;
      }
    }
    return k == breaks.length ? breaks : Arrays.copyOf(breaks, k);
  }

  /** Returns the windows that {@code detector} reads: in order, apart, together holding every match across a break. */
  List<Window> around(Detector detector) {
    int slot = slot(detector);
    if (slot < 0) {
      return whole;
    }
    List<Window> windows = groups[slot];
    if (windows == null) {
      // the largest bound of the group's rules; a rule not noted reads with its own, which the group's then is
      windows = cut(spans(Math.max(bounds[slot], bound(detector)), slot >= GROUPS));
      groups[slot] = windows;
    }
    return windows;
  }

  /**
   * Returns the merged spans of the windows around each break: {@code 2 * bound + 1} letters on either side for a bound in
   * letters; for a bound in units, {@code 2 * bound + 1} units before (a match across the break starts at most
   * {@code bound} before it and reads as much before its start) and {@code bound + 1} after (every match that starts
   * before the break is final by then, as {@link io.kexin.gateway.detect.Detector#liveFrom}'s default says).
   */
  private List<int[]> spans(int bound, boolean byLetters) {
    int n = seen.original().length();
    long reach = 2L * bound + 1;
    List<int[]> out = new ArrayList<>(2);
    int from = -1;
    int to = -1;
    for (int d : breaks) {
      int start = byLetters ? lettersBack(d, reach) : (int) Math.max(0, d - reach);
      int end = byLetters ? lettersAhead(d, reach) : (int) Math.min(n, d + bound + 1L);
      if (from >= 0 && start <= to) {
        to = Math.max(to, end);
        continue;
      }
      if (from >= 0) {
        out.add(new int[] {from, to});
      }
      from = start;
      to = end;
    }
    if (from >= 0) {
      out.add(new int[] {from, to});
    }
    return out;
  }

  /** Returns how many units {@code spans} hold. */
  private static long read(List<int[]> spans) {
    long read = 0;
    for (int[] s : spans) {
      read += s[1] - s[0];
    }
    return read;
  }

  /** Returns the windows of {@code spans}, or the whole text as one window when they read more than half of it. */
  private List<Window> cut(List<int[]> spans) {
    long read = read(spans);
    int n = seen.original().length();
    if (2 * read > n && !always || read == n) {
      return whole;
    }
    List<Window> out = new ArrayList<>(spans.size());
    for (int[] s : spans) {
      out.add(new Window(s[0], ScanText.of(seen.original().substring(s[0], s[1]))));
    }
    return out;
  }

  /** Returns the index of the {@code count}-th letter before index {@code end}, or 0 when there are fewer. */
  private int lettersBack(int end, long count) {
    // read through the string: this reads a few hundred units around a break, where the units' array would copy the
    // whole reading
    String u = seen.original();
    Normalizer normalizer = seen.normalizer();
    long seenLetters = 0;
    for (int i = end - 1; i >= 0; i--) {
      if (normalizer.emitsOwnUnit(u.charAt(i)) && ++seenLetters == count) {
        return i;
      }
    }
    return 0;
  }

  /** Returns the index after the {@code count}-th letter from index {@code from}, or the length when there are fewer. */
  private int lettersAhead(int from, long count) {
    String u = seen.original();
    Normalizer normalizer = seen.normalizer();
    long seenLetters = 0;
    int n = u.length();
    for (int i = from; i < n; i++) {
      if (normalizer.emitsOwnUnit(u.charAt(i)) && ++seenLetters == count) {
        return i + 1;
      }
    }
    return n;
  }
}
