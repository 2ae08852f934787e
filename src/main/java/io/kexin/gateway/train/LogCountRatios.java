package io.kexin.gateway.train;

import java.util.List;

/**
 * Computes the naive-Bayes scaling of hashed features (NB-SVM, Wang and Manning 2012): per bucket and category, the
 * magnitude of the log-count ratio of the bucket's presence in positives against negatives, add-one smoothed. Fitting
 * a linear model over presence times this scale makes the penalty and the step of each bucket follow how much it
 * told the classes apart in the fitting data; since a linear model over scaled features is a linear model over
 * presence with its weights times the scale, the trained weights are folded and the model's form and speed stay
 * those of presence. Stateless.
 */
final class LogCountRatios {
  /** Largest scale of one bucket, in means of the magnitudes over the buckets present. */
  private static final double CAP = 4;

  private LogCountRatios() {}

  /**
   * Returns per bucket and category ({@code [bucket * k + category]}) the value a present bucket takes in fitting:
   * {@code 1 - beta + beta * min(CAP, |r| / mean |r|)}, the mean weighted by how often each bucket is present, so a
   * text's step stays about that of presence; {@code beta[c] = 0} leaves category c at presence (scale 1).
   */
  static float[] of(List<int[]> vectors, List<byte[]> labels, int buckets, double[] beta) {
    int k = beta.length;
    double[] pos = new double[buckets * k];
    double[] neg = new double[buckets * k];
    double[] posTotal = new double[k];
    double[] negTotal = new double[k];
    for (int i = 0; i < vectors.size(); i++) {
      byte[] y = labels.get(i);
      for (int c = 0; c < k; c++) {
        if (y[c] < 0 || beta[c] == 0) {
          continue;
        }
        double[] count = y[c] == 1 ? pos : neg;
        for (int f : vectors.get(i)) {
          count[f * k + c]++;
        }
        (y[c] == 1 ? posTotal : negTotal)[c] += vectors.get(i).length;
      }
    }
    float[] scale = new float[buckets * k];
    double[] r = new double[buckets];
    for (int c = 0; c < k; c++) {
      double sum = 0;
      double present = 0;
      for (int f = 0; f < buckets; f++) {
        double p = pos[f * k + c];
        double q = neg[f * k + c];
        r[f] = Math.abs(Math.log((1 + p) / (buckets + posTotal[c])) - Math.log((1 + q) / (buckets + negTotal[c])));
        sum += r[f] * (p + q);
        present += p + q;
      }
      double mean = present == 0 ? 1 : sum / present;
      for (int f = 0; f < buckets; f++) {
        scale[f * k + c] = (float) (1 - beta[c] + beta[c] * Math.min(CAP, r[f] / mean));
      }
    }
    return scale;
  }
}
