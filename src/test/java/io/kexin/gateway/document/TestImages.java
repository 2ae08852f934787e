package io.kexin.gateway.document;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Draws test images of text (Latin in DejaVu Sans, the rest in Droid Sans Fallback, both read from their Debian
 * files, so the drawing does not depend on the machine's font configuration) and says whether Tesseract is installed:
 * without it an OCR test is skipped with a message, unless {@code KEXIN_OCR_REQUIRED=1} (as CI sets it), which makes it
 * fail.
 */
public final class TestImages {
  private static final Path LATIN = Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
  private static final List<Path> TESSERACT = List.of(Path.of("/usr/bin/tesseract"),
      Path.of("/usr/local/bin/tesseract"));
  private static final Path CHINESE_MODEL = Path.of("/usr/share/tesseract-ocr/5/tessdata/chi_sim.traineddata");

  private TestImages() {
  }

  /** Skips the test (fails it under {@code KEXIN_OCR_REQUIRED=1}) unless Tesseract, its Chinese model and the fonts are installed. */
  public static void requireOcr() {
    boolean engine = TESSERACT.stream().anyMatch(Files::isExecutable) && Files.isReadable(CHINESE_MODEL);
    boolean fonts = Files.isReadable(LATIN) && TestPdfs.cjkFont() != null;
    if (engine && fonts) {
      return;
    }
    String message = "OCR tests need Debian's tesseract-ocr, tesseract-ocr-chi-sim, fonts-dejavu-core and"
        + " fonts-droid-fallback (CI's .ci/run installs them)";
    if ("1".equals(System.getenv("KEXIN_OCR_REQUIRED"))) {
      fail(message + ", and KEXIN_OCR_REQUIRED=1 requires them");
    }
    assumeTrue(false, message + ": test skipped");
  }

  /** Returns a PNG, black text on white, one line per string, 28-pixel letters. */
  public static byte[] png(String... lines) {
    return encode(draw(lines), "png");
  }

  /** Returns the lines drawn as {@code format} (png, jpeg, gif, bmp, tiff). */
  public static byte[] image(String format, String... lines) {
    return encode(draw(lines), format);
  }

  private static BufferedImage draw(String... lines) {
    Font latin = font(LATIN);
    Font chinese = font(TestPdfs.cjkFont());
    BufferedImage img = new BufferedImage(1100, 60 + 50 * lines.length, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, img.getWidth(), img.getHeight());
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.BLACK);
      for (int i = 0; i < lines.length; i++) {
        int x = 20;
        String line = lines[i];
        for (int k = 0; k < line.length(); ) {
          int cp = line.codePointAt(k);
          Font f = cp < 0x2E80 && latin.canDisplay(cp) ? latin : chinese;
          g.setFont(f);
          String s = new String(Character.toChars(cp));
          g.drawString(s, x, 50 + 50 * i);
          x += g.getFontMetrics().stringWidth(s);
          k += Character.charCount(cp);
        }
      }
    } finally {
      g.dispose();
    }
    return img;
  }

  private static Font font(Path file) {
    try {
      return Font.createFont(Font.TRUETYPE_FONT, file.toFile()).deriveFont(28f);
    } catch (FontFormatException | IOException e) {
      throw new IllegalStateException("cannot load the test font " + file, e);
    }
  }

  private static byte[] encode(BufferedImage img, String format) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (!ImageIO.write(img, format, out)) {
        throw new IllegalArgumentException("no writer for " + format);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Returns a PDF whose one page is a scan: no text layer, only {@code image} drawn over the page, stored as a JPEG
   * ({@code jpeg}: DCT, as scanners write photos) or losslessly (Flate, as they write bilevel pages), drawn twice.
   */
  public static byte[] scannedPdf(boolean jpeg, String... lines) {
    return onePage((doc, cs) -> {
      BufferedImage img = draw(lines);
      org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject x = jpeg
          ? org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory.createFromImage(doc, img, 0.9f)
          : org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory.createFromImage(doc, img);
      cs.drawImage(x, 20, 500, img.getWidth() / 2f, img.getHeight() / 2f);
      cs.drawImage(x, 20, 200, img.getWidth() / 2f, img.getHeight() / 2f);
    });
  }

  /**
   * Returns a PDF whose one page draws {@code lines} as an image mask (a one-bit stencil painted in the fill colour, as
   * some scanners and producers store bilevel text), with no text layer.
   */
  public static byte[] stencilPdf(String... lines) {
    BufferedImage drawn = draw(lines);
    BufferedImage bits = new BufferedImage(drawn.getWidth(), drawn.getHeight(), BufferedImage.TYPE_BYTE_BINARY);
    Graphics2D g = bits.createGraphics();
    try {
      g.drawImage(drawn, 0, 0, null);
    } finally {
      g.dispose();
    }
    // a stencil's sample 0 is painted: the binary raster's black (0) is the text, its white (1) the page
    byte[] packed = ((java.awt.image.DataBufferByte) bits.getRaster().getDataBuffer()).getData();
    java.util.zip.Deflater deflater = new java.util.zip.Deflater();
    deflater.setInput(packed);
    deflater.finish();
    ByteArrayOutputStream flate = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    while (!deflater.finished()) {
      flate.write(chunk, 0, deflater.deflate(chunk));
    }
    deflater.end();
    return onePage((doc, cs) -> {
      org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject x =
          new org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject(doc,
              new java.io.ByteArrayInputStream(flate.toByteArray()), org.apache.pdfbox.cos.COSName.FLATE_DECODE,
              bits.getWidth(), bits.getHeight(), 1, null);
      x.setStencil(true);
      cs.setNonStrokingColor(Color.BLACK);
      cs.drawImage(x, 20, 500, bits.getWidth() / 2f, bits.getHeight() / 2f);
    });
  }

  /**
   * Returns a PDF whose one page draws {@code lines} as filled outlines (text turned into curves, as design tools
   * export it): no text layer, no image.
   */
  public static byte[] outlinedPdf(String... lines) {
    return outlines(false, lines);
  }

  /** Returns a PDF whose one page draws {@code lines} as stroked outlines (hollow letters): no text layer, no image. */
  public static byte[] strokedPdf(String... lines) {
    return outlines(true, lines);
  }

  private static byte[] outlines(boolean stroke, String... lines) {
    Font latin = font(LATIN).deriveFont(14f);
    Font chinese = font(TestPdfs.cjkFont()).deriveFont(14f);
    java.awt.font.FontRenderContext context = new java.awt.font.FontRenderContext(null, true, true);
    return onePage((doc, cs) -> {
      cs.setNonStrokingColor(Color.BLACK);
      cs.setStrokingColor(Color.BLACK);
      cs.setLineWidth(0.6f);
      for (int i = 0; i < lines.length; i++) {
        float x = 40;
        float baseline = 700 - 30 * i;
        String line = lines[i];
        for (int k = 0; k < line.length(); ) {
          int cp = line.codePointAt(k);
          Font f = cp < 0x2E80 && latin.canDisplay(cp) ? latin : chinese;
          java.awt.font.GlyphVector glyphs = f.createGlyphVector(context, new String(Character.toChars(cp)));
          java.awt.geom.PathIterator it = glyphs.getOutline(x, 0).getPathIterator(null);
          float[] c = new float[6];
          while (!it.isDone()) {
            // Java 2D's y grows downwards, the page's upwards from the baseline
            switch (it.currentSegment(c)) {
              case java.awt.geom.PathIterator.SEG_MOVETO -> cs.moveTo(c[0], baseline - c[1]);
              case java.awt.geom.PathIterator.SEG_LINETO -> cs.lineTo(c[0], baseline - c[1]);
              case java.awt.geom.PathIterator.SEG_QUADTO -> cs.curveTo1(c[0], baseline - c[1], c[2],
                  baseline - c[3]);
              case java.awt.geom.PathIterator.SEG_CUBICTO -> cs.curveTo(c[0], baseline - c[1], c[2],
                  baseline - c[3], c[4], baseline - c[5]);
              default -> cs.closePath();
            }
            it.next();
          }
          if (stroke) {
            cs.stroke();
          } else {
            cs.fill();
          }
          x += (float) glyphs.getLogicalBounds().getWidth();
          k += Character.charCount(cp);
        }
      }
    });
  }

  /**
   * Returns a PDF whose one page draws each character of {@code text} as an image of {@code size} pixels square, one
   * image object per distinct character, drawn again where the character repeats (as a font would).
   */
  public static byte[] letterPerImagePdf(String text, int size) {
    return onePage((doc, cs) -> {
      java.util.Map<Character, org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject> glyphs =
          new java.util.HashMap<>();
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject x = glyphs.get(c);
        if (x == null) {
          x = org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject.createFromByteArray(doc, letter(c, size),
              "letter-" + i + ".png");
          glyphs.put(c, x);
        }
        cs.drawImage(x, 20 + i * (size + 2), 600, size, size);
      }
    });
  }

  /** Returns a PNG of {@code size} × {@code size} pixels with the one character {@code c} drawn in it, black on white. */
  public static byte[] letter(char c, int size) {
    BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, size, size);
      g.setColor(Color.BLACK);
      g.setFont(font(LATIN).deriveFont((float) size - 2));
      g.drawString(String.valueOf(c), 1, size - 3);
    } finally {
      g.dispose();
    }
    return encode(img, "png");
  }

  /** Returns a one-bit PNG of {@code width} × {@code height} blank pixels: small in bytes, huge in pixels. */
  public static byte[] blank(int width, int height) {
    return encode(new BufferedImage(width, height, BufferedImage.TYPE_BYTE_BINARY), "png");
  }

  /** Returns the path of a script that runs Tesseract and appends a line to {@code log} each time it reads an image. */
  public static Path countingEngine(Path dir, Path log) throws IOException {
    Path script = dir.resolve("counting-tesseract");
    Files.writeString(script, "#!/bin/sh\n[ \"$1\" = stdin ] && echo read >> '" + log + "'\nexec tesseract \"$@\"\n");
    if (!script.toFile().setExecutable(true)) {
      throw new IOException("cannot make " + script + " executable");
    }
    return script;
  }

  /** The digits of a 5 × 7 dot font, a row of five dots a string. */
  private static final String[][] DOTS = {
      {"01110", "10001", "10011", "10101", "11001", "10001", "01110"},
      {"00100", "01100", "00100", "00100", "00100", "00100", "01110"},
      {"01110", "10001", "00001", "00010", "00100", "01000", "11111"},
      {"11111", "00010", "00100", "00010", "00001", "10001", "01110"},
      {"00010", "00110", "01010", "10010", "11111", "00010", "00010"},
      {"11111", "10000", "11110", "00001", "00001", "10001", "01110"},
      {"00110", "01000", "10000", "11110", "10001", "10001", "01110"},
      {"11111", "00001", "00010", "00100", "01000", "01000", "01000"},
      {"01110", "10001", "10001", "01110", "10001", "10001", "01110"},
      {"01110", "10001", "10001", "01111", "00001", "00010", "01100"}};

  /**
   * Returns a PDF whose one page draws {@code digits} in a 5 × 7 dot font, each dot a filled rectangle of
   * {@code dot} points (an LED sign, a receipt printer's font): no text layer, no image, no curve.
   */
  public static byte[] dotDigitsPdf(String digits, float dot) {
    return onePage((doc, cs) -> {
      cs.setNonStrokingColor(Color.BLACK);
      for (int k = 0; k < digits.length(); k++) {
        String[] rows = DOTS[digits.charAt(k) - '0'];
        for (int row = 0; row < 7; row++) {
          for (int col = 0; col < 5; col++) {
            if (rows[row].charAt(col) == '1') {
              cs.addRect(40 + k * 7 * dot + col * dot, 700 - row * dot, dot, dot);
            }
          }
        }
      }
      cs.fill();
    });
  }

  /**
   * Returns a PDF whose one page draws a table's grid: {@code rows} × 4 cells of 110 × 18 points stroked as
   * rectangles, and long rules under the header: no text, nothing to read.
   */
  public static byte[] tableGridPdf(int rows) {
    return onePage((doc, cs) -> {
      cs.setStrokingColor(Color.BLACK);
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < 4; c++) {
          cs.addRect(40 + c * 110, 700 - r * 18, 110, 18);
          cs.stroke();
        }
        cs.moveTo(40, 700 - r * 18);
        cs.lineTo(480, 700 - r * 18);
        cs.stroke();
      }
    });
  }

  /** Draws a page of a PDF: on its content stream, with images added to its document. */
  private interface PageDrawing {
    void draw(org.apache.pdfbox.pdmodel.PDDocument doc, org.apache.pdfbox.pdmodel.PDPageContentStream cs)
        throws IOException;
  }

  /** Returns a PDF of one page, drawn by {@code drawing}. */
  private static byte[] onePage(PageDrawing drawing) {
    try (org.apache.pdfbox.pdmodel.PDDocument doc = new org.apache.pdfbox.pdmodel.PDDocument();
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      org.apache.pdfbox.pdmodel.PDPage page = new org.apache.pdfbox.pdmodel.PDPage();
      doc.addPage(page);
      try (org.apache.pdfbox.pdmodel.PDPageContentStream cs = new org.apache.pdfbox.pdmodel.PDPageContentStream(doc,
          page)) {
        drawing.draw(doc, cs);
      }
      doc.save(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
