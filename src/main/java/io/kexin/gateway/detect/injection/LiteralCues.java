package io.kexin.gateway.detect.injection;

import io.kexin.gateway.detect.CueAutomaton;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the injection heuristics' literal cues (chat-template tokens, fake headers and role lines, HTML comment marks,
 * hiding styles) in a text's original units, ASCII case folded, without a walk from every word start of clean prose:
 * the terms that count only at the start of a line ({@code ^### system}, {@code ^user:}) are walked from line starts
 * alone, and the others only when the text holds one of their anchors, a unit that is no small ASCII letter, digit or
 * space and that each of them holds ({@code <}, {@code [}, {@code 【}, {@code :}, {@code -}), which a
 * pass of one bit test per unit finds in a fraction of a walk's time. Reports what one {@link CueAutomaton#findAll} over
 * every term reports, less the line-start terms away from a line start, which the detector drops anyway; in another
 * order (its caller sorts them). Written by hand because it runs on every request text, where the walk from each word
 * start (about a quarter of a prompt's units) found nothing. Immutable and thread-safe.
 */
final class LiteralCues {
  /** Most anchors looked for; terms that need more are walked on every text. */
  private static final int MAX_ANCHORS = 8;
  private final CueAutomaton anywhere;
  /** Per term of {@link #anywhere}, its index among all literal terms. */
  private final int[] anywhereTerm;
  /** The units of which a text must hold one for a term of {@link #anywhere} to occur; null: walk every text. */
  private final char[] anchors;
  private final CueAutomaton lines;
  /** Whether a line break is among the anchors. */
  private final boolean breakAnchors;
  /** One bit per unit that {@link #findAll} stops at: the anchors (none when they do not gate) and the line breaks. */
  private final long[] marks = new long[0x10000 >>> 6];
  /** Per term of {@link #lines}, its index among all literal terms. */
  private final int[] lineTerm;
  /** Whether {@link PayloadGates#marked} answers whether a text holds an anchor: every anchor is a gates mark. */
  private final boolean gatesMark;

  private LiteralCues(List<String> keys, int[] flags) {
    List<String> anywhereKeys = new ArrayList<>();
    List<Integer> anywhereIds = new ArrayList<>();
    List<String> lineKeys = new ArrayList<>();
    List<Integer> lineIds = new ArrayList<>();
    StringBuilder anchorUnits = new StringBuilder();
    boolean gated = true;
    for (int t = 0; t < keys.size(); t++) {
      String key = keys.get(t);
      if ((flags[t] & Heuristics.LINE_START) != 0) {
        lineKeys.add(key);
        lineIds.add(t);
        continue;
      }
      anywhereKeys.add(key);
      anywhereIds.add(t);
      int anchor = anchor(key);
      if (anchor < 0) {
        gated = false;
      } else if (anchorUnits.indexOf(String.valueOf((char) anchor)) < 0) {
        anchorUnits.append((char) anchor);
      }
    }
    this.anywhere = CueAutomaton.build(anywhereKeys);
    this.anywhereTerm = anywhereIds.stream().mapToInt(Integer::intValue).toArray();
    this.anchors = gated && anchorUnits.length() <= MAX_ANCHORS ? anchorUnits.toString().toCharArray() : null;
    this.lines = CueAutomaton.build(lineKeys);
    this.breakAnchors = anchors != null && (anchorUnits.indexOf("\n") >= 0 || anchorUnits.indexOf("\r") >= 0);
    for (char c : anchors == null ? new char[] {'\n', '\r'} : (anchorUnits + "\n\r").toCharArray()) {
      marks[c >>> 6] |= 1L << c;
    }
    this.lineTerm = lineIds.stream().mapToInt(Integer::intValue).toArray();
    this.gatesMark = anchors != null && anchorUnits.chars().allMatch(c -> c == '\n' || c == '\r'
        || PayloadGates.MARKS.indexOf(c) >= 0);
  }

  /**
   * Returns the literal cues {@code keys} (lower case), term {@code i} with the {@link Heuristics} flags
   * {@code flags[i]}, reported by their index in {@code keys}.
   */
  static LiteralCues of(List<String> keys, int[] flags) {
    if (keys.size() != flags.length) {
      throw new IllegalArgumentException("flags: " + flags.length + " (expected: one per key, " + keys.size() + ")");
    }
    return new LiteralCues(keys, flags);
  }

  /**
   * Returns the unit of {@code key} that a text must hold as it is for the key to occur with ASCII capitals folded:
   * its first unit that is no small ASCII letter, digit or space (a capital folds from itself alone; a space is in
   * nearly every text), or failing that its first unit that is no small letter or digit; -1 when it has none.
   */
  private static int anchor(String key) {
    int fallback = -1;
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
        continue;
      }
      if (c != ' ') {
        return c;
      }
      fallback = fallback < 0 ? c : fallback;
    }
    return fallback;
  }

  /**
   * Reports the literal cues in the first {@code limit} units of {@code u}, the units of {@code original}, ASCII case
   * folded: every occurrence {@link CueAutomaton#findAll} over all the terms reports, except those of line-start terms
   * that do not start a line (after spaces and tabs at most), in no set order. One pass over the units finds the line
   * breaks and whether an anchor occurs: a loop of one bit test per unit, where {@link String#indexOf(int)} per
   * anchor and line break read the text seven times (this JVM runs it as a plain loop, not vectorized).
   */
  void findAll(String original, char[] u, int limit, CueAutomaton.Sink sink) {
    CueAutomaton.Sink line = (term, s, e) -> sink.found(lineTerm[term], s, e);
    walkLine(u, limit, 0, line);
    long[] marks = this.marks;
    boolean anchored = anchors == null;
    for (int k = 0; k < limit; k++) {
      char c = u[k];
      if ((marks[c >>> 6] & 1L << c) == 0) {
        continue;
      }
      if (c == '\n' || c == '\r') {
        walkLine(u, limit, k + 1, line);
        anchored |= breakAnchors;
      } else {
        anchored = true;
      }
    }
    if (anchored) {
      anywhere.findAll(u, limit, true, (term, s, e) -> sink.found(anywhereTerm[term], s, e));
    }
  }

  /**
   * Reports what {@link #findAll(String, char[], int, CueAutomaton.Sink)} reports, reading from {@code gates}, the
   * {@link PayloadGates} of the whole of {@code u}, whether an anchor occurs and where the first line break is, so
   * that a text without line breaks is not read again here; without gates that answer for its anchors, it reads the
   * units itself.
   */
  void findAll(String original, char[] u, int limit, PayloadGates gates, CueAutomaton.Sink sink) {
    if (!gatesMark) {
      findAll(original, u, limit, sink);
      return;
    }
    CueAutomaton.Sink line = (term, s, e) -> sink.found(lineTerm[term], s, e);
    walkLine(u, limit, 0, line);
    boolean anchored = gates.marked();
    for (int k = gates.firstBreak(); k < limit; k++) {
      char c = u[k];
      if (c == '\n' || c == '\r') {
        walkLine(u, limit, k + 1, line);
        anchored |= breakAnchors;
      }
    }
    if (anchored) {
      anywhere.findAll(u, limit, true, (term, s, e) -> sink.found(anywhereTerm[term], s, e));
    }
  }

  /**
   * Walks the line-start terms from {@code origin}, where a line begins, and from each unit after the spaces and
   * tabs that open the line.
   */
  private void walkLine(char[] u, int limit, int origin, CueAutomaton.Sink sink) {
    for (int p = origin; p < limit; p++) {
      lines.findAt(u, limit, p, true, sink);
      if (u[p] != ' ' && u[p] != '\t') {
        return;
      }
    }
  }
}
