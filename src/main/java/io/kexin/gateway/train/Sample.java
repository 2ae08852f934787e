package io.kexin.gateway.train;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.detect.classifier.LinearModel;

/**
 * Holds one labelled text: the set it comes from, its source group (what a split by source holds out together), its
 * language ({@code en} or {@code zh}), one label per category (1 positive, 0 negative, -1 not judged) and how the
 * evaluation holds it out.
 */
record Sample(String set, String group, String lang, String text, byte[] labels, Split split) {
  /** Says how the evaluation holds a sample out. */
  enum Split {
    /** With its whole source group: the model that judges it saw nothing of that group. */
    SOURCE,
    /** In the training part of a fixed (random or upstream) split of a set that has no second source. */
    TRAIN,
    /** In the test part of such a split. */
    TEST
  }

  Sample {
    requireNonNull(set, "set");
    requireNonNull(group, "group");
    requireNonNull(lang, "lang");
    requireNonNull(text, "text");
    requireNonNull(labels, "labels");
    requireNonNull(split, "split");
  }

  /** Returns the index of the category this sample is a positive of, or -1 for a negative of every category. */
  int positive() {
    for (int c = 0; c < labels.length; c++) {
      if (labels[c] == 1) {
        return c;
      }
    }
    return -1;
  }

  /** Says whether the sample is a negative of every category it is judged for. */
  boolean benign() {
    return positive() < 0;
  }

  /** Returns {@code zh} when at least a fifth of the letters are CJK ideographs, else {@code en}. */
  static String language(String text) {
    char[] c = text.toCharArray();
    return LinearModel.language(c, 0, c.length) == 1 ? "zh" : "en";
  }
}
