package io.kexin.gateway.inspect;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Says what happens to an inspected body: pass it as received, send a rewritten body, or refuse it. */
public sealed interface Verdict {

  /** Passes the body exactly as received. */
  record Pass() implements Verdict {}

  /** Replaces the body with {@code body}. */
  record Rewrite(ObjectNode body) implements Verdict {
    public Rewrite {
      requireNonNull(body, "body");
    }
  }

  /** Refuses the exchange with an error in the caller's API format. */
  record Reject(int status, String type, String code, String message) implements Verdict {
    public Reject {
      requireNonNull(type, "type");
      requireNonNull(code, "code");
      requireNonNull(message, "message");
    }
  }

  /** Returns the shared pass verdict. */
  static Verdict pass() {
    return PassHolder.PASS;
  }
}

/** Holds the one pass verdict. */
final class PassHolder {
  static final Verdict PASS = new Verdict.Pass();

  private PassHolder() {}
}
