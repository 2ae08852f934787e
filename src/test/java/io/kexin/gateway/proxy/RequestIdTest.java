package io.kexin.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Checks that a client's request id is kept only when it has the shape of a generated id, in any language. */
class RequestIdTest {

  @ParameterizedTest
  @ValueSource(strings = {"3f2b8c1e-9a4d-4e6f-b7a0-12c3d4e5f607", "3F2B8C1E-9A4D-4E6F-B7A0-12C3D4E5F607",
      "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", "kx-8f3a0c1d2e4b5a69f0e1d2c3b4a59687",
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"})
  void keepsAGeneratedId(String id) {
    assertThat(RequestId.generated(id)).isTrue();
    assertThat(RequestId.of(new DefaultHttpHeaders().add("x-request-id", id))).isEqualTo(id);
  }

  @ParameterizedTest
  @ValueSource(strings = {"req-42", "13812345678", "zhang.wei@example.cn", "AKIAQ3EGRT5LMWX2ZUTB",
      "sk-proj-Q7vKx2Lm9Pz4Tn8Wb3Yc6Rd1Hf5Js0Ga7Ue2Io4Xk9Vq3Nl8Mw6", "订单13812345678", "用户张伟",
      "3f2b8c1e-9a4d-4e6f-b7a0-12c3d4e5f60g", "3f2b8c1e9a4d-4e6f-b7a0-12c3d4e5f607-", "１３８１２３４５６７８１２３４５６",
      "0123456789abcde", "kx-8f3a0c1d2e4b5a69f0e1d2c3b4a5968z", "110101199003077777", "6222021234567890", "6222 0212 3456 7890"})
  void replacesAnythingElse(String id) {
    String chosen = RequestId.of(new DefaultHttpHeaders().add("x-request-id", id));

    assertThat(RequestId.generated(id)).isFalse();
    assertThat(chosen).isNotEqualTo(id).matches("kx-[0-9a-f]{32}");
  }

  /** Hex ids of a generated id's shape whose digits spell a phone, a card or an identity number, English and Chinese. */
  @ParameterizedTest
  @ValueSource(strings = {"ab13812345678cdef", "4bf92f3577b34da6a3ce929d13912345678f", "3f2b8c1e-9a4d-4e6f-b7a0-13812345678f",
      "a4539148803436467b", "45391488-0343-6467-b7a0-12c3d4e5f607", "ab110101199003077777cd",
      "00f067aa0ba902b7ff18600000000abc"})
  void replacesAGeneratedShapeThatSpellsAValue(String id) {
    String chosen = RequestId.of(new DefaultHttpHeaders().add("x-request-id", id));

    assertThat(RequestId.generated(id)).as(id).isFalse();
    assertThat(chosen).isNotEqualTo(id).matches("kx-[0-9a-f]{32}");
  }

  /**
   * Hex ids whose digits spell a North American number (ten digits, or eleven after a 1) or a card of 13 or 14
   * digits: kept before, as no run was a Chinese mobile or 15 digits long.
   */
  @ParameterizedTest
  @ValueSource(strings = {"ab2125551234cdef0123", "4bf92f3577b34da6a3ce929d4155550199", "ab12125551234cdef",
      "3f2b8c1e-9a4d-4e6f-b7a0-c2125551234f", "a4222222222222b0c1d2e3f4", "ab38520000023237cdef"})
  void replacesAnIdWhoseDigitsSpellANorthAmericanNumberOrAShortCard(String id) {
    String chosen = RequestId.of(new DefaultHttpHeaders().add("x-request-id", id));

    assertThat(RequestId.generated(id)).as(id).isFalse();
    assertThat(chosen).isNotEqualTo(id).matches("kx-[0-9a-f]{32}");
  }

  /**
   * Hex ids whose digit runs, apart by one letter each, spell a value whole, or whose hex is text (a phone written in
   * hex ASCII): each was kept before.
   */
  @ParameterizedTest
  @ValueSource(strings = {"138a1234b5678", "ab138a1234b5678cdef0123", "138a1234-5678-ae6f-b7a0-12c3d4e5f607",
      "a4539b1488c0343d6467ef", "3133382d313233342d35363738", "7a3133387a313233347a35363738"})
  void replacesAnIdWhoseDigitsSpellAValueAcrossLettersOrWhoseHexIsText(String id) {
    String chosen = RequestId.of(new DefaultHttpHeaders().add("x-request-id", id));

    assertThat(RequestId.generated(id)).as(id).isFalse();
    assertThat(chosen).isNotEqualTo(id).matches("kx-[0-9a-f]{32}");
  }

  /** Counts the share of random 32-hex ids and UUIDs replaced: low, as the class's description says. */
  @Test
  void replacesFewRandomIds() {
    java.util.Random random = new java.util.Random(11);
    int replaced = 0;
    int uuids = 0;
    for (int i = 0; i < 100_000; i++) {
      replaced += RequestId.generated(String.format("%016x%016x", random.nextLong(), random.nextLong())) ? 0 : 1;
      uuids += RequestId.generated(new java.util.UUID(random.nextLong(), random.nextLong()).toString()) ? 0 : 1;
    }
    assertThat(replaced).as("random 32-hex ids replaced of 100,000").isBetween(1_000, 5_500);
    assertThat(uuids).as("random UUIDs replaced of 100,000").isBetween(1_000, 5_500);
  }

  @Test
  void keepsDigitRunsThatSpellNoValue() {
    assertThat(RequestId.digitsSpellAValue("ab1234567890cd")).isFalse(); // ten digits, no area code starts with 1
    assertThat(RequestId.digitsSpellAValue("ab212555123cd")).isFalse(); // eleven digits, not after a 1
    assertThat(RequestId.digitsSpellAValue("ab4222222222223cd")).isFalse(); // 13 digits failing the Luhn check
    assertThat(RequestId.digitsSpellAValue("ab10345678901cd")).isFalse(); // 11 digits: no mobile, no area code after 1
    assertThat(RequestId.digitsSpellAValue("ab12912345678cd")).isFalse(); // 129: no mobile prefix, no area code 29x
    assertThat(RequestId.digitsSpellAValue("ab12345678901234cd")).isFalse(); // 14 digits
    assertThat(RequestId.generated("4bf92f3577b34da6a3ce929d0e0e4736")).isTrue();
  }

  @Test
  void givesEachRequestWithoutAnIdItsOwn() {
    String a = RequestId.of(new DefaultHttpHeaders());
    String b = RequestId.of(new DefaultHttpHeaders());

    assertThat(a).matches("kx-[0-9a-f]{32}");
    assertThat(RequestId.generated(a)).isTrue();
    assertThat(a).isNotEqualTo(b);
  }
}
