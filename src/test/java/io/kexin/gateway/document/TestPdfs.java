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
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

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
            // A CJK font may lack Latin glyphs: each run is shown in the font that has it, as word processors do.
            int from = 0;
            while (from < line.length()) {
              boolean inAscii = line.charAt(from) < 0x80;
              int to = from;
              while (to < line.length() && (line.charAt(to) < 0x80) == inAscii) {
                to++;
              }
              cs.setFont(inAscii ? latin : cjk, 12);
              cs.showText(line.substring(from, to));
              from = to;
            }
            cs.newLine();
          }
          cs.endText();
        }
      }
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
