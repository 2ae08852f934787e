package io.kexin.gateway.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Checks the cache's SipHash-2-4 against a byte-by-byte reference, itself checked against the paper and Guava. */
class SipHashTest {
  private static final long K0 = 0x0706050403020100L;
  private static final long K1 = 0x0f0e0d0c0b0a0908L;

  /** Returns the SipHash-2-4 of {@code bytes} under the key {@code (k0, k1)}, byte by byte as the paper states it. */
  private static long sipHash(long k0, long k1, byte[] bytes) {
    long v0 = k0 ^ 0x736f6d6570736575L;
    long v1 = k1 ^ 0x646f72616e646f6dL;
    long v2 = k0 ^ 0x6c7967656e657261L;
    long v3 = k1 ^ 0x7465646279746573L;
    int n = bytes.length;
    int whole = n & ~7;
    long m;
    for (int i = 0; i < whole; i += 8) {
      m = 0;
      for (int j = 7; j >= 0; j--) {
        m = m << 8 | bytes[i + j] & 0xffL;
      }
      v3 ^= m;
      for (int r = 0; r < 2; r++) {
        v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
        v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
        v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
        v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
      }
      v0 ^= m;
    }
    m = (long) n << 56;
    for (int j = n - whole - 1; j >= 0; j--) {
      m |= (bytes[whole + j] & 0xffL) << 8 * j;
    }
    v3 ^= m;
    for (int r = 0; r < 2; r++) {
      v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
      v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
      v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
      v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
    }
    v0 ^= m;
    v2 ^= 0xff;
    for (int r = 0; r < 4; r++) {
      v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
      v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
      v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
      v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
    }
    return v0 ^ v1 ^ v2 ^ v3;
  }

  private static byte[] counting(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) i;
    }
    return b;
  }

  /** Returns the UTF-16 units of {@code text} as little-endian bytes, unpaired surrogates as they are. */
  private static byte[] utf16le(String text) {
    byte[] b = new byte[2 * text.length()];
    for (int i = 0; i < text.length(); i++) {
      b[2 * i] = (byte) text.charAt(i);
      b[2 * i + 1] = (byte) (text.charAt(i) >>> 8);
    }
    return b;
  }

  @Test
  void matchesThePublishedVectors() {
    // Aumasson and Bernstein, "SipHash: a fast short-input PRF", appendix A, and the reference vectors' first entry
    assertThat(sipHash(K0, K1, counting(15))).isEqualTo(0xa129ca6149be45e5L);
    assertThat(sipHash(K0, K1, new byte[0])).isEqualTo(0x726fdb47dd0e0e31L);
  }

  @Test
  void matchesAnIndependentImplementationOnEveryLengthOfTheLastBlock() {
    Random random = new Random(11);
    for (int n = 0; n < 200; n++) {
      byte[] bytes = new byte[n];
      random.nextBytes(bytes);
      long k0 = random.nextLong();
      long k1 = random.nextLong();
      assertThat(sipHash(k0, k1, bytes)).as("length %d", n)
          .isEqualTo(Hashing.sipHash24(k0, k1).hashBytes(bytes).asLong());
    }
  }

  @Test
  void hashesATextAsItsUtf16UnitsUnderEachKeyInEnglishChineseAndBrokenSurrogates() {
    Random random = new Random(12);
    String[] pieces = {"a", "Z", " ", "\\", "\"", "\n", "é", "你", "号", "。", "😀", "\uD83D", "\uDE00", "\u0000",
        "\uFFFF", "13800138000", "zhang.wei@example.cn", "身份证"};
    for (int round = 0; round < 2_000; round++) {
      StringBuilder sb = new StringBuilder();
      int parts = random.nextInt(40);
      for (int i = 0; i < parts; i++) {
        sb.append(pieces[random.nextInt(pieces.length)]);
      }
      String text = sb.toString();
      long a0 = random.nextLong();
      long a1 = random.nextLong();
      long b0 = random.nextLong();
      long b1 = random.nextLong();
      SegmentCache.Key key = new SipHash(a0, a1, b0, b1).hash(text);
      byte[] bytes = utf16le(text);
      assertThat(key.high()).as(text).isEqualTo(sipHash(a0, a1, bytes));
      assertThat(key.low()).as(text).isEqualTo(sipHash(b0, b1, bytes));
    }
  }

  @Test
  void keepsTextsThatDifferOnlyInOneUnitOrInLengthApart() {
    SipHash hash = new SipHash(1, 2, 3, 4);
    String base = "客户的身份证号是 11010519491231002X, the SSN is 078-05-1121.";
    Set<SegmentCache.Key> keys = new HashSet<>();
    keys.add(hash.hash(""));
    keys.add(hash.hash("\u0000"));
    keys.add(hash.hash("\u0000\u0000"));
    for (int i = 0; i < base.length(); i++) {
      keys.add(hash.hash(base.substring(0, i + 1)));
      keys.add(hash.hash(base.substring(0, i) + (char) (base.charAt(i) ^ 1) + base.substring(i + 1)));
    }
    // a text in Latin-1 and the same bytes read as UTF-16 are different texts
    keys.add(hash.hash(new String("ab".getBytes(StandardCharsets.UTF_16LE), StandardCharsets.ISO_8859_1)));
    keys.add(hash.hash("ab"));
    assertThat(keys).hasSize(3 + 2 * base.length() + 2);
  }

  @Test
  void givesAnotherHashUnderAnotherKey() {
    String text = "You are a helpful assistant. 你是一名专业的客服助理。";
    assertThat(new SipHash(1, 2, 3, 4).hash(text)).isNotEqualTo(new SipHash(1, 2, 3, 5).hash(text));
    assertThat(new SipHash(1, 2, 3, 4).hash(text).high()).isNotEqualTo(new SipHash(1, 3, 3, 4).hash(text).high());
  }
}
