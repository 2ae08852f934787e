package io.kexin.gateway.detect;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.text.ScanText;
import java.util.ArrayList;
import java.util.List;

/**
 * Reports what a rule's own detector reports, read from a {@link SharedScan} of the same detector kind that reports
 * down to a lower score ({@code floor}): its findings scoring at least the rule's {@code minScore}, under the rule's
 * id. Reported scores are rounded to thousandths while the detector compares the exact score with its minimum, so a
 * finding within rounding of {@code minScore} cannot be told from the shared pass: the rule's own detector then
 * scans the text (rare; exact either way). Findings of one span and entity that the own detector would merge are
 * merged the same way (the highest score, the first of equals). Everything else (stream bounds, what it reads) is the
 * own detector's. Immutable and thread-safe if both detectors are.
 */
public final class SharedFindings implements Detector {
  /** Distance from {@code minScore} within which a rounded score cannot be told apart from it. */
  public static final double ROUNDING = 0.0006;
  private final String ruleId;
  private final SharedScan shared;
  private final double floor;
  private final Detector own;
  private final double minScore;

  private SharedFindings(String ruleId, SharedScan shared, double floor, Detector own, double minScore) {
    this.ruleId = requireNonNull(ruleId, "ruleId");
    this.shared = requireNonNull(shared, "shared");
    this.own = requireNonNull(own, "own");
    if (!canRead(floor, minScore)) {
      throw new IllegalArgumentException("minScore: " + minScore + " (expected: " + floor + ", or at least "
          + (floor + ROUNDING) + ")");
    }
    this.floor = floor;
    this.minScore = minScore;
  }

  /**
   * Returns the findings of {@code own} (rule {@code ruleId}, reporting from {@code minScore}) read from
   * {@code shared}, a pass of the same detector kind and settings reporting from {@code floor}.
   *
   * @throws IllegalArgumentException unless {@link #canRead}
   */
  public static SharedFindings of(String ruleId, SharedScan shared, double floor, Detector own, double minScore) {
    return new SharedFindings(ruleId, shared, floor, own, minScore);
  }

  /**
   * Says whether a pass reporting from {@code floor} holds every finding of a rule reporting from {@code minScore}:
   * the same minimum, or one above it by more than rounding.
   */
  public static boolean canRead(double floor, double minScore) {
    return minScore == floor || minScore >= floor + ROUNDING;
  }

  /** Returns the shared pass. */
  public SharedScan shared() {
    return shared;
  }

  /** Returns the rule's own detector. */
  public Detector own() {
    return own;
  }

  @Override
  public List<Finding> scan(ScanText text) {
    List<Finding> all = shared.findings(text);
    List<Finding> out = new ArrayList<>(Math.min(all.size(), 4));
    boolean filtered = minScore != floor;
    for (Finding f : all) {
      if (filtered && Math.abs(f.score() - minScore) < ROUNDING) {
        return own.scan(text);
      }
      if (filtered && f.score() < minScore) {
        continue;
      }
      Finding mine = new Finding(ruleId, f.entity(), f.start(), f.end(), f.score(), f.explanation(), f.category());
      Finding last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (last != null && last.start() == mine.start() && last.end() == mine.end()
          && last.entity().equals(mine.entity()) && last.category() == mine.category()) {
        if (mine.score() > last.score()) {
          out.set(out.size() - 1, mine);
        }
      } else {
        out.add(mine);
      }
    }
    return out;
  }

  @Override
  public int maxMatchLength() {
    return own.maxMatchLength();
  }

  @Override
  public int maxMatchLetters() {
    return own.maxMatchLetters();
  }

  @Override
  public int liveFrom(ScanText text) {
    return own.liveFrom(text);
  }

  @Override
  public boolean mayFindFrom(ScanText text, int from) {
    return own.mayFindFrom(text, from);
  }

  @Override
  public boolean readsInvisible() {
    return own.readsInvisible();
  }

  @Override
  public boolean blocks() {
    return own.blocks();
  }

  @Override
  public boolean findsCredentials() {
    return own.findsCredentials();
  }

  @Override
  public boolean judgesText() {
    return own.judgesText();
  }

  @Override
  public String toString() {
    return "SharedFindings[ruleId=" + ruleId + ", minScore=" + minScore + ", " + shared + "]";
  }
}
