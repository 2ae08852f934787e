package io.kexin.gateway.detect.regex;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;
import org.apache.lucene.util.automaton.Automaton;
import org.apache.lucene.util.automaton.Transition;

/**
 * Holds what every match of a pattern must contain, derived when the pattern is built: one of {@code literals}
 * (case-folded, see {@link Literals}; empty when none is known) and a run of at least {@code digitRun} ASCII digits
 * (0 when none), with {@code alphabet}, the BMP units a match can consist of (null when any unit can appear).
 * {@code bound} is the longest match in UTF-16 units, -1 when unbounded. {@code startsWithLiteral} says that every
 * match starts with one of {@code literals} and looks at nothing before it. {@code minLength} is a lower bound on
 * the length of a match in UTF-16 units when {@code alphabet} is known, else 0. Immutable.
 */
record Condition(Set<String> literals, int digitRun, BitSet alphabet, int bound, boolean startsWithLiteral,
    int minLength) {
  /** Longest digit run looked for; longer requirements are cut to this, which stays a necessary condition. */
  static final int MAX_DIGIT_RUN = 32;
  /** Largest product automaton explored when deriving the digit run. */
  private static final int MAX_PRODUCT_STATES = 200_000;

  /** Most first units of a pattern taken as its literals (see {@link #firstUnits}). */
  static final int MAX_FIRST_UNITS = 64;

  static final Condition NONE = new Condition(Set.of(), 0, null, -1, false, 0);

  /** Returns whether the condition can rule texts out. */
  boolean present() {
    return !literals.isEmpty() || digitRun > 0;
  }

  /** Derives the condition of a pattern from its analysis; {@link #NONE} for nullable patterns. */
  static Condition of(PatternAnalyzer.Analysis analysis, int bound) {
    if (analysis.nullable()) {
      return NONE;
    }
    Automaton a = analysis.automaton();
    Set<String> literals = analysis.required() == null ? Set.of() : analysis.required();
    if (literals.isEmpty() && bound >= 0) {
      // Without a required literal the pattern would run on every text; its first units, when they are a few
      // rare ones (a class of Han characters), are a literal every match contains.
      literals = firstUnits(a);
    }
    int digitRun = a == null ? 0 : digitRun(a, Math.min(MAX_DIGIT_RUN, bound < 0 ? MAX_DIGIT_RUN : bound));
    BitSet alphabet = a == null ? analysis.alphabet() : alphabet(a);
    return new Condition(literals, digitRun, alphabet, bound,
        !literals.isEmpty() && bound >= 0 && literals.equals(analysis.prefixes()),
        a == null || alphabet == null ? 0 : shortest(a));
  }

  /**
   * Returns the units, folded, that every string {@code a} accepts starts with, when they are at most
   * {@link #MAX_FIRST_UNITS} units, none of them ASCII or a surrogate once folded (ASCII units are in nearly every
   * text, so they would rule nothing out); otherwise, or when {@code a} is null, none.
   */
  static Set<String> firstUnits(Automaton a) {
    if (a == null) {
      return Set.of();
    }
    Set<String> units = new HashSet<>();
    Transition t = new Transition();
    int count = a.initTransition(0, t);
    for (int i = 0; i < count; i++) {
      a.getNextTransition(t);
      if (t.min < 0x80 || t.max >= 0xD800 || t.max - t.min >= MAX_FIRST_UNITS) {
        return Set.of();
      }
      for (int c = t.min; c <= t.max; c++) {
        char folded = Literals.fold((char) c);
        if (folded < 0x80 || Character.isSurrogate(folded)) {
          return Set.of();
        }
        units.add(String.valueOf(folded));
      }
      if (units.size() > MAX_FIRST_UNITS) {
        return Set.of();
      }
    }
    return Set.copyOf(units);
  }

  /**
   * Returns the length of the shortest string {@code a} accepts, in code points (UTF-16 units when its alphabet
   * lies below the surrogates), or 0 when it accepts none.
   */
  static int shortest(Automaton a) {
    int[] depth = new int[a.getNumStates()];
    Arrays.fill(depth, -1);
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    depth[0] = 0;
    queue.add(0);
    Transition t = new Transition();
    while (!queue.isEmpty()) {
      int state = queue.poll();
      if (a.isAccept(state)) {
        return depth[state];
      }
      int count = a.initTransition(state, t);
      for (int i = 0; i < count; i++) {
        a.getNextTransition(t);
        if (depth[t.dest] < 0) {
          depth[t.dest] = depth[state] + 1;
          queue.add(t.dest);
        }
      }
    }
    return 0;
  }

  /** Returns the largest {@code n <= cap} such that every string {@code a} accepts has a run of n ASCII digits. */
  static int digitRun(Automaton a, int cap) {
    int n = 0;
    while (n < cap && !acceptsWithoutRun(a, n + 1)) {
      n++;
    }
    return n;
  }

  /** Returns whether {@code a} accepts a string whose ASCII digit runs are all shorter than {@code n}. */
  private static boolean acceptsWithoutRun(Automaton a, int n) {
    if ((long) a.getNumStates() * n > MAX_PRODUCT_STATES) {
      return true;
    }
    boolean[] seen = new boolean[a.getNumStates() * n];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    seen[0] = true;
    queue.add(0);
    Transition t = new Transition();
    while (!queue.isEmpty()) {
      int product = queue.poll();
      int state = product / n;
      int run = product % n;
      if (a.isAccept(state)) {
        return true;
      }
      int count = a.initTransition(state, t);
      for (int i = 0; i < count; i++) {
        a.getNextTransition(t);
        boolean digit = t.min <= '9' && t.max >= '0';
        boolean other = t.min < '0' || t.max > '9';
        if (digit && run + 1 < n) {
          visit(seen, queue, t.dest * n + run + 1);
        }
        if (other) {
          visit(seen, queue, t.dest * n);
        }
      }
    }
    return false;
  }

  private static void visit(boolean[] seen, ArrayDeque<Integer> queue, int product) {
    if (!seen[product]) {
      seen[product] = true;
      queue.add(product);
    }
  }

  /**
   * Returns the BMP units below the surrogates that {@code a} can read, or null when it reads any other unit or
   * {@code a} is null.
   */
  static BitSet alphabet(Automaton a) {
    if (a == null) {
      return null;
    }
    BitSet units = new BitSet(0xD800);
    Transition t = new Transition();
    for (int s = 0; s < a.getNumStates(); s++) {
      int count = a.initTransition(s, t);
      for (int i = 0; i < count; i++) {
        a.getNextTransition(t);
        if (t.max >= 0xD800) {
          return null;
        }
        units.set(t.min, t.max + 1);
      }
    }
    return units;
  }
}
