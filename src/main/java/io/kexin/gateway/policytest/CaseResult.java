package io.kexin.gateway.policytest;

import java.util.List;

/**
 * Says how one case ran: its suite, name and place ({@code file:line:col} of the case), the problems found (short,
 * naming no input text, fit for a log), details for a person at a terminal (the outputs compared), and, for a case of
 * the pack that failed only because the site changed a rule or policy it exercises, where that override is.
 */
public record CaseResult(String suite, String name, String where, List<String> problems, List<String> details,
    String waivedBy) {
  public CaseResult {
    problems = List.copyOf(problems);
    details = List.copyOf(details);
    if (waivedBy != null && problems.isEmpty()) {
      throw new IllegalArgumentException("waivedBy: " + waivedBy + " on a case that passed (expected: only on a"
          + " failed case)");
    }
  }

  /** Says how one case ran, not waived. */
  public CaseResult(String suite, String name, String where, List<String> problems, List<String> details) {
    this(suite, name, where, problems, details, null);
  }

  /** Says whether the case passed. */
  public boolean passed() {
    return problems.isEmpty();
  }

  /** Says whether the case failed because a site override changed what it tests: it does not count as failed. */
  public boolean waived() {
    return waivedBy != null;
  }

  /** Returns {@code suite/name}, the string {@code --run} matches. */
  public String id() {
    return suite + "/" + name;
  }
}
