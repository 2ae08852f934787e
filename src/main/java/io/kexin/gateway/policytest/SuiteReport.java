package io.kexin.gateway.policytest;

import io.kexin.gateway.config.ConfigException;
import java.util.List;

/** Holds the results of every case run, in suite and case order. */
public record SuiteReport(List<CaseResult> cases) {
  public SuiteReport {
    cases = List.copyOf(cases);
  }

  /** Returns how many cases passed. */
  public int passed() {
    return (int) cases.stream().filter(CaseResult::passed).count();
  }

  /** Returns how many cases failed, not counting those waived by a site override. */
  public int failed() {
    return cases.size() - passed() - waived();
  }

  /** Returns how many cases of the pack failed only because a site override changed what they test. */
  public int waived() {
    return (int) cases.stream().filter(CaseResult::waived).count();
  }

  /** Returns the closing line: {@code N passed, M failed}, and {@code , K waived by site overrides} when K > 0. */
  public String summary() {
    return passed() + " passed, " + failed() + " failed" + (waived() == 0 ? "" : ", " + waived()
        + " waived by site overrides");
  }

  /** Throws a {@link ConfigException} at the first failed case, naming how many failed; returns when all passed. */
  public void requirePassed() {
    for (CaseResult c : cases) {
      if (!c.passed() && !c.waived()) {
        throw new ConfigException(c.where() + ": policy test '" + c.id() + "' failed: "
            + String.join("; ", c.problems()) + (failed() > 1 ? " (and " + (failed() - 1) + " more failed)" : ""));
      }
    }
  }
}
