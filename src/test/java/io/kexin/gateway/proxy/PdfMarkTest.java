package io.kexin.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.document.TestPdfs;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PdfMarkTest {
  private static boolean marked(String body) {
    return PdfMark.in(Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void findsABase64PdfAtEveryByteAlignmentOfItsHeader() {
    byte[] pdf = TestPdfs.pdf("Quarterly report.");
    for (String lead : new String[] {"", "x", "xy"}) {
      byte[] bytes = new byte[lead.length() + pdf.length];
      System.arraycopy(lead.getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, lead.length());
      System.arraycopy(pdf, 0, bytes, lead.length(), pdf.length);
      assertThat(marked("{\"data\":\"" + Base64.getEncoder().encodeToString(bytes) + "\"}")).as(lead).isTrue();
    }
  }

  @Test
  void doesNotMarkABodyWithoutOne() {
    assertThat(marked("{\"messages\":[{\"role\":\"user\",\"content\":\"a PDF, %PDF-1.7, 身份证\"}]}"))
        .isFalse();
    assertThat(marked("{\"data\":\"" + Base64.getEncoder().encodeToString("plain text file".repeat(40)
        .getBytes(StandardCharsets.UTF_8)) + "\"}")).isFalse();
  }

  @Test
  void findsAMarkAcrossTheComponentsOfACompositeBody() {
    String body = "{\"file_data\":\"data:application/pdf;base64,JVBERi0xLjcK\"}";
    for (int cut = 1; cut < body.length(); cut++) {
      CompositeByteBuf composite = Unpooled.compositeBuffer();
      composite.addComponent(true, Unpooled.wrappedBuffer(body.substring(0, cut).getBytes(StandardCharsets.UTF_8)));
      composite.addComponent(true, Unpooled.wrappedBuffer(body.substring(cut).getBytes(StandardCharsets.UTF_8)));
      assertThat(PdfMark.in(composite)).as("cut at %d", cut).isTrue();
    }
  }

  @Test
  void findsOnlyWholeMarks() {
    assertThat(marked("JVBERi")).isFalse();
    assertThat(marked("VQREY")).isFalse();
    assertThat(marked("xlUERGLx")).isTrue();
    assertThat(marked("xxVQREYtx")).isTrue();
  }

  /**
   * Checks the word search against the byte-by-byte window it replaced on random bodies: the marks' letters, other
   * ASCII, Chinese in UTF-8 and any byte, marks planted whole, cut short or across the 8 KiB pieces the search reads
   * through, in heap, direct, offset and composite buffers cut at random.
   */
  @Test
  void agreesWithTheByteByByteWindowOnRandomBodies() {
    Random random = new Random(11);
    String[] marks = {"JVBERi0", "VQREYt", "lUERGL", "JVBERi", "VQREY", "UERGL", "RRRR"};
    byte[] han = "身份证号码是浦东仓库".getBytes(StandardCharsets.UTF_8);
    String letters = "JVBERi0QYtlUGLR\"{}:, abcxyz";
    int marked = 0;
    for (int round = 0; round < 2500; round++) {
      int length = switch (random.nextInt(4)) {
        case 0 -> random.nextInt(24);
        case 1 -> random.nextInt(2100);
        case 2 -> 8192 - 16 + random.nextInt(32);
        default -> 16384 - 16 + random.nextInt(32) + (random.nextBoolean() ? 0 : random.nextInt(4000));
      };
      byte[] body = new byte[length];
      for (int i = 0; i < length; i++) {
        int kind = random.nextInt(10);
        body[i] = kind < 6 ? (byte) letters.charAt(random.nextInt(letters.length()))
            : kind < 9 ? han[random.nextInt(han.length)] : (byte) random.nextInt(256);
      }
      for (int m = random.nextInt(3); m > 0 && length > 0; m--) {
        byte[] mark = marks[random.nextInt(marks.length)].getBytes(StandardCharsets.US_ASCII);
        int at = random.nextInt(3) == 0 && length > 8200 ? 8192 - mark.length + random.nextInt(mark.length + 2)
            : random.nextInt(length);
        System.arraycopy(mark, 0, body, at, Math.min(mark.length, length - at));
      }
      boolean expected = PerBytePdfMark.in(Unpooled.wrappedBuffer(body));
      marked += expected ? 1 : 0;
      for (ByteBuf form : forms(body, random)) {
        assertThat(PdfMark.in(form)).as("round %d, %s", round, form).isEqualTo(expected);
        assertThat(PerBytePdfMark.in(form)).isEqualTo(expected);
        form.release();
      }
    }
    assertThat(marked).isBetween(400, 2100);
  }

  /** Returns {@code body} in a heap buffer, a direct one, one read from an offset, and a composite of random cuts. */
  private static ByteBuf[] forms(byte[] body, Random random) {
    ByteBuf direct = Unpooled.directBuffer(body.length + 1).writeBytes(body);
    byte[] padded = new byte[body.length + 5];
    System.arraycopy(body, 0, padded, 3, body.length);
    ByteBuf offset = Unpooled.wrappedBuffer(padded).setIndex(3, 3 + body.length);
    CompositeByteBuf composite = Unpooled.compositeBuffer();
    int from = 0;
    while (from < body.length) {
      int n = 1 + random.nextInt(Math.min(body.length - from, random.nextBoolean() ? 9 : 9000));
      byte[] piece = new byte[n];
      System.arraycopy(body, from, piece, 0, n);
      composite.addComponent(true, random.nextBoolean() ? Unpooled.wrappedBuffer(piece)
          : Unpooled.directBuffer(n).writeBytes(piece));
      from += n;
    }
    return new ByteBuf[] {Unpooled.wrappedBuffer(body), direct, offset, composite};
  }
}
