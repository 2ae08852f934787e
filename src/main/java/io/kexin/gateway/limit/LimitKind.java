package io.kexin.gateway.limit;

/**
 * Names what one limit counts and how: a rate per minute (GCRA: smooth, with a burst of the whole minute), a budget
 * per UTC day or month (a counter that starts again each period), or concurrent requests (leases). The label is the
 * metric label and the word of the rate-limit headers.
 */
public enum LimitKind {
  REQUESTS("requests", Shape.RATE),
  TOKENS("tokens", Shape.RATE),
  CONCURRENT("concurrent", Shape.LEASE),
  TOKENS_DAY("tokens_per_day", Shape.BUDGET),
  TOKENS_MONTH("tokens_per_month", Shape.BUDGET),
  COST_DAY("cost_per_day", Shape.BUDGET),
  COST_MONTH("cost_per_month", Shape.BUDGET);

  /** Says how a kind counts. */
  enum Shape { RATE, BUDGET, LEASE }

  private final String label;
  private final Shape shape;

  LimitKind(String label, Shape shape) {
    this.label = label;
    this.shape = shape;
  }

  /** Returns the metric label of this kind. */
  public String label() {
    return label;
  }

  Shape shape() {
    return shape;
  }

  /** Says whether the kind counts tokens (a rate or a budget) rather than requests or money. */
  boolean tokens() {
    return this == TOKENS || this == TOKENS_DAY || this == TOKENS_MONTH;
  }

  /** Says whether the kind counts money, in micro-dollars. */
  boolean cost() {
    return this == COST_DAY || this == COST_MONTH;
  }

  /** Says whether the kind's period is a UTC month (else a day, for budgets). */
  boolean monthly() {
    return this == TOKENS_MONTH || this == COST_MONTH;
  }
}
