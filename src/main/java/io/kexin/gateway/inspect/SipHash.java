package io.kexin.gateway.inspect;

/**
 * Computes SipHash-2-4-128 (Aumasson and Bernstein, 2012; the reference implementation's 128-bit output mode) of a
 * text's UTF-16 units, read as their little-endian bytes, under one 128-bit key: 128 bits of output from one
 * pseudorandom function, for the segment cache's keys. Written out here rather than taken from a library because it
 * runs on every cached segment of every request and reads the text's units directly, with no copy, no byte buffer and
 * no digest array. One state walks the text (the 128-bit mode differs from the 64-bit one only in its initialization
 * and finalization), which costs half of what two SipHash-2-4 states under two keys did for the same 128 bits.
 * Immutable and thread-safe.
 */
final class SipHash {
  private final long k0;
  private final long k1;

  /** Creates a hash under the key {@code (k0, k1)}, two little-endian halves. */
  SipHash(long k0, long k1) {
    this.k0 = k0;
    this.k1 = k1;
  }

  /**
   * Returns the SipHash-2-4-128 of {@code text}'s UTF-16 units as little-endian bytes (two per unit, every unit as it
   * is, unpaired surrogates included, so distinct texts are distinct messages): the first eight bytes of the tag, read
   * little-endian, in {@code high}, the last eight in {@code low}.
   */
  SegmentCache.Key hash(String text) {
    long v0 = k0 ^ 0x736f6d6570736575L;
    long v1 = k1 ^ 0x646f72616e646f6dL ^ 0xee;
    long v2 = k0 ^ 0x6c7967656e657261L;
    long v3 = k1 ^ 0x7465646279746573L;
    int n = text.length();
    int whole = n & ~3;
    long m;
    for (int i = 0; i < whole; i += 4) {
      m = text.charAt(i) | (long) text.charAt(i + 1) << 16 | (long) text.charAt(i + 2) << 32
          | (long) text.charAt(i + 3) << 48;
      v3 ^= m;
      for (int r = 0; r < 2; r++) {
        v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
        v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
        v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
        v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
      }
      v0 ^= m;
    }
    // The last block: the 0 to 3 units left, and the length in bytes modulo 256 in its top byte.
    m = (long) (2 * n) << 56;
    for (int j = n - whole - 1; j >= 0; j--) {
      m |= (long) text.charAt(whole + j) << 16 * j;
    }
    v3 ^= m;
    for (int r = 0; r < 2; r++) {
      v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
      v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
      v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
      v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
    }
    v0 ^= m;
    v2 ^= 0xee;
    for (int r = 0; r < 4; r++) {
      v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
      v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
      v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
      v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
    }
    long first = v0 ^ v1 ^ v2 ^ v3;
    v1 ^= 0xdd;
    for (int r = 0; r < 4; r++) {
      v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
      v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
      v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
      v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
    }
    return new SegmentCache.Key(first, v0 ^ v1 ^ v2 ^ v3);
  }
}
