package io.kexin.gateway.admin;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Checks the admin API's bearer token: with a token configured, the policy endpoints and {@code /scan} need it;
 * without one, reading is open and the endpoints that change state refuse to run. The token is compared in constant
 * time and never logged. Immutable and thread-safe.
 */
final class AdminAuth {
  /** Says what a request may do. */
  enum Verdict { ALLOWED, NO_TOKEN_CONFIGURED, UNAUTHORIZED }

  private final byte[] token;

  /** Creates the check for {@code token}, or for no token when null. */
  AdminAuth(String token) {
    this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
  }

  /** Decides whether {@code request} may read (or, when {@code changesState}, change) what it asks for. */
  Verdict check(HttpRequest request, boolean changesState) {
    if (token == null) {
      return changesState ? Verdict.NO_TOKEN_CONFIGURED : Verdict.ALLOWED;
    }
    String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Verdict.UNAUTHORIZED;
    }
    byte[] given = header.substring(7).strip().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(given, token) ? Verdict.ALLOWED : Verdict.UNAUTHORIZED;
  }
}
