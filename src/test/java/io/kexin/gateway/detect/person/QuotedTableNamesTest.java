package io.kexin.gateway.detect.person;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.inspect.TextScanner;
import io.kexin.gateway.policy.Direction;
import io.kexin.gateway.policy.PolicySet;
import io.kexin.gateway.policy.ShippedPolicies;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks, through the shipped pack as the proxy reads a text, that names in a table whose every field is quoted
 * (a Salesforce or spreadsheet export) are found in their columns, in English and Chinese.
 */
class QuotedTableNamesTest {
  private static TextScanner scanner;

  @BeforeAll
  static void load() {
    PolicySet set = ShippedPolicies.pack();
    scanner = new TextScanner(() -> set);
  }

  private static List<String> names(String text) {
    return scanner.scan(text, Direction.REQUEST, "pii").outcome().hits().stream()
        .filter(h -> h.finding().entity().equals("PERSON"))
        .map(h -> text.substring(h.finding().start(), h.finding().end())).toList();
  }

  static Stream<Arguments> tables() {
    return Stream.of(
        Arguments.of("\"Id\",\"FirstName\",\"LastName\",\"Email\"\n\"0035g00000XyZ12\",\"Evangeline\",\"Marchbanks\","
            + "\"e.marchbanks@brightpath.co\"\n\"0035g00000XyZ13\",\"Kwabena\",\"Asante-Holm\",\"k@x.io\"",
            List.of("Evangeline", "Marchbanks", "Kwabena", "Asante-Holm")),
        Arguments.of("\"客户编号\",\"联系人\",\"手机\"\n\"C1104\",\"蒲晓燕\",\"15108274316\"\n\"C1105\",\"郗子墨\",\"13530671892\"",
            List.of("蒲晓燕", "郗子墨")),
        Arguments.of("\"name\",\"version\"\n\"netty\",\"4.1.115\"\n\"Acme\",\"2.0\"", List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tables")
  void findsNamesInTheColumnsOfAQuotedTable(String text, List<String> expected) {
    assertThat(names(text)).containsExactlyElementsOf(expected);
  }
}
