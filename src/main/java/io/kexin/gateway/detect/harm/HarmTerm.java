package io.kexin.gateway.detect.harm;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.detect.RiskCategory;

/**
 * Holds one term of a {@link HarmDetector}'s lists: its role, and for an object its category and weight (a strong
 * object counts beside an intent or an act, a weak one beside two raising cues); a target with a category counts
 * for objects of that category only.
 */
record HarmTerm(Cue cue, RiskCategory category, double weight) {
  HarmTerm {
    requireNonNull(cue, "cue");
    if (cue == Cue.OBJECT && category == null) {
      throw new IllegalArgumentException("an object term needs a category");
    }
  }
}
