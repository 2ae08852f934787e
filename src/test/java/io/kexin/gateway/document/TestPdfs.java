package io.kexin.gateway.document;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceDictionary;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceStream;

/**
 * Writes real PDFs with PDFBox for tests: compressed content streams, Helvetica for Latin text, and for Chinese an
 * embedded CJK TrueType font (subset, with the ToUnicode map PDFBox writes), one text line per string.
 */
public final class TestPdfs {
  /** CJK TrueType fonts looked for on the machine (Debian's fonts-droid-fallback, fonts-noto-cjk…). */
  private static final List<Path> CJK_FONTS = List.of(
      Path.of("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"),
      Path.of("/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf"),
      Path.of("/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf"));

  private TestPdfs() {
  }

  /** Returns a CJK TrueType font present on the machine, or null. */
  public static Path cjkFont() {
    return CJK_FONTS.stream().filter(Files::isReadable).findFirst().orElse(null);
  }

  /** Returns a one-page PDF whose page shows {@code lines}: ASCII in Helvetica, the rest in the CJK font. */
  public static byte[] pdf(String... lines) {
    return pages(1, null, lines);
  }

  /** Returns a PDF of {@code count} pages that each show {@code lines}, encrypted with {@code userPassword} if set. */
  public static byte[] pages(int count, String userPassword, String... lines) {
    return pages(count, userPassword, doc -> { }, lines);
  }

  /** Returns a one-page PDF that shows {@code lines}, changed by {@code edit} before it is saved. */
  public static byte[] edited(Edit edit, String... lines) {
    return pages(1, null, edit, lines);
  }

  /** Changes a document before it is saved. */
  @FunctionalInterface
  public interface Edit {
    /** Changes {@code doc}. */
    void apply(PDDocument doc) throws IOException;
  }

  /** Returns Helvetica for ASCII {@code text}, else the machine's CJK font loaded into {@code doc}. */
  public static PDFont font(PDDocument doc, String text) throws IOException {
    return text.chars().allMatch(c -> c < 0x80) ? new PDType1Font(Standard14Fonts.FontName.HELVETICA)
        : PDType0Font.load(doc, cjkFont().toFile());
  }

  /** Gives {@code annotation} a normal appearance that draws {@code text}, as a viewer shows it on the page. */
  public static void drawn(PDDocument doc, PDAnnotation annotation, String text) throws IOException {
    PDAppearanceStream appearance = new PDAppearanceStream(doc);
    appearance.setBBox(new PDRectangle(0, 0, 400, 20));
    appearance.setResources(new PDResources());
    try (PDPageContentStream cs = new PDPageContentStream(doc, appearance)) {
      cs.beginText();
      cs.newLineAtOffset(2, 5);
      show(cs, doc, 10, text);
      cs.endText();
    }
    PDAppearanceDictionary dictionary = new PDAppearanceDictionary();
    dictionary.setNormalAppearance(appearance);
    annotation.setAppearance(dictionary);
  }

  /** Shows {@code line} in a text object of {@code cs}: ASCII in Helvetica, the rest in the CJK font. */
  public static void show(PDPageContentStream cs, PDDocument doc, float size, String line) throws IOException {
    show(cs, new PDType1Font(Standard14Fonts.FontName.HELVETICA), font(doc, line), size, line);
  }

  /** Shows {@code line}, each run in the font that has it (a CJK font may lack Latin glyphs), as word processors do. */
  private static void show(PDPageContentStream cs, PDFont latin, PDFont cjk, float size, String line)
      throws IOException {
    int from = 0;
    while (from < line.length()) {
      boolean inAscii = line.charAt(from) < 0x80;
      int to = from;
      while (to < line.length() && (line.charAt(to) < 0x80) == inAscii) {
        to++;
      }
      cs.setFont(inAscii ? latin : cjk, size);
      cs.showText(line.substring(from, to));
      from = to;
    }
  }

  private static byte[] pages(int count, String userPassword, Edit edit, String... lines) {
    try (PDDocument doc = new PDDocument()) {
      boolean ascii = Arrays.stream(lines).allMatch(l -> l.chars().allMatch(c -> c < 0x80));
      PDFont latin = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
      PDFont cjk = ascii ? null : PDType0Font.load(doc, cjkFont().toFile());
      for (int p = 0; p < count; p++) {
        PDPage page = new PDPage();
        doc.addPage(page);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
          cs.beginText();
          cs.setLeading(18);
          cs.newLineAtOffset(50, 700);
          for (String line : lines) {
            show(cs, latin, cjk, 12, line);
            cs.newLine();
          }
          cs.endText();
        }
      }
      edit.apply(doc);
      if (userPassword != null) {
        StandardProtectionPolicy policy = new StandardProtectionPolicy("owner-secret", userPassword,
            new AccessPermission());
        policy.setEncryptionKeyLength(128);
        doc.protect(policy);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
