package io.kexin.gateway.train;

import io.kexin.gateway.detect.RiskCategory;
import java.util.List;

/** Names the classes of the risk taxonomy the classifier is trained for, in the order of its scores. */
final class Category {
  static final String INJECTION = RiskCategory.Group.INJECTION.label();
  static final String JAILBREAK = RiskCategory.Group.JAILBREAK.label();
  static final String HARMFUL = RiskCategory.Group.HARMFUL_REQUEST.label();
  static final String OFFENSIVE = RiskCategory.Group.OFFENSIVE.label();
  static final int INJECTION_INDEX = 0;
  static final int JAILBREAK_INDEX = 1;
  static final int HARMFUL_INDEX = 2;
  static final int OFFENSIVE_INDEX = 3;
  /** The categories in score order. */
  static final List<String> ALL = List.of(INJECTION, JAILBREAK, HARMFUL, OFFENSIVE);

  private Category() {}

  /** Returns the index of {@code name}; an unknown name is an error that lists the known ones. */
  static int index(String name) {
    int i = ALL.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("category: " + name + " (expected: one of " + ALL + ")");
    }
    return i;
  }
}
