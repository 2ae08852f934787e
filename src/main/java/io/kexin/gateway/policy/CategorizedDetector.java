package io.kexin.gateway.policy;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.detect.Detector;
import io.kexin.gateway.detect.Finding;
import io.kexin.gateway.detect.Opening;
import io.kexin.gateway.detect.RiskCategory;
import io.kexin.gateway.text.ScanText;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts the findings of a rule's detector in the rule's risk category, where the detector names none: how a site
 * extends a category with its own keyword list. Immutable and thread-safe if the detector is.
 */
record CategorizedDetector(Detector detector, RiskCategory category) implements Detector {
  CategorizedDetector {
    requireNonNull(detector, "detector");
    requireNonNull(category, "category");
  }

  @Override
  public List<Finding> scan(ScanText text) {
    List<Finding> found = detector.scan(text);
    List<Finding> out = new ArrayList<>(found.size());
    for (Finding f : found) {
      out.add(f.category() == null ? f.withCategory(category) : f);
    }
    return out;
  }

  @Override
  public int maxMatchLength() {
    return detector.maxMatchLength();
  }

  @Override
  public int maxMatchLetters() {
    return detector.maxMatchLetters();
  }

  @Override
  public int liveFrom(ScanText text) {
    return detector.liveFrom(text);
  }

  @Override
  public boolean mayFindFrom(ScanText text, int from) {
    return detector.mayFindFrom(text, from);
  }

  @Override
  public boolean judgesText() {
    return detector.judgesText();
  }

  @Override
  public boolean readsInvisible() {
    return detector.readsInvisible();
  }

  @Override
  public Opening opening() {
    return detector.opening();
  }

  @Override
  public boolean findsCredentials() {
    return detector.findsCredentials();
  }
}
