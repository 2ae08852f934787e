package io.kexin.gateway.document;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.config.ImageLimits;
import io.kexin.gateway.config.PdfLimits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.junit.jupiter.api.Test;

/**
 * Takes the images a PDF's pages draw, for OCR: a scan stored as JPEG handed over as stored, one stored losslessly as
 * PNG, an image mask black on white, each once however often drawn; none when not asked; a few tiny images skipped;
 * a page drawing text as many tiny images or as outlines rendered; too many or too large images make the PDF
 * unreadable; and their text, read back by the real engine, English and Chinese.
 */
class PageImagesTest {
  private static final PdfText PDFS = new PdfText(PdfLimits.DEFAULT);

  @Test
  void takesEachDrawnImageOnceAsStoredOrAsPng() {
    FileReading jpeg = PDFS.read(TestImages.scannedPdf(true, "scan"), 40_000_000L, 8);
    FileReading png = PDFS.read(TestImages.scannedPdf(false, "scan"), 40_000_000L, 8);

    assertThat(jpeg.text()).isBlank();
    assertThat(jpeg.images()).hasSize(1);
    assertThat(ImageFormat.of(jpeg.images().get(0))).isEqualTo(ImageFormat.JPEG);
    assertThat(png.images()).hasSize(1);
    assertThat(ImageFormat.of(png.images().get(0))).isEqualTo(ImageFormat.PNG);
    assertThat(PDFS.read(TestImages.scannedPdf(true, "scan")).images()).isEmpty();
  }

  @Test
  void theTextOfAScannedPageIsReadBackInEnglishAndChinese() {
    TestImages.requireOcr();
    ImageText ocr = new ImageText(new ImageLimits(true, null, null, null, null, null, null, null, null));
    FileReading scan = PDFS.read(TestImages.scannedPdf(false, "ID card scan", "张伟 身份证 11010519491231002X"),
        40_000_000L, 8);

    String text = ocr.read(scan.images().get(0), ocr.deadline()).text();

    assertThat(text).contains("ID card scan");
    assertThat(text.replace(" ", "")).contains("张伟").contains("11010519491231002X");
  }

  @Test
  void tinyImagesAreSkippedAndTooManyOrTooLargeOnesMakeThePdfUnreadable() throws IOException {
    assertThat(PDFS.read(pdfOf(1, 19, 19), 40_000_000L, 8).images()).isEmpty();
    assertThat(PDFS.read(pdfOf(PageImages.MAX_IMAGES, 40, 40), 40_000_000L, 8).images())
        .hasSize(PageImages.MAX_IMAGES);
    assertThat(PDFS.read(pdfOf(PageImages.MAX_IMAGES + 1, 40, 40), 40_000_000L, 8).unreadable())
        .isEqualTo("draws more than 64 images");
    assertThat(PDFS.read(pdfOf(1, 400, 300), 100_000L, 8).unreadable())
        .isEqualTo("draws an image of more than 100000 pixels");
  }

  @Test
  void aPageDrawingTextAsTinyImagesOrOutlinesIsRenderedOrRefusedAndAFewIconsAreNot() throws IOException {
    assertThat(PDFS.read(pdfOf(8, 19, 19), 40_000_000L, 8).images()).isEmpty();
    // a key a letter an image: no image holds it and no engine reads it back reliably
    assertThat(PDFS.read(TestImages.letterPerImagePdf("AKIAZ7Q3M4XK2P5RT5WB", 16), 40_000_000L, 8).unreadable())
        .isEqualTo("draws more than 8 distinct images under 20 x 20 pixels (text split over many tiny images, a"
            + " character each, is not read whole)");
    assertThat(PDFS.read(pdfOf(9, 19, 19), 40_000_000L, 8).read()).isFalse();
    // one tiny image drawn at many places spells as well as many images do: every drawing counts
    assertThat(PDFS.read(sameImageDrawn(9, 10, 10), 40_000_000L, 8).images()).hasSize(1);
    assertThat(PDFS.read(sameImageDrawn(3, 10, 10), 40_000_000L, 8).images()).isEmpty();
    assertThat(PDFS.read(TestImages.outlinedPdf("a key in outlines AKIAZ7Q3M4XK2P5RT5WB"), 40_000_000L, 8).images())
        .hasSize(1);
    // not asked for images: nothing is rendered or counted
    assertThat(PDFS.read(pdfOf(9, 19, 19)).read()).isTrue();
    assertThat(PDFS.read(TestImages.outlinedPdf("AKIAZ7Q3M4XK2P5RT5WB")).images()).isEmpty();
  }

