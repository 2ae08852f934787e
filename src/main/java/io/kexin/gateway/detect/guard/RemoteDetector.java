package io.kexin.gateway.detect.guard;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.detect.Detector;
import io.kexin.gateway.detect.Finding;
import io.kexin.gateway.detect.Sentences;
import io.kexin.gateway.detect.classifier.ClassifierDetector.Unit;
import io.kexin.gateway.text.ScanText;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks a remote service about a text: whole ({@link Unit#TEXT}, for requests) or sentence by sentence
 * ({@link Unit#SENTENCE}, for answers: each sentence by its last {@code maxUnit} characters, as the classifier
 * judges them, so a stream holds back only the unfinished sentence). The part the guard-model and http detectors
 * share. It blocks: the proxy inspects with it off the event loops. Thread-safe.
 */
abstract class RemoteDetector implements Detector {
  private final Unit unit;
  private final int maxUnit;

  RemoteDetector(Unit unit, int maxUnit) {
    this.unit = requireNonNull(unit, "unit");
    if (maxUnit < 16 || maxUnit > 16_384) {
      throw new IllegalArgumentException("maxUnit: " + maxUnit + " (expected: 16..16384)");
    }
    this.maxUnit = maxUnit;
  }

  @Override
  public final List<Finding> scan(ScanText text) {
    String t = text.original();
    if (unit == Unit.TEXT) {
      return t.isBlank() ? List.of() : judge(t, text.units(), 0, t.length());
    }
    List<Finding> out = new ArrayList<>(1);
    Sentences.each(text.units(), t.length(), maxUnit, (from, to) -> out.addAll(judge(t, text.units(), from, to)));
    return out;
  }

  /**
   * Returns what the service finds in {@code text[from, to)} (whose UTF-16 units are {@code units}), with offsets
   * that index the whole of {@code text}.
   */
  abstract List<Finding> judge(String text, char[] units, int from, int to);

  @Override
  public final int maxMatchLength() {
    return unit == Unit.TEXT ? Integer.MAX_VALUE : maxUnit;
  }

  @Override
  public final int liveFrom(ScanText text) {
    return unit == Unit.TEXT ? 0 : Sentences.liveFrom(text.units(), text.original().length(), maxUnit);
  }

  @Override
  public final boolean blocks() {
    return true;
  }
}
