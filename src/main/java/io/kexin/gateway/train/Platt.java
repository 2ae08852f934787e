package io.kexin.gateway.train;

import java.util.List;

/** Fits a Platt sigmoid {@code 1 / (1 + exp(-(a * score + b)))} to labelled raw scores by Newton's method. Stateless. */
final class Platt {
  private Platt() {}

  /** Returns {@code {a, b}} for {@code scored}, pairs of raw score and label (0 or 1); {@code {1, 0}} when empty. */
  static double[] fit(List<double[]> scored) {
    int pos = 0;
    for (double[] s : scored) {
      pos += s[1] == 1 ? 1 : 0;
    }
    int neg = scored.size() - pos;
    if (pos == 0 || neg == 0) {
      return new double[] {1, 0};
    }
    // Platt's smoothed targets keep the fit finite on separable data.
    double hi = (pos + 1.0) / (pos + 2.0);
    double lo = 1.0 / (neg + 2.0);
    double a = 1;
    double b = 0;
    for (int iter = 0; iter < 100; iter++) {
      double gA = 0;
      double gB = 0;
      double hAA = 1e-9;
      double hAB = 0;
      double hBB = 1e-9;
      for (double[] s : scored) {
        double p = 1 / (1 + Math.exp(-(a * s[0] + b)));
        double t = s[1] == 1 ? hi : lo;
        double d = p - t;
        double w = p * (1 - p);
        gA += d * s[0];
        gB += d;
        hAA += w * s[0] * s[0];
        hAB += w * s[0];
        hBB += w;
      }
      double det = hAA * hBB - hAB * hAB;
      if (det <= 0) {
        break;
      }
      double dA = (hBB * gA - hAB * gB) / det;
      double dB = (hAA * gB - hAB * gA) / det;
      // Newton's step, halved until the loss falls: a full step on large, well separated scores can overshoot
      // to the mirror image of the fit.
      double loss = loss(scored, a, b, hi, lo);
      double step = 1;
      while (step > 1e-10 && loss(scored, a - step * dA, b - step * dB, hi, lo) > loss + 1e-12) {
        step /= 2;
      }
      if (step <= 1e-10) {
        break;
      }
      a -= step * dA;
      b -= step * dB;
      if (Math.abs(step * dA) < 1e-9 && Math.abs(step * dB) < 1e-9) {
        break;
      }
    }
    return new double[] {a, b};
  }

  /** Returns the cross-entropy of the sigmoid {@code a, b} against the smoothed targets. */
  private static double loss(List<double[]> scored, double a, double b, double hi, double lo) {
    double sum = 0;
    for (double[] s : scored) {
      double z = a * s[0] + b;
      double t = s[1] == 1 ? hi : lo;
      // log(1 + exp(-z)) and log(1 + exp(z)), computed without overflow.
      double softNeg = z > 0 ? Math.log1p(Math.exp(-z)) : -z + Math.log1p(Math.exp(z));
      double softPos = softNeg + z;
      sum += t * softNeg + (1 - t) * softPos;
    }
    return sum;
  }
}
