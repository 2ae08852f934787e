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
 * PNG, each once however often drawn; none when not asked; tiny images skipped; too many or too large ones make the
 * PDF unreadable; and their text, read back by the real engine, English and Chinese.
 */
class PageImagesTest {
  private static final PdfText PDFS = new PdfText(PdfLimits.DEFAULT);

  @Test
  void takesEachDrawnImageOnceAsStoredOrAsPng() {
    FileReading jpeg = PDFS.read(TestImages.scannedPdf(true, "scan"), 40_000_000L);
    FileReading png = PDFS.read(TestImages.scannedPdf(false, "scan"), 40_000_000L);

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
        40_000_000L);

    String text = ocr.read(scan.images().get(0), ocr.deadline()).text();

    assertThat(text).contains("ID card scan");
    assertThat(text.replace(" ", "")).contains("张伟").contains("11010519491231002X");
  }

  @Test
  void tinyImagesAreSkippedAndTooManyOrTooLargeOnesMakeThePdfUnreadable() throws IOException {
    assertThat(PDFS.read(pdfOf(1, 19, 19), 40_000_000L).images()).isEmpty();
    assertThat(PDFS.read(pdfOf(PageImages.MAX_IMAGES, 40, 40), 40_000_000L).images())
        .hasSize(PageImages.MAX_IMAGES);
    assertThat(PDFS.read(pdfOf(PageImages.MAX_IMAGES + 1, 40, 40), 40_000_000L).unreadable())
        .isEqualTo("draws more than 64 images");
    assertThat(PDFS.read(pdfOf(1, 400, 300), 100_000L).unreadable())
        .isEqualTo("draws an image of more than 100000 pixels");
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
