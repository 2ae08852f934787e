package io.kexin.gateway.document;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.config.PdfLimits;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * Reads the page text of a PDF, as a model given the file reads it, within {@link PdfLimits}: the bytes, the pages,
 * the characters taken, and the memory the parse may use (main memory only, no temporary files). PDF parsing is left
 * to Apache PDFBox, a maintained library: compressed streams, fonts and their ToUnicode maps are not worth writing by
 * hand. Never throws on bad input: a PDF it cannot read comes back as a {@link PdfReading} with a reason, which
 * never quotes the file. Thread-safe.
 */
public final class PdfText {
  /** How far from the start PDFBox looks for the header, and from the end a whole file has its end marker. */
  private static final int MARK_WINDOW = 1024;
  private static final byte[] HEADER = "%PDF-".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] END = "%%EOF".getBytes(StandardCharsets.US_ASCII);

  private final PdfLimits limits;

  /** Creates a reader within {@code limits}. */
  public PdfText(PdfLimits limits) {
    this.limits = requireNonNull(limits, "limits");
  }

  /** Returns the bounds this reader keeps. */
  public PdfLimits limits() {
    return limits;
  }

  /** Says whether {@code bytes} are a PDF: the header {@code %PDF-} within the first kilobyte, as readers accept. */
  public static boolean isPdf(byte[] bytes) {
    return indexOf(bytes, HEADER, 0, Math.min(bytes.length, MARK_WINDOW)) >= 0;
  }

  /** Returns the text of every page of the PDF in {@code bytes}, lines ending in a line feed, or why it is unread. */
  public PdfReading read(byte[] bytes) {
    if (bytes.length > limits.maxBytes()) {
      return PdfReading.unread("is " + bytes.length + " bytes, over the " + limits.maxBytes() + " read");
    }
    // A truncated file is often still parsed by a lenient reader, which then guesses at what the cut-off part held.
    if (indexOf(bytes, END, Math.max(0, bytes.length - MARK_WINDOW), bytes.length) < 0) {
      return PdfReading.unread("is truncated (no end-of-file marker)");
    }
    try (PDDocument document = Loader.loadPDF(bytes, "", null, null,
        MemoryUsageSetting.setupMainMemoryOnly(limits.maxMemoryBytes()).streamCache)) {
      int pages = document.getNumberOfPages();
      if (pages > limits.maxPages()) {
        return PdfReading.unread("has " + pages + " pages, over the " + limits.maxPages() + " read");
      }
      PDFTextStripper stripper = new PDFTextStripper();
      stripper.setLineSeparator("\n");
      stripper.setSortByPosition(true);
      BoundedWriter text = new BoundedWriter(limits.maxChars());
      stripper.writeText(document, text);
      return PdfReading.text(text.toString());
    } catch (InvalidPasswordException e) {
      return PdfReading.unread("is encrypted with a password");
    } catch (TooMuchText e) {
      return PdfReading.unread("holds more than " + limits.maxChars() + " characters of text");
    } catch (IOException | RuntimeException | StackOverflowError | OutOfMemoryError e) {
      // A damaged file can fail anywhere in the parser; the reason names the kind of failure, never the content.
      return PdfReading.unread("cannot be read (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static int indexOf(byte[] bytes, byte[] mark, int from, int to) {
    for (int i = from; i + mark.length <= to; i++) {
      int j = 0;
      while (j < mark.length && bytes[i + j] == mark[j]) {
        j++;
      }
      if (j == mark.length) {
        return i;
      }
    }
    return -1;
  }

  /** Signals that a PDF's text passed the character bound. */
  private static final class TooMuchText extends IOException {
    TooMuchText() {
      super("text over the bound");
    }
  }

  /** Collects text up to a bound, then fails, so a PDF's text is never held whole when it is too long. */
  private static final class BoundedWriter extends Writer {
    private final StringBuilder sb = new StringBuilder();
    private final int max;

    BoundedWriter(int max) {
      this.max = max;
    }

    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
      if (sb.length() + len > max) {
        throw new TooMuchText();
      }
      sb.append(cbuf, off, len);
    }

    @Override
    public void write(String s, int off, int len) throws IOException {
      if (sb.length() + len > max) {
        throw new TooMuchText();
      }
      sb.append(s, off, off + len);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
      return sb.toString();
    }
  }
}
