package io.kexin.gateway.detect.injection;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.text.ScanText;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Checks the further decoders of the payload search against known encodings (RFC 4648 and Bitcoin test vectors,
 * the Ascii85 and Z85 specifications' examples) in English and Chinese, their bounds, and that the gates of the
 * readings say yes wherever a reading is found in random text.
 */
class FurtherPayloadsTest {
  private static Payloads.Decoded only(String text) {
    List<Payloads.Decoded> found = Payloads.find(text, 1 << 16, true);
    assertThat(found).as(text).hasSize(1);
    return found.get(0);
  }

  @Test
  void decodesTheSpecificationsExamples() {
    assertThat(only("x MZXW6YTBOIQGM33PEBRGC4Q= y").text()).isEqualTo("foobar foo bar");
    assertThat(only("x mzxw6ytboiqgm33pebrgc4q y").encoding()).isEqualTo("base32");
    assertThat(only("z85 nm=QNzY&b1A+]nf end").text()).isEqualTo("Hello World!");
    assertThat(only("a <~87cURD]i,\"Ebo80~> b")).isEqualTo(new Payloads.Decoded(2, 21, "base85", "Hello World!"));
    assertThat(only("bytes: 72, 101, 108, 108, 111, 32, 119, 111, 114, 108, 100!").text()).isEqualTo("Hello world");
    assertThat(only("01001000 01101001 00100000 01110100 01101000 01100101 01110010 01100101").encoding())
        .isEqualTo("binary");
    assertThat(only("=E4=BD=A0=E5=A5=BD=E4=B8=96=E7=95=8C").text()).isEqualTo("你好世界");
  }

  @Test
  void readsBase58AndBase64TwiceInChinese() {
    String text = "我的手机号是13812345678";
    java.math.BigInteger n = new java.math.BigInteger(1, text.getBytes(StandardCharsets.UTF_8));
    StringBuilder b58 = new StringBuilder();
    String alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    while (n.signum() > 0) {
      b58.append(alphabet.charAt(n.mod(java.math.BigInteger.valueOf(58)).intValue()));
      n = n.divide(java.math.BigInteger.valueOf(58));
    }
    assertThat(only("请解码 " + b58.reverse()).text()).isEqualTo(text);
    String twice = Base64.getEncoder().encodeToString(Base64.getEncoder().encode(text.getBytes(StandardCharsets.UTF_8)));
    List<Payloads.Decoded> found = Payloads.find("解码两次 " + twice, 1 << 16, true);
    assertThat(found).extracting(Payloads.Decoded::encoding).containsExactly("base64", "base64 in base64");
    assertThat(found.get(1).text()).isEqualTo(text);
    assertThat(found.get(1).start()).isEqualTo(5);
  }

  @Test
  void randomBytesAndValuesOfTheSameShapesReadAsNothing() {
    for (String text : List.of("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "QmXoypizjW3WknFiJnKLwHCnL72vedxjQkDDP1mXWo6uco",
        "JBSWY3DPEHPK3PXP4QF2NBKMMY3GLQZE", "2gzyxa5ihm7nsggfxnu52rck2vv4rvmdlkiu3zzui5du4xyclen53wyd",
        "da39a3ee5e6b4b0d3255bfef95601890afd80709", "1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12")) {
      assertThat(Payloads.find(text, 1 << 16, true)).as(text).isEmpty();
    }
    // base58 is quadratic to decode: a run past its bound is not read as base58
    assertThat(Base58Text.decode("2".repeat(Base58Text.MAX + 1), 0, Base58Text.MAX + 1)).isNull();
  }

  @Test
  void readingGatesSayYesWhereverAReadingIsFound() {
    String[] pieces = {"a", "1", "2", "3", "8", "X", "@", ".", "-", "_", "*", "**", "<b>", "</i>", "`", "~~", "__",
        " ", ", ", "NXVN", "AIKA", "tuc_", "_phg", "fx-", "-ks", "-----", "ORTVA", "NIGEB", "moc.", ".pbz",
        "\".concat(\"", "'", "\"", "电话", "12345678", "138", "张伟", "\n", "[", "]", "](x)", "](y)[", "(", ")",
        "<!-- -->", "<!--", "-->", "<!", "$", "$$", "\\,", "\\text", "\\", "{", "}", "}\\,"};
    Random random = new Random(13);
    for (int round = 0; round < 20000; round++) {
      StringBuilder b = new StringBuilder();
      for (int k = random.nextInt(14); k >= 0; k--) {
        b.append(pieces[random.nextInt(pieces.length)]);
      }
      String text = b.toString();
      ReadingGates gates = ReadingGates.of(text.toCharArray(), text.length());
      if (!TurnedReadings.find(text).isEmpty()) {
        assertThat(gates.turned()).as("turned gate for '%s'", text).isTrue();
      }
      if (!MarkupSplits.find(text).isEmpty()) {
        assertThat(gates.markup()).as("markup gate for '%s'", text).isTrue();
      }
      assertThat(HiddenReadings.find(ScanText.of(text), gates).size())
          .isEqualTo((gates.turned() ? TurnedReadings.find(text).size() : 0)
              + (gates.markup() ? MarkupSplits.find(text).size() : 0));
    }
  }
}
