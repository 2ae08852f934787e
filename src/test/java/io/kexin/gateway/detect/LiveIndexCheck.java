package io.kexin.gateway.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.text.ScanText;
import java.util.List;
import java.util.Random;

/** Checks a detector's live index against its contract on random prefixes of a text and the text itself. */
public final class LiveIndexCheck {
  private LiveIndexCheck() {}

  /**
   * Asserts, for {@code trials} random prefixes of {@code text}, that the live index lies within the prefix and that
   * the findings starting before it are those of the whole text.
   */
  public static void assertFinalBeforeLive(Detector d, String text, Random random, int trials) {
    List<Finding> whole = d.scan(ScanText.of(text));
    for (int trial = 0; trial < trials; trial++) {
      int cut = random.nextInt(text.length() + 1);
      String prefix = text.substring(0, cut);
      int live = d.liveFrom(ScanText.of(prefix));
      assertThat(live).isBetween(0, prefix.length());
      List<Finding> before = whole.stream().filter(f -> f.start() < live).toList();
      List<Finding> prefixBefore = d.scan(ScanText.of(prefix)).stream().filter(f -> f.start() < live).toList();
      assertThat(prefixBefore).as("cut %d of %s", cut, text).isEqualTo(before);
    }
  }
}
