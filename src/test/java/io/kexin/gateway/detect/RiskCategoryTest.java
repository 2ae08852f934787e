package io.kexin.gateway.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RiskCategoryTest {

  @Test
  void everyCategoryHasAUniqueKebabIdAndNamesInBothLanguages() {
    Set<String> ids = new HashSet<>();
    for (RiskCategory c : RiskCategory.values()) {
      assertThat(c.id()).matches("[a-z]+(-[a-z]+)*");
      assertThat(ids.add(c.id())).isTrue();
      assertThat(c.english()).isNotBlank();
      assertThat(c.chinese()).isNotBlank().matches(".*\\p{IsHan}.*");
    }
  }

  @Test
  void parsesIdsInAnyCaseAndRefusesUnknownOnesWithTheValidNames() {
    assertThat(RiskCategory.parse(" Violence-Weapons ")).isEqualTo(RiskCategory.VIOLENCE_WEAPONS);
    assertThat(RiskCategory.find("nope")).isEmpty();
    assertThatThrownBy(() -> RiskCategory.parse("weapons"))
        .hasMessageContaining("category: weapons")
        .hasMessageContaining("violence-weapons");
  }

  @Test
  void groupsHarmfulCategoriesUnderHarmfulRequest() {
    assertThat(RiskCategory.INJECTION.group().label()).isEqualTo("injection");
    assertThat(RiskCategory.JAILBREAK.group().label()).isEqualTo("jailbreak");
    assertThat(RiskCategory.SELF_HARM.group().label()).isEqualTo("harmful-request");
    assertThat(RiskCategory.OFFENSIVE.group().label()).isEqualTo("offensive");
    assertThat(RiskCategory.INJECTION.tc260()).isEmpty();
    assertThat(RiskCategory.HATE_HARASSMENT.tc260()).startsWith("A.2");
  }

  @Test
  void findingsKeepTheirCategoryWhenMoved() {
    Finding f = new Finding("injection.override", "INSTRUCTION_OVERRIDE", 3, 9, 0.9, "x", RiskCategory.INJECTION);
    assertThat(f.withSpan(10, 16).category()).isEqualTo(RiskCategory.INJECTION);
    assertThat(f.withSpan(10, 16).start()).isEqualTo(10);
    assertThat(new Finding("pii.email", "EMAIL", 0, 1, 1, "x").category()).isNull();
  }
}
