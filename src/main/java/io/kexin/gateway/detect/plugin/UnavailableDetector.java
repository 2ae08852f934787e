package io.kexin.gateway.detect.plugin;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.detect.Detector;
import io.kexin.gateway.detect.Finding;
import io.kexin.gateway.text.ScanText;
import java.util.List;

/**
 * Stands for a rule whose plugin failed to load or to build its detector: every scan throws, so the policy's
 * {@code onError} decides each exchange. Immutable and thread-safe.
 */
record UnavailableDetector(String reason) implements Detector {
  UnavailableDetector {
    requireNonNull(reason, "reason");
  }

  @Override
  public List<Finding> scan(ScanText text) {
    throw new PluginException(reason);
  }

  @Override
  public int maxMatchLength() {
    return 0;
  }
}
