package io.kexin.gateway.audit;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a matched value into a keyed hash (HMAC-SHA256 under the configured key, the first 128 bits in hex) for the
 * audit line: the same value always gives the same hash, so lines can be correlated, while without the key the hash
 * can neither be reversed nor checked against guessed values. Values are compared as written after NFKC and without
 * whitespace and dashes ({@code 6222 0212-3456} and {@code 6222021234 56} hash alike). Thread-safe.
 */
final class ValueHasher {
  private static final String ALGORITHM = "HmacSHA256";
  private final Mac mac;

  ValueHasher(byte[] key) {
    try {
      mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available: " + e.getMessage(), e);
    }
  }

  /** Returns the keyed hash of {@code value}, as {@code hmac-sha256:} and 32 hex digits. */
  String hash(String value) {
    String canonical = Normalizer.normalize(value, Normalizer.Form.NFKC).replaceAll("[\\s\\-]+", "");
    byte[] digest;
    synchronized (mac) {
      digest = mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8));
    }
    return "hmac-sha256:" + HexFormat.of().formatHex(digest, 0, 16);
  }
}
