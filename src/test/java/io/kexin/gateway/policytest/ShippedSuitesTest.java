package io.kexin.gateway.policytest;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.policy.PolicyLoader;
import io.kexin.gateway.policy.PolicySet;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the shipped pack's golden suites ({@code policies/tests/*.yaml}) as one test per case, so that {@code mvn test}
 * names the case that fails. A new case in a suite file is picked up without a change here.
 */
class ShippedSuitesTest {
  private static final Path PACK = Path.of("policies");
  private static PolicySet set;
  private static SuiteReport report;

  @BeforeAll
  static void run() {
    set = new PolicyLoader().load(PACK);
    report = new SuiteRunner().run(set, PACK, Bindings.none(), id -> true);
  }

  @TestFactory
  Stream<DynamicTest> everyCaseOfTheShippedSuitesPasses() {
    assertThat(report.cases()).as("cases in " + PACK.resolve(SuiteRunner.TESTS_DIR)).isNotEmpty();
    return report.cases().stream().map(c -> DynamicTest.dynamicTest(c.id(), () ->
        assertThat(c.problems()).as(c.where() + " " + String.join("\n", c.details())).isEmpty()));
  }

  @TestFactory
  Stream<DynamicTest> everyShippedPolicyHasASuite() {
    return set.all().stream().map(p -> DynamicTest.dynamicTest(p.name(), () ->
        assertThat(report.cases()).as("a suite named after policy " + p.name()).anyMatch(
            c -> c.suite().equals(p.name()))));
  }
}
