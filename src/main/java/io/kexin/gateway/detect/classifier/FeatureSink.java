package io.kexin.gateway.detect.classifier;

/** Receives the hashed feature indices of a text, one call per occurrence. */
@FunctionalInterface
public interface FeatureSink {

  /** Takes one occurrence of the feature at {@code index}, in {@code [0, buckets)}. */
  void feature(int index);
}
