package io.kexin.gateway.detect;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.text.ScanText;
import java.util.List;

/**
 * Computes the findings of one detector once per scan text, however many rules and models read them: rules whose
 * detectors differ only in the score they report at ({@link SharedFindings}) and a model that stacks those findings
 * as features read one pass over the same text. Keyed by identity, as every {@link ScanText.Derivation} is. Immutable
 * and thread-safe if the detector is.
 */
public final class SharedScan implements ScanText.Derivation<List<Finding>> {
  private final Detector detector;

  private SharedScan(Detector detector) {
    this.detector = requireNonNull(detector, "detector");
  }

  /** Returns a shared pass of {@code detector}, which should report everything any reader needs (a low minimum). */
  public static SharedScan of(Detector detector) {
    return new SharedScan(detector);
  }

  /** Returns the detector that runs the pass. */
  public Detector detector() {
    return detector;
  }

  /** Returns the findings of the pass over {@code text}: computed on first use, then read from the text's cache. */
  public List<Finding> findings(ScanText text) {
    return text.derived(this);
  }

  @Override
  public List<Finding> derive(ScanText text) {
    return List.copyOf(detector.scan(text));
  }

  @Override
  public String toString() {
    return "SharedScan[" + detector + "]";
  }
}
