package io.kexin.gateway.detect;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.text.NormalizedText;
import io.kexin.gateway.text.Normalizer;
import io.kexin.gateway.text.ScanText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the cue terms of several detectors (the injection heuristics and the harm lists) in one walk over a scan
 * text's normalized form instead of one walk each: one {@link CueAutomaton} over every detector's terms, whose
 * occurrences each detector reads back as its own {@link Part}, numbered as in its own automaton and in the same
 * order (by start, then end, then term), so it finds exactly what its own walk finds. Computed once per scan text
 * ({@link ScanText.Derivation}, keyed by identity). Immutable and thread-safe.
 */
public final class CueWalk implements ScanText.Derivation<int[]> {
  private final Normalizer normalizer;
  private final CueAutomaton automaton;
  private final List<Part> parts;

  /** One detector's terms in the walk: terms {@code [from, to)} of the walk are its terms {@code 0 .. to - from}. */
  public static final class Part {
    private final CueWalk walk;
    private final int from;
    private final int to;

    private Part(CueWalk walk, int from, int to) {
      this.walk = walk;
      this.from = from;
      this.to = to;
    }

    /** Says whether the walk can serve {@code text}: it normalizes with the walk's normalizer. */
    public boolean serves(ScanText text) {
      return text.normalizer() == walk.normalizer;
    }

    /**
     * Reports the occurrences of this part's terms in the whole normalized form of {@code text} (which the walk must
     * {@link #serves serve}), as the part's own {@link CueAutomaton#findAll(char[], int, CueAutomaton.Sink)} would.
     */
    public void findAll(ScanText text, CueAutomaton.Sink sink) {
      int[] found = text.derived(walk);
      for (int k = 1, end = 1 + found[0]; k < end; k += 3) {
        int term = found[k];
        if (term >= from && term < to) {
          sink.found(term - from, found[k + 1], found[k + 2]);
        }
      }
    }

    /**
     * Says whether the walk over {@code text} (which the walk must {@link #serves serve}) has been made already: a
     * detector that only asks whether its terms occur can then read the answer instead of making its own pass.
     */
    public boolean walked(ScanText text) {
      return text.hasDerived(walk);
    }

    /**
     * Says whether a term of this part occurs in the normalized form of {@code text} (which the walk must
     * {@link #serves serve}) where {@link #findAll} reports it: not one starting with an ASCII letter or digit
     * inside a word.
     */
    public boolean occurs(ScanText text) {
      int[] found = text.derived(walk);
      for (int k = 1, end = 1 + found[0]; k < end; k += 3) {
        if (found[k] >= from && found[k] < to) {
          return true;
        }
      }
      return false;
    }

    /**
     * Returns at least the number of occurrences {@link #findAll} reports for {@code text}: every part's, so that a
     * caller can size its buffer once instead of growing it.
     */
    public int bound(ScanText text) {
      return text.derived(walk)[0] / 3;
    }

    @Override
    public String toString() {
      return "CueWalk.Part[terms " + from + ".." + to + "]";
    }
  }

  private CueWalk(Normalizer normalizer, List<List<String>> terms) {
    this.normalizer = requireNonNull(normalizer, "normalizer");
    List<String> all = new ArrayList<>();
    List<Part> made = new ArrayList<>(terms.size());
    for (List<String> t : terms) {
      made.add(new Part(this, all.size(), all.size() + t.size()));
      all.addAll(t);
    }
    this.automaton = CueAutomaton.build(all);
    this.parts = List.copyOf(made);
  }

  /**
   * Returns one walk over the texts that {@code normalizer} normalizes for the term lists {@code terms}, each the
   * terms of one detector's {@link CueAutomaton} in its order; part {@code i} serves list {@code i}.
   */
  public static CueWalk of(Normalizer normalizer, List<List<String>> terms) {
    return new CueWalk(normalizer, requireNonNull(terms, "terms"));
  }

  /** Returns the part that serves term list {@code i}. */
  public Part part(int i) {
    return parts.get(i);
  }

  /**
   * Returns every occurrence in the normalized form of {@code text} as {@code (term, start, end)} triples from index 1
   * on, index 0 holding how many units of the array they fill: the buffer is sized from the text (a 2 KB prompt holds
   * about 160 occurrences) and kept as it is, where one grown from 96 units and copied to its length allocated about
   * 4 KB a request.
   */
  @Override
  public int[] derive(ScanText text) {
    if (text.normalizer() != normalizer) {
      throw new IllegalArgumentException("text normalizes with another normalizer (expected: the walk's)");
    }
    NormalizedText norm = text.normalized();
    int[][] buffer = {new int[Math.max(97, Math.min(1 + norm.length() / 4, 1 << 16))]};
    int[] size = {1};
    automaton.findAll(norm.units(), norm.length(), (term, s, e) -> {
      if (size[0] + 3 > buffer[0].length) {
        buffer[0] = Arrays.copyOf(buffer[0], buffer[0].length * 2);
      }
      int[] b = buffer[0];
      b[size[0]++] = term;
      b[size[0]++] = s;
      b[size[0]++] = e;
    });
    buffer[0][0] = size[0] - 1;
    return buffer[0];
  }

  @Override
  public String toString() {
    return "CueWalk[" + parts.size() + " parts]";
  }
}
