package io.kexin.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.document.TestPdfs;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
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
}
