package io.kexin.gateway.train;

import io.kexin.gateway.detect.classifier.FeatureSink;
import java.util.Arrays;

/** Collects feature indices into a growing array. Not thread-safe. */
final class IntList implements FeatureSink {
  private int[] values = new int[64];
  private int size;

  @Override
  public void feature(int index) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = index;
  }

  /** Returns the distinct collected values, sorted. */
  int[] distinct() {
    int[] sorted = Arrays.copyOf(values, size);
    Arrays.sort(sorted);
    int n = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) {
        sorted[n++] = sorted[i];
      }
    }
    return Arrays.copyOf(sorted, n);
  }
}