  @Test
  void textInOutlinesOrRepeatedTinyImagesIsReadBackFromTheRenderedPageInEnglishAndChinese() {
    TestImages.requireOcr();
    ImageText ocr = new ImageText(new ImageLimits(true, null, null, null, null, null, null, null, null));

    // a phone's eight distinct digits, one 19 x 19 image each, drawn eleven times
    FileReading digits = PDFS.read(TestImages.letterPerImagePdf("13812345678", 19), 40_000_000L, 8);
    FileReading outlines = PDFS.read(TestImages.outlinedPdf("Deploy key AKIAZ7Q3M4XK2P5RT5WB",
        "张伟 身份证 11010519491231002X"), 40_000_000L, 8);

    assertThat(ocr.read(digits.images().get(0), ocr.deadline()).text().replace(" ", "")).contains("13812345678");
    String text = ocr.read(outlines.images().get(0), ocr.deadline()).text().replace(" ", "");
    assertThat(text).contains("AKIAZ7Q3M4XK2P5RT5WB").contains("张伟").contains("11010519491231002X");
  }

  @Test
  void aPageStrokingLettersOrDrawingThemDotByDotIsRenderedAndATableGridIsNot() {
    assertThat(PDFS.read(TestImages.strokedPdf("AKIAZ7Q3M4XK2P5RT5WB"), 40_000_000L, 8).images()).hasSize(1);
    assertThat(PDFS.read(TestImages.dotDigitsPdf("13812345678", 3), 40_000_000L, 8).images()).hasSize(1);
    assertThat(PDFS.read(TestImages.tableGridPdf(30), 40_000_000L, 8).images()).isEmpty();
    // dots the size of a table's cells are not a letter's
    assertThat(PDFS.read(TestImages.dotDigitsPdf("13812345678", 20), 40_000_000L, 8).images()).isEmpty();
  }

  @Test
  void textStrokedOrDrawnDotByDotIsReadBackFromTheRenderedPageInEnglishAndChinese() {
    TestImages.requireOcr();
    ImageText ocr = new ImageText(new ImageLimits(true, null, null, null, null, null, null, null, null));
    FileReading stroked = PDFS.read(TestImages.strokedPdf("Deploy key AKIAZ7Q3M4XK2P5RT5WB",
        "张伟 身份证 11010519491231002X"), 40_000_000L, 8);
    FileReading dots = PDFS.read(TestImages.dotDigitsPdf("13812345678", 3), 40_000_000L, 8);

    String text = ocr.read(stroked.images().get(0), ocr.deadline()).text().replace(" ", "");
    // hollow Chinese letters of 14 points are read where their strokes are few (身份证), not always (张伟)
    assertThat(text).contains("AKIAZ7Q3M4XK2P5RT5WB").contains("身份证11010519491231002X");
    assertThat(ocr.read(dots.images().get(0), ocr.deadline()).text().replace(" ", "")).contains("13812345678");
  }

  @Test
  void textDrawnAsAnImageMaskIsTakenBlackOnWhiteAndReadBackInEnglishAndChinese() {
    TestImages.requireOcr();
    ImageText ocr = new ImageText(new ImageLimits(true, null, null, null, null, null, null, null, null));
    FileReading stencil = PDFS.read(TestImages.stencilPdf("Stencil AKIAZ7Q3M4XK2P5RT5WB", "张伟 手机 13812345678"),
        40_000_000L, 8);

    assertThat(stencil.images()).hasSize(1);
    String text = ocr.read(stencil.images().get(0), ocr.deadline()).text().replace(" ", "");
    assertThat(text).contains("AKIAZ7Q3M4XK2P5RT5WB").contains("张伟").contains("13812345678");
  }

  /** Returns a one-page PDF drawing one image of {@code w} × {@code h} pixels {@code times} times. */
  private static byte[] sameImageDrawn(int times, int w, int h) throws IOException {
    try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      PDPage page = new PDPage();
      doc.addPage(page);
      PDImageXObject x = LosslessFactory.createFromImage(doc,
          new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_BYTE_GRAY));
      try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
        for (int i = 0; i < times; i++) {
          cs.drawImage(x, 20, 20 + i * 15f, 10, 10);
        }
      }
      doc.save(out);
      return out.toByteArray();
    }
  }

  /** Returns a one-page PDF drawing {@code count} distinct blank images of {@code w} × {@code h} pixels. */
  private static byte[] pdfOf(int count, int w, int h) throws IOException {
    try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      PDPage page = new PDPage();
      doc.addPage(page);
      try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
        for (int i = 0; i < count; i++) {
          java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(w, h,
              java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
          img.getRaster().setSample(i % w, 0, 0, i % 255);
          PDImageXObject x = LosslessFactory.createFromImage(doc, img);
          cs.drawImage(x, (i % 8) * 60f, (i / 8) * 60f, 40, 40);
        }
      }
      doc.save(out);
      return out.toByteArray();
    }
  }
}
