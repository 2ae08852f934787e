package io.kexin.gateway.detect.keyword;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.text.NormalizedText;
import io.kexin.gateway.text.Normalizer;
import io.kexin.gateway.text.ScanText;

/**
 * Answers what a stream asks the keyword detectors of a set about one held text from the normalization of its end
 * only, not of the whole text: where a term may still be live, and whether a term occurs from a given index. The
 * tail starts where normalization restarts ({@link Normalizer#restartAtOrBefore}), so its units are the last units
 * of the whole text's normalization, with the same spans; one instance serves every detector of the set, so the
 * tail is normalized and walked once per text, not once per detector. Immutable and thread-safe; the {@link Tail}
 * it derives is confined to the text's thread, like the {@link ScanText}.
 */
final class TailIndex implements ScanText.Derivation<TailIndex.Tail> {
  /** Original units taken, beyond the longest term, before the first tail is normalized. */
  private static final int MARGIN = 16;

  private final Normalizer normalizer;
  /** The automata whose terms the detectors look for: one over the terms of a whole set, or a detector's own. */
  private final AhoCorasick[] automata;
  private final int maxDepth;

  /** Creates an index over the terms of {@code automata}, in text that {@code normalizer} normalizes. */
  TailIndex(Normalizer normalizer, AhoCorasick... automata) {
    this.normalizer = requireNonNull(normalizer, "normalizer");
    this.automata = automata.clone();
    int depth = 0;
    for (AhoCorasick a : automata) {
      depth = Math.max(depth, a.maxKeyLength());
    }
    this.maxDepth = depth;
  }

  /** Returns the tail of {@code text}, shared by the detectors that ask, computed on first use. */
  Tail of(ScanText text) {
    return text.derived(this);
  }

  @Override
  public Tail derive(ScanText text) {
    return new Tail(text.original());
  }

  @Override
  public String toString() {
    return "TailIndex[automata=" + automata.length + ", maxDepth=" + maxDepth + "]";
  }

  /**
   * Holds the normalization of one text from a restart index on, lengthened when a question needs more of it, and
   * the answers given so far. Not thread-safe.
   */
  final class Tail {
    private final String original;
    /** The original index where the tail starts; the original length before the first normalization. */
    private int from;
    private NormalizedText units;
    private int live = -1;
    private int askedFrom = -1;
    private boolean occurs;

    private Tail(String original) {
      this.original = original;
      this.from = original.length();
    }

    /**
     * Returns where the earliest term occurrence that more text could still create or change may start, as
     * {@link KeywordDetector#liveFrom} defines it for the terms of every automaton of the index: the walk over the
     * units before the stable end reads the same units as over the whole text once the tail holds the longest term
     * before a letter or digit there, or the whole text.
     */
    int liveFrom() {
      if (live >= 0) {
        return live;
      }
      int n = original.length();
      int want = maxDepth + MARGIN;
      int p = n - want;
      while (true) {
        int q = p <= 0 ? 0 : normalizer.restartAtOrBefore(original, p);
        cover(q);
        if (from == 0 || stableEnough()) {
          break;
        }
        want *= 2;
        p = from - want;
      }
      int k = units.length();
      if (k == 0) {
        live = n;
        return live;
      }
      char[] u = units.units();
      int e = units.stableEnd();
      int s = e;
      for (AhoCorasick a : automata) {
        s = Math.min(s, a.liveStart(u, e));
      }
      live = s >= k ? n : from + units.originalStart(s);
      return live;
    }

    /**
     * Says whether some term of the index occurs in the whole text's normalization at a unit whose original start is
     * at least {@code at}: every such occurrence lies in a tail that starts at or before {@code at}, where a walk
     * from its first such unit finds it.
     */
    boolean occursFrom(int at) {
      if (at == askedFrom) {
        return occurs;
      }
      int n = original.length();
      boolean found = false;
      if (at < n) {
        if (from > at) {
          cover(at <= 0 ? 0 : normalizer.restartAtOrBefore(original, at));
        }
        int k = units.length();
        int w = k;
        // The first unit from original index at on: spans start in increasing order, and the tail is short.
        while (w > 0 && from + units.originalStart(w - 1) >= at) {
          w--;
        }
        char[] u = units.units();
        for (AhoCorasick a : automata) {
          if (a.occursIn(u, w, k)) {
            found = true;
            break;
          }
        }
      }
      askedFrom = at;
      occurs = found;
      return found;
    }

    /** Normalizes the text from original index {@code q} on, when the tail does not already start there or before. */
    private void cover(int q) {
      if (units != null && from <= q) {
        return;
      }
      from = q;
      // Short, and the answers read its offsets: built in the same pass.
      units = normalizer.normalizeWithOffsets(q == 0 ? original : original.substring(q));
    }

    /**
     * Says whether the tail's stable end falls on a letter or digit with at least the longest term's units before
     * it, so that the live walk reads the same units as over the whole text.
     */
    private boolean stableEnough() {
      int e = units.stableEnd();
      return units.length() > 0 && e >= maxDepth && Character.isLetterOrDigit(units.units()[e]);
    }
  }
}
