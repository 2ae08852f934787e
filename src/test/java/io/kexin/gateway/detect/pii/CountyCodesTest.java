package io.kexin.gateway.detect.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kexin.gateway.detect.pii.CountyCodes.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CountyCodesTest {
  private static final CountyCodes SHIPPED = CountyCodes.shipped();

  @Test
  void knowsCurrentCountiesOfEveryProvinceAndTheResidencePermitCodes() {
    int[] codes = {110108, 120101, 130102, 140105, 150102, 210102, 220102, 230103, 310115, 320102, 330106, 340102,
      350102, 360102, 370102, 410102, 420102, 430102, 440305, 450102, 460105, 500103, 510107, 520102, 530102,
      540102, 610102, 620102, 630102, 640104, 650102, 441900, 810000, 820000, 830000};
    for (int code : codes) {
      assertThat(SHIPPED.verdict(code, 1990)).as("%d", code).isEqualTo(Verdict.KNOWN);
      assertThat(SHIPPED.verdict(code, 2026)).as("%d", code).isEqualTo(Verdict.KNOWN);
    }
  }

  @ParameterizedTest(name = "{0} born {1}: {2}")
  @CsvSource({
      // 宣武区 merged into 西城区 in 2010; 商水县 of 周口地区 (1998 revision) became 411623 in 2000.
      "110104, 1975, KNOWN", "110104, 2010, KNOWN", "110104, 2011, ABOLISHED",
      "412723, 1985, KNOWN", "412723, 2005, ABOLISHED",
      // Never existed: rejected only for birth years strictly between the first and the last revision.
      "110199, 2005, NEVER", "110201, 1999, NEVER", "110201, 1993, UNCOVERED", "110199, 2025, UNCOVERED"})
  void judgesAbolishedAndUnknownCodesByTheBirthYear(int code, int year, Verdict expected) {
    assertThat(SHIPPED.verdict(code, year)).isEqualTo(expected);
    assertThat(SHIPPED.years()).isEqualTo("1998–2023");
  }

  @ParameterizedTest(name = "{0} born {1}: {2}")
  @CsvSource({"110101, 2020, KNOWN", "110103, 2005, KNOWN", "110103, 2006, ABOLISHED", "110102, 2003, NEVER",
      "110102, 2000, UNCOVERED", "110102, 2010, UNCOVERED"})
  void readsTheFormatItDocuments(int code, int year, Verdict expected) {
    CountyCodes table = CountyCodes.parse("# comment\nrevisions 2000 2005 2010\n110101\n110103 2005\n");

    assertThat(table.verdict(code, year)).isEqualTo(expected);
  }

  @Test
  void rejectsMalformedTablesWithTheLineAtFault() {
    assertThatThrownBy(() -> CountyCodes.parse("revisions 2000 2010\n110102\n110101\n"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 3").hasMessageContaining("ascending");
    assertThatThrownBy(() -> CountyCodes.parse("revisions 2000 2010\n11010\n"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 2").hasMessageContaining("six-digit");
    assertThatThrownBy(() -> CountyCodes.parse("revisions 2000 2010\n110101 20x0\n"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("year 20x0");
    assertThatThrownBy(() -> CountyCodes.parse("110101\n"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no revisions line");
  }
}
