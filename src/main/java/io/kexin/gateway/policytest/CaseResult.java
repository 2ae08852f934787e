package io.kexin.gateway.policytest;

import java.util.List;

/**
 * Says how one case ran: its suite, name and place ({@code file:line:col} of the case), the problems found (short,
 * naming no input text, fit for a log) and details for a person at a terminal (the outputs compared).
 */
public record CaseResult(String suite, String name, String where, List<String> problems, List<String> details) {
  public CaseResult {
    problems = List.copyOf(problems);
    details = List.copyOf(details);
  }

  /** Says whether the case passed. */
  public boolean passed() {
    return problems.isEmpty();
  }

  /** Returns {@code suite/name}, the string {@code --run} matches. */
  public String id() {
    return suite + "/" + name;
  }
}
