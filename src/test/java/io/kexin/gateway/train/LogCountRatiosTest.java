package io.kexin.gateway.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checks the naive-Bayes scaling: a bucket present only in one class's positives is scaled above one present alike in
 * positives and negatives, a class with beta 0 keeps presence, and a stacked model trained with it stays
 * reproducible.
 */
class LogCountRatiosTest {
  @Test
  void scalesBucketsThatTellTheClassesApartAboveSharedOnes() {
    // Bucket 0 in every text, bucket 1 in positives of class 1 only, bucket 2 in negatives only.
    List<int[]> vectors = new ArrayList<>();
    List<byte[]> labels = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      boolean positive = i % 4 == 0;
      vectors.add(positive ? new int[] {0, 1} : new int[] {0, 2});
      labels.add(new byte[] {0, (byte) (positive ? 1 : 0)});
    }
    float[] scale = LogCountRatios.of(vectors, labels, 4, new double[] {0, 0.5});
    int k = 2;
    assertThat(scale[1 * k + 1]).isGreaterThan(scale[0 * k + 1]);
    assertThat(scale[2 * k + 1]).isGreaterThan(scale[0 * k + 1]);
    assertThat(scale[0 * k + 1]).as("half of the scale is presence").isGreaterThanOrEqualTo(0.5f);
    for (int f = 0; f < 4; f++) {
      assertThat(scale[f * k]).as("beta 0 keeps presence").isEqualTo(1f);
    }
  }

  @Test
  void unlabelledTextsDoNotCount() {
    List<int[]> vectors = List.of(new int[] {1}, new int[] {1}, new int[] {0}, new int[] {0});
    List<byte[]> with = List.of(new byte[] {1}, new byte[] {-1}, new byte[] {0}, new byte[] {0});
    List<byte[]> without = List.of(new byte[] {1}, new byte[] {0}, new byte[] {0}, new byte[] {0});
    float[] a = LogCountRatios.of(vectors, with, 2, new double[] {1});
    float[] b = LogCountRatios.of(vectors, without, 2, new double[] {1});
    assertThat(a[1]).isNotEqualTo(b[1]);
  }
}
