package io.kexin.gateway.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Checks the cache's SipHash-2-4-128 against a byte-by-byte reference, itself checked against the reference
 * implementation's published vectors; the 64-bit mode it shares its rounds with is checked against the paper and Guava.
 */
class SipHashTest {
  private static final long K0 = 0x0706050403020100L;
  private static final long K1 = 0x0f0e0d0c0b0a0908L;

  /** Returns the SipHash-2-4 of {@code bytes} under the key {@code (k0, k1)}, byte by byte as the paper states it. */
  private static long sipHash(long k0, long k1, byte[] bytes) {
    long[] v = {k0 ^ 0x736f6d6570736575L, k1 ^ 0x646f72616e646f6dL, k0 ^ 0x6c7967656e657261L,
        k1 ^ 0x7465646279746573L};
    compress(v, bytes);
    v[2] ^= 0xff;
    rounds(v, 4);
    return v[0] ^ v[1] ^ v[2] ^ v[3];
  }

  /**
   * Returns the SipHash-2-4-128 of {@code bytes} under the key {@code (k0, k1)}, byte by byte as the reference
   * implementation states it: the tag's first eight bytes read little-endian in [0], its last eight in [1].
   */
  private static long[] sipHash128(long k0, long k1, byte[] bytes) {
    long[] v = {k0 ^ 0x736f6d6570736575L, k1 ^ 0x646f72616e646f6dL ^ 0xee, k0 ^ 0x6c7967656e657261L,
        k1 ^ 0x7465646279746573L};
    compress(v, bytes);
    v[2] ^= 0xee;
    rounds(v, 4);
    long first = v[0] ^ v[1] ^ v[2] ^ v[3];
    v[1] ^= 0xdd;
    rounds(v, 4);
    return new long[] {first, v[0] ^ v[1] ^ v[2] ^ v[3]};
  }

  /** Absorbs {@code bytes} into the state {@code v}: every whole eight bytes, then the rest with the length. */
  private static void compress(long[] v, byte[] bytes) {
    int n = bytes.length;
    int whole = n & ~7;
    for (int i = 0; i < whole; i += 8) {
      long m = 0;
      for (int j = 7; j >= 0; j--) {
        m = m << 8 | bytes[i + j] & 0xffL;
      }
      absorb(v, m);
    }
    long m = (long) n << 56;
    for (int j = n - whole - 1; j >= 0; j--) {
      m |= (bytes[whole + j] & 0xffL) << 8 * j;
    }
    absorb(v, m);
  }

  private static void absorb(long[] v, long m) {
    v[3] ^= m;
    rounds(v, 2);
    v[0] ^= m;
  }

  private static void rounds(long[] v, int count) {
    for (int r = 0; r < count; r++) {
      v[0] += v[1]; v[1] = Long.rotateLeft(v[1], 13); v[1] ^= v[0]; v[0] = Long.rotateLeft(v[0], 32);
      v[2] += v[3]; v[3] = Long.rotateLeft(v[3], 16); v[3] ^= v[2];
      v[0] += v[3]; v[3] = Long.rotateLeft(v[3], 21); v[3] ^= v[0];
      v[2] += v[1]; v[1] = Long.rotateLeft(v[1], 17); v[1] ^= v[2]; v[2] = Long.rotateLeft(v[2], 32);
    }
  }

  /** Returns the 16 bytes of a 128-bit tag written as 32 hex digits, as the two little-endian halves. */
  private static long[] tag(String hex) {
    return new long[] {Long.reverseBytes(Long.parseUnsignedLong(hex.substring(0, 16), 16)),
        Long.reverseBytes(Long.parseUnsignedLong(hex.substring(16), 16))};
  }

  /** The reference implementation's vectors_sip128: key 00..0f, message 00..(n-1), for some n. */
  private static final Map<Integer, String> VECTORS_128 = Map.of(
      0, "a3817f04ba25a8e66df67214c7550293",
      1, "da87c1d86b99af44347659119b22fc45",
      2, "8177228da4a45dc7fca38bdef60affe4",
      7, "a1f1ebbed8dbc153c0b84aa61ff08239",
      8, "3b62a9ba6258f5610f83e264f31497b4",
      15, "5493e99933b0a8117e08ec0f97cfc3d9",
      16, "6ee2a4ca67b054bbfd3315bf85230577");

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
    VECTORS_128.forEach((n, hex) -> assertThat(sipHash128(K0, K1, counting(n))).as("%d bytes", n)
        .containsExactly(tag(hex)));
  }

  @Test
  void hashesTheReferenceVectorsOfEvenLengthAsUtf16Units() {
    VECTORS_128.forEach((n, hex) -> {
      if (n % 2 == 0) {
        StringBuilder units = new StringBuilder();
        for (int i = 0; i < n; i += 2) {
          units.append((char) (i | (i + 1) << 8));
        }
        SegmentCache.Key key = new SipHash(K0, K1).hash(units.toString());
        assertThat(new long[] {key.high(), key.low()}).as("%d bytes", n).containsExactly(tag(hex));
      }
    });
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
  void hashesATextAsItsUtf16UnitsInEnglishChineseAndBrokenSurrogates() {
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
      long k0 = random.nextLong();
      long k1 = random.nextLong();
      SegmentCache.Key key = new SipHash(k0, k1).hash(text);
      assertThat(new long[] {key.high(), key.low()}).as(text).containsExactly(sipHash128(k0, k1, utf16le(text)));
    }
  }

  @Test
  void keepsTextsThatDifferOnlyInOneUnitOrInLengthApart() {
    SipHash hash = new SipHash(1, 2);
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
    assertThat(new SipHash(1, 2).hash(text)).isNotEqualTo(new SipHash(1, 3).hash(text));
    assertThat(new SipHash(1, 2).hash(text).low()).isNotEqualTo(new SipHash(2, 2).hash(text).low());
  }
}
