package io.kexin.gateway.limit;

import java.util.List;

/** Says whether a request may go on under its tenant's limits. */
public sealed interface Admission permits Admission.Pass, Admission.Refuse {

  /**
   * Lets the request go on; its {@link Lease} (null when no limit is configured) is ended when the exchange ends and
   * carries the rates for the rate-limit headers of the answer.
   */
  record Pass(Lease lease) implements Admission {}

  /**
   * Refuses the request: 429 when a limit is reached, 503 when the store failed and a limit declares
   * {@code onError: block}. {@code kind} names the limit that refused (null for a store failure), {@code code} is
   * the machine code, {@code retryAfterMillis} the wait to advise, and {@code windows} the state of the request and
   * token rates, for the providers' rate-limit headers.
   */
  record Refuse(int status, LimitKind kind, String code, String message, long retryAfterMillis,
      List<Window> windows) implements Admission {}

  /** Shows one rate to the client: its kind, limit, what remains and when it is full again (milliseconds). */
  record Window(LimitKind kind, long limit, long remaining, long resetMillis) {}
}
