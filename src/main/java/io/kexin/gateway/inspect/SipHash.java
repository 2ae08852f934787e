package io.kexin.gateway.inspect;

/**
 * Computes SipHash-2-4 (Aumasson and Bernstein, 2012) of a text's UTF-16 units, read as their little-endian bytes,
 * under two independent 128-bit keys at once: 128 bits of output from two pseudorandom functions, for the segment
 * cache's keys. Written out here rather than taken from a library because it runs on every cached segment of every
 * request and reads the text's units directly, with no copy, no byte buffer and no digest array; the two hashes share
 * one pass over the text, so the processor overlaps their rounds. Immutable and thread-safe.
 */
final class SipHash {
  private final long a0;
  private final long a1;
  private final long b0;
  private final long b1;

  /** Creates a hash under the keys {@code (a0, a1)} and {@code (b0, b1)}, each two little-endian halves. */
  SipHash(long a0, long a1, long b0, long b1) {
    this.a0 = a0;
    this.a1 = a1;
    this.b0 = b0;
    this.b1 = b1;
  }

  /**
   * Returns the SipHash-2-4 of {@code text}'s UTF-16 units as little-endian bytes (two per unit, every unit as it is,
   * unpaired surrogates included, so distinct texts are distinct messages) under both keys: the first key's hash in
   * {@code high}, the second's in {@code low}.
   */
  SegmentCache.Key hash(String text) {
    long v0 = a0 ^ 0x736f6d6570736575L;
    long v1 = a1 ^ 0x646f72616e646f6dL;
    long v2 = a0 ^ 0x6c7967656e657261L;
    long v3 = a1 ^ 0x7465646279746573L;
    long w0 = b0 ^ 0x736f6d6570736575L;
    long w1 = b1 ^ 0x646f72616e646f6dL;
    long w2 = b0 ^ 0x6c7967656e657261L;
    long w3 = b1 ^ 0x7465646279746573L;
    int n = text.length();
    int whole = n & ~3;
    long m;
    for (int i = 0; i < whole; i += 4) {
      m = text.charAt(i) | (long) text.charAt(i + 1) << 16 | (long) text.charAt(i + 2) << 32
          | (long) text.charAt(i + 3) << 48;
      v3 ^= m;
      w3 ^= m;
      for (int r = 0; r < 2; r++) {
        v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
        v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
        v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
        v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        w0 += w1; w1 = Long.rotateLeft(w1, 13); w1 ^= w0; w0 = Long.rotateLeft(w0, 32);
        w2 += w3; w3 = Long.rotateLeft(w3, 16); w3 ^= w2;
        w0 += w3; w3 = Long.rotateLeft(w3, 21); w3 ^= w0;
        w2 += w1; w1 = Long.rotateLeft(w1, 17); w1 ^= w2; w2 = Long.rotateLeft(w2, 32);
      }
      v0 ^= m;
      w0 ^= m;
    }
    // The last block: the 0 to 3 units left, and the length in bytes modulo 256 in its top byte.
    m = (long) (2 * n) << 56;
    for (int j = n - whole - 1; j >= 0; j--) {
      m |= (long) text.charAt(whole + j) << 16 * j;
    }
    v3 ^= m;
    w3 ^= m;
    for (int r = 0; r < 2; r++) {
      v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
      v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
      v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
      v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
      w0 += w1; w1 = Long.rotateLeft(w1, 13); w1 ^= w0; w0 = Long.rotateLeft(w0, 32);
      w2 += w3; w3 = Long.rotateLeft(w3, 16); w3 ^= w2;
      w0 += w3; w3 = Long.rotateLeft(w3, 21); w3 ^= w0;
      w2 += w1; w1 = Long.rotateLeft(w1, 17); w1 ^= w2; w2 = Long.rotateLeft(w2, 32);
    }
    v0 ^= m;
    w0 ^= m;
    v2 ^= 0xff;
    w2 ^= 0xff;
    for (int r = 0; r < 4; r++) {
      v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
      v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
      v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
      v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
      w0 += w1; w1 = Long.rotateLeft(w1, 13); w1 ^= w0; w0 = Long.rotateLeft(w0, 32);
      w2 += w3; w3 = Long.rotateLeft(w3, 16); w3 ^= w2;
      w0 += w3; w3 = Long.rotateLeft(w3, 21); w3 ^= w0;
      w2 += w1; w1 = Long.rotateLeft(w1, 17); w1 ^= w2; w2 = Long.rotateLeft(w2, 32);
    }
    return new SegmentCache.Key(v0 ^ v1 ^ v2 ^ v3, w0 ^ w1 ^ w2 ^ w3);
  }
}
