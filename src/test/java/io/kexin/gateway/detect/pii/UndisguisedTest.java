package io.kexin.gateway.detect.pii;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.text.ScanText;
import io.kexin.gateway.text.TextTraits;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UndisguisedTest {
  private static final String[] PIECES = {"mail ", "邮箱", "zhang", "%40", "%2B86 ", "138", "%", "%4", " [at] ",
      "example", " [dot] ", "com", "艾特", "163点com", "zhangwei#163.co", "١٣٨", "𝟏𝟑𝟖", " AT ", " ", "，"};

  @Test
  void readsTheSameWhetherTheTraitsOrASearchTellThatAPercentSignIsAbsent() {
    // The ScanText forms skip the search for '%' where the traits say there is none; the String forms search.
    Random random = new Random(5);
    for (int round = 0; round < 20_000; round++) {
      StringBuilder sb = new StringBuilder();
      for (int k = random.nextInt(10); k > 0; k--) {
        sb.append(PIECES[random.nextInt(PIECES.length)]);
      }
      String text = sb.toString();
      ScanText scan = ScanText.of(text);
      int traits = scan.traits();
      assertThat(Undisguised.partialSign(scan)).as(text).isEqualTo(Undisguised.partialSign(text));
      Undisguised viaTraits = Undisguised.of(scan);
      Undisguised searched = Undisguised.of(text, (traits & TextTraits.COMPATIBLE) != 0,
          (traits & TextTraits.SPELLED) != 0);
      assertThat(viaTraits == null).as(text).isEqualTo(searched == null);
      if (searched != null) {
        assertThat(viaTraits.text()).as(text).isEqualTo(searched.text());
        for (int i = 0; i < searched.text().length(); i++) {
          assertThat(viaTraits.originalStart(i)).as(text).isEqualTo(searched.originalStart(i));
        }
      }
    }
  }
}
