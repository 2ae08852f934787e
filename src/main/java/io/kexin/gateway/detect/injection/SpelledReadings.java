package io.kexin.gateway.detect.injection;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the sentences around words spelled to slip past cue lists — leet digits for letters ({@code 1gn0r3 4ll
 * pr3v10u5}) and letters one separator apart ({@code I.g.n.o.r.e}) — with those words written plainly and their
 * neighbours kept, so that a cue chain that runs across a spelled word and plain ones is found. Normalization cannot
 * do this for every detector (digits stay digits for numbers and identifiers); Cyrillic and Greek look-alikes and
 * spaced Han characters are folded there already. Stateless and thread-safe.
 */
final class SpelledReadings {
  /** Context kept on each side of a spelled word, in units. */
  static final int CONTEXT = 120;
  /** Fewest units of a word that opens a reading by itself. */
  private static final int MIN_OPENING = 4;
  /** Most units of a leet word: longer runs are identifiers, keys and hashes. */
  private static final int MAX_WORD = 20;

  /**
   * One reading: the spelled word or run at original units {@code [start, end)} and its context read as {@code text},
   * where the word is read at {@code changed} ({@code from, to}).
   */
  record Reading(int start, int end, String text, int[] changed) {
    /** Says whether {@code [from, to)} of {@link #text} overlaps a range that was spelled in the original. */
    boolean touches(int from, int to) {
      for (int k = 0; k + 1 < changed.length; k += 2) {
        if (from < changed[k + 1] && changed[k] < to) {
          return true;
        }
      }
      return false;
    }
  }

  private SpelledReadings() {}

  /**
   * Returns the readings of {@code text}, given its letter-spaced runs {@code spaced} (from {@link SpacedLetters}),
   * at most {@code budget} units in all: one per run and per word of at least {@value #MIN_OPENING} units spelled with
   * a leet digit before a letter ({@code llama3} or {@code sha1} is none), covering {@value #CONTEXT} units on each
   * side with every spelled word inside read plainly, its {@code changed} range that word alone. A word's reading thus
   * depends on nothing further than {@value #CONTEXT} units from it.
   */
  static List<Reading> find(String text, List<Payloads.Decoded> spaced, int budget) {
    return find(text, spaced, mayOpen(text), budget);
  }

  /**
   * Returns what {@link #find(String, List, int)} returns, told by {@code leet} whether {@code text} holds a leet
   * digit right before an ASCII letter (as {@link PayloadGates#leet} says), so that it does not read the text for it.
   */
  static List<Reading> find(String text, List<Payloads.Decoded> spaced, boolean leet, int budget) {
    if (spaced.isEmpty() && !leet) {
      return List.of();
    }
    List<int[]> spans = spans(text, spaced);
    List<Reading> out = new ArrayList<>();
    int left = budget;
    int n = text.length();
    for (int[] opening : spans) {
      if (opening[2] == 0 || left <= 0) {
        continue;
      }
      int from = Math.max(0, opening[0] - CONTEXT);
      int to = Math.min(n, opening[1] + CONTEXT);
      StringBuilder b = new StringBuilder(to - from + 16);
      int[] changed = new int[2];
      int at = from;
      for (int[] s : spans) {
        if (s[0] < at || s[1] > to) {
          continue;
        }
        b.append(text, at, s[0]);
        if (s == opening) {
          changed[0] = b.length();
        }
        if (s[3] >= 0) {
          b.append(spaced.get(s[3]).text());
        } else {
          for (int u = s[0]; u < s[1]; u++) {
            char c = text.charAt(u);
            char l = leetLetter(c);
            b.append(l == 0 ? c : l);
          }
        }
        if (s == opening) {
          changed[1] = b.length();
        }
        at = s[1];
      }
      b.append(text, at, to);
      out.add(new Reading(opening[0], opening[1], b.toString(), changed));
      left -= b.length();
    }
    return out;
  }

  /**
   * Returns where the earliest reading that more text could still create or change may start in {@code text}: the
   * start of a spelled word or letter-spaced run (given as {@code spaced}) whose context still reaches the end, or of
   * a Latin word the end may still be extending; {@code text.length()} when there is none.
   */
  static int liveStart(String text, List<Payloads.Decoded> spaced) {
    int n = text.length();
    int live = n;
    for (int[] s : spans(text, spaced)) {
      if (s[1] + CONTEXT >= n) {
        live = Math.min(live, s[0]);
      }
    }
    int k = n;
    while (k > 0 && asciiWordUnit(text.charAt(k - 1)) && n - k <= MAX_WORD) {
      k--;
    }
    return k < n ? Math.min(live, k) : live;
  }

  /**
   * Returns the spelled spans of {@code text} in order, as {@code (start, end, opens, run)}: words spelled with leet
   * digits ({@code opens} 1 where such a word opens a reading, {@code run} -1) and the letter-spaced runs of
   * {@code spaced} ({@code opens} 1, {@code run} their index).
   */
  private static List<int[]> spans(String text, List<Payloads.Decoded> spaced) {
    int n = text.length();
    List<int[]> spans = new ArrayList<>();
    for (int i = 0; i < n; ) {
      char c = text.charAt(i);
      if (!asciiWordUnit(c) || i > 0 && asciiWordUnit(text.charAt(i - 1))) {
        i++;
        continue;
      }
      int e = i;
      int letters = 0;
      int leet = 0;
      boolean other = false;
      boolean inside = false;
      while (e < n && asciiWordUnit(text.charAt(e))) {
        char u = text.charAt(e);
        if (isLetter(u)) {
          letters++;
          inside |= e > i && leetLetter(text.charAt(e - 1)) != 0;
        } else if (leetLetter(u) != 0) {
          leet++;
        } else {
          other = true;
        }
        e++;
      }
      if (!other && leet > 0 && letters >= 2 && e - i <= MAX_WORD) {
        spans.add(new int[] {i, e, inside && e - i >= MIN_OPENING ? 1 : 0, -1});
      }
      i = e;
    }
    for (int r = 0; r < spaced.size(); r++) {
      Payloads.Decoded d = spaced.get(r);
      spans.removeIf(s -> s[0] < d.end() && d.start() < s[1]);
      spans.add(new int[] {d.start(), d.end(), 1, r});
    }
    spans.sort((a, b) -> Integer.compare(a[0], b[0]));
    return spans;
  }

  /** Says whether {@code text} holds a leet digit right before an ASCII letter: without one no word opens a reading. */
  static boolean mayOpen(String text) {
    for (int i = 1, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
        char d = text.charAt(i - 1);
        if (d >= '0' && d <= '9' && leetLetter(d) != 0) {
          return true;
        }
      }
    }
    return false;
  }

  /** Returns the letter a leet digit stands for, or 0. */
  static char leetLetter(char c) {
    return switch (c) {
      case '0' -> 'o';
      case '1' -> 'i';
      case '3' -> 'e';
      case '4' -> 'a';
      case '5' -> 's';
      case '7' -> 't';
      default -> 0;
    };
  }

  private static boolean isLetter(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
  }

  private static boolean asciiWordUnit(char c) {
    return isLetter(c) || c >= '0' && c <= '9';
  }
}
