package io.kexin.gateway.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kexin.gateway.config.PdfLimits;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.junit.jupiter.api.Test;

class PdfTextTest {
  private static final PdfText READER = new PdfText(PdfLimits.DEFAULT);

  @Test
  void readsTheTextOfACompressedEnglishPage() {
    byte[] pdf = TestPdfs.pdf("Deployment notes", "Use the access key AKIAQ3EGRT5LMWX2ZUTB for the bucket.");

    assertThat(new String(pdf, StandardCharsets.ISO_8859_1)).doesNotContain("AKIAQ3EGRT5LMWX2ZUTB");
    assertThat(PdfText.isPdf(pdf)).isTrue();
    FileReading reading = READER.read(pdf);

    assertThat(reading.read()).isTrue();
    assertThat(reading.text()).contains("Deployment notes\n").contains("AKIAQ3EGRT5LMWX2ZUTB");
  }

  @Test
  void readsTheTextOfAChinesePageThroughItsToUnicodeMap() {
    assumeTrue(TestPdfs.cjkFont() != null, "no CJK TrueType font on this machine (apt-get install fonts-droid-fallback)");
    byte[] pdf = TestPdfs.pdf("员工档案（内部资料）", "张伟，手机 13800138000，身份证 11010519491231002X。");

    assertThat(new String(pdf, StandardCharsets.ISO_8859_1)).doesNotContain("11010519491231002X");
    FileReading reading = READER.read(pdf);

    assertThat(reading.text()).contains("员工档案（内部资料）").contains("身份证 11010519491231002X");
  }

  @Test
  void givesEachLineOfThePageItsOwnLine() {
    FileReading reading = READER.read(TestPdfs.pdf("key AKIAQ3EGRT5L", "MWX2ZUTB end"));

    assertThat(reading.text()).isEqualTo("key AKIAQ3EGRT5L\nMWX2ZUTB end\n");
  }

  @Test
  void anEncryptedPdfIsNotRead() {
    byte[] pdf = TestPdfs.pages(1, "user-secret", "key AKIAQ3EGRT5LMWX2ZUTB");

    FileReading reading = READER.read(pdf);

    assertThat(reading.read()).isFalse();
    assertThat(reading.unreadable()).isEqualTo("is encrypted with a password");
  }

  @Test
  void aTruncatedPdfIsNotRead() {
    byte[] pdf = TestPdfs.pdf("key AKIAQ3EGRT5LMWX2ZUTB");

    FileReading reading = READER.read(Arrays.copyOf(pdf, pdf.length * 2 / 3));

    assertThat(reading.unreadable()).isEqualTo("is truncated (no end-of-file marker)");
  }

  @Test
  void aDamagedPdfIsNotReadAndTheReasonQuotesNothingOfIt() {
    byte[] pdf = "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> AKIAQ3EGRT5LMWX2ZUTB\n%%EOF\n"
        .getBytes(StandardCharsets.US_ASCII);

    FileReading reading = READER.read(pdf);

    assertThat(reading.read()).isFalse();
    assertThat(reading.unreadable()).startsWith("cannot be read").doesNotContain("AKIA");
  }

  @Test
  void boundsOnBytesPagesAndCharactersAreKept() {
    byte[] three = TestPdfs.pages(3, null, "page text that is thirty chars");

    assertThat(new PdfText(new PdfLimits(three.length - 1, null, null, null, null, null)).read(three).unreadable())
        .isEqualTo("is " + three.length + " bytes, over the " + (three.length - 1) + " read");
    assertThat(new PdfText(new PdfLimits(three.length, null, null, null, null, null)).read(three).read()).isTrue();
    assertThat(new PdfText(new PdfLimits(null, 2, null, null, null, null)).read(three).unreadable())
        .isEqualTo("has 3 pages, over the 2 read");
    assertThat(new PdfText(new PdfLimits(null, 3, null, null, null, null)).read(three).read()).isTrue();
    assertThat(new PdfText(new PdfLimits(null, null, 60, null, null, null)).read(three).unreadable())
        .isEqualTo("holds more than 60 characters of text");
    assertThat(new PdfText(new PdfLimits(null, null, 200, null, null, null)).read(three).text())
        .hasSize(3 * "page text that is thirty chars\n".length());
  }

  @Test
  void bytesWithoutAPdfHeaderAreNotAPdf() {
    assertThat(PdfText.isPdf("hello %PDF".getBytes(StandardCharsets.US_ASCII))).isFalse();
    assertThat(PdfText.isPdf("junk\n%PDF-1.4\n".getBytes(StandardCharsets.US_ASCII))).isTrue();
  }

  @Test
  void aPdfThatTakesLongerThanItsTimeIsNotRead() {
    assumeTrue(TestPdfs.cjkFont() != null, "no CJK TrueType font on this machine");
    byte[] pdf = TestPdfs.pages(30, null, "page text", "第二行", "third line", "第四行", "fifth line");
    long[] now = {0};
    // each look at the clock finds a millisecond gone, so the bound is met after a few looks
    PdfText ticking = new PdfText(new PdfLimits(null, null, null, null, 5, null), () -> now[0] += 1_000_000);
    PdfText frozen = new PdfText(new PdfLimits(null, null, null, null, 5, null), () -> now[0]);

    assertThat(ticking.read(pdf).unreadable()).isEqualTo("takes more than 5 ms to read");
    assertThat(frozen.read(pdf).text()).contains("page text\n");
  }

  @Test
  void aPdfCraftedToBeSlowIsNotReadWithinATinyBound() {
    assumeTrue(TestPdfs.cjkFont() != null, "no CJK TrueType font on this machine");
    byte[] pdf = TestPdfs.edited(doc -> {
      for (int p = 0; p < 4; p++) {
        PDPage page = new PDPage();
        doc.addPage(page);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
          // a compressed stream of 150,000 operators that draw nothing: a few kilobytes, a long parse
          for (int i = 0; i < 50_000; i++) {
            cs.saveGraphicsState();
            cs.restoreGraphicsState();
            cs.setLineWidth(1);
          }
        }
      }
    }, "a short first page", "第一页很短");

    assertThat(pdf.length).isLessThan(64 * 1024);
    assertThat(new PdfText(new PdfLimits(null, null, null, null, 1, null)).read(pdf).unreadable())
        .isEqualTo("takes more than 1 ms to read");
    assertThat(new PdfText(new PdfLimits(null, null, null, null, 600_000, null)).read(pdf).text())
        .startsWith("a short first page\n");
  }
}
