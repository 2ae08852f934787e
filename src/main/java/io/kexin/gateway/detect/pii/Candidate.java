package io.kexin.gateway.detect.pii;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * Holds one candidate span of a digit/alnum run: its offsets in the original text (prefix included), its value
 * with separators removed, full width folded and letters upper-cased, the length of each group and the kind
 * of each separator between groups ({@code ' '} whitespace only, {@code '-'}, {@code '.'}, {@code ')'},
 * {@code '('}, possibly with whitespace around, or {@code 'x'} for a mix), and the prefix sign ({@code '+'},
 * {@code '('} or {@code 0}). Arrays are owned by the candidate and never modified.
 */
record Candidate(int start, int end, String value, int[] groups, char[] separators, char prefix) {
  Candidate {
    requireNonNull(value, "value");
    requireNonNull(groups, "groups");
    requireNonNull(separators, "separators");
    if (separators.length != groups.length - 1) {
      throw new IllegalArgumentException("separators: " + separators.length + " (expected: " + (groups.length - 1)
          + ")");
    }
  }

  /** Returns whether the value is all ASCII digits. */
  boolean digitsOnly() {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** Returns whether every separator is {@code kind} (a candidate of one group has none and returns true). */
  boolean separatedOnlyBy(char kind) {
    for (char s : separators) {
      if (s != kind) {
        return false;
      }
    }
    return true;
  }

  /** Returns whether the groups have exactly the given lengths. */
  boolean shape(int... lengths) {
    return Arrays.equals(groups, lengths);
  }
}
