package io.kexin.gateway.detect.secret;

import java.util.HashMap;
import java.util.Map;

/** Computes the Shannon entropy of a string; stateless and thread-safe. */
final class Entropy {
  private Entropy() {}

  /** Returns the Shannon entropy of {@code s} in bits per code point; 0 for an empty string. */
  static double bitsPerChar(CharSequence s) {
    Map<Integer, Integer> counts = new HashMap<>();
    int n = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = Character.codePointAt(s, i);
      i += Character.charCount(cp);
      counts.merge(cp, 1, Integer::sum);
      n++;
    }
    double bits = 0;
    for (int count : counts.values()) {
      double p = (double) count / n;
      bits -= p * Math.log(p) / Math.log(2);
    }
    return bits;
  }
}
