package io.kexin.gateway.document;

import io.kexin.gateway.config.PdfLimits;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;

/**
 * Reads a PDF, and the files attached to it (as text, or as PDFs in turn), into one text within one set of bounds
 * they share: the time, the pages, the characters, and the decoded bytes of what lies beside the pages; each file's
 * parse has the memory bound, one at a time (an attached PDF is read after the one holding it is closed). Not
 * thread-safe: one per reading.
 */
final class BoundedReading {
  /** How deep attached PDFs are read: a PDF, one attached to it, and one attached to that. */
  private static final int MAX_DEPTH = 3;

  private final PdfLimits limits;
  private final Deadline deadline;
  private final BoundedText text;
  /** The most pixels of an image its pages draw that is taken for OCR; 0: images are not taken. */
  private final long imagePixels;
  private final int maxSmallImages;
  private final List<byte[]> images = new ArrayList<>();
  private int pages;
  private long bytesLeft;

  BoundedReading(PdfLimits limits, Deadline deadline, long imagePixels, int maxSmallImages) {
    this.limits = limits;
    this.deadline = deadline;
    this.imagePixels = imagePixels;
    this.maxSmallImages = maxSmallImages;
    this.text = new BoundedText(limits.maxChars());
    this.bytesLeft = limits.maxBytes();
  }

  /** Returns the text read so far. */
  String text() {
    return text.toString();
  }

  /** Returns the images the pages read so far draw, when they are taken. */
  List<byte[]> images() {
    return images;
  }

  /** Reads the PDF in {@code bytes} and what is attached to it; throws why it cannot, never quoting it. */
  void read(byte[] bytes) throws Unreadable {
    try {
      read(bytes, 1);
    } catch (Deadline.TimeUp e) {
      throw timeUp();
    }
    if (deadline.up()) {
      // the parser swallowed a check (it skips a form it cannot draw): the reading is still over its time
      throw timeUp();
    }
  }

  private Unreadable timeUp() {
    return new Unreadable("takes more than " + deadline.millis() + " ms to read", true);
  }

  private void read(byte[] bytes, int depth) throws Unreadable {
    if (bytes.length > limits.maxBytes()) {
      throw new Unreadable("is " + bytes.length + " bytes, over the " + limits.maxBytes() + " read", false);
    }
    // A truncated file is often still parsed by a lenient reader, which then guesses at what the cut-off part held.
    if (!PdfText.ends(bytes)) {
      throw new Unreadable("is truncated (no end-of-file marker)", false);
    }
    List<OffPageText.Attachment> attachments;
    try (PDDocument document = Loader.loadPDF(bytes, "", null, null,
        MemoryUsageSetting.setupMainMemoryOnly(limits.maxMemoryBytes()).streamCache)) {
      deadline.check();
      pages += document.getNumberOfPages();
      if (pages > limits.maxPages()) {
        throw new Unreadable("has " + pages + " pages, over the " + limits.maxPages() + " read", true);
      }
      new PageText(deadline).writeText(document, text);
      if (imagePixels > 0) {
        PageImages.collect(document, deadline, imagePixels, images, maxSmallImages);
      }
      OffPageText beside = new OffPageText(document, text, deadline, bytesLeft);
      attachments = beside.read();
      bytesLeft = beside.bytesLeft();
    } catch (InvalidPasswordException e) {
      throw new Unreadable("is encrypted with a password", false);
    } catch (Unreadable e) {
      throw e;
    } catch (IOException | RuntimeException | StackOverflowError | OutOfMemoryError e) {
      if (e instanceof Deadline.TimeUp up) {
        throw up;
      }
      // A damaged file can fail anywhere in the parser; the reason names the kind of failure, never the content.
      throw new Unreadable("cannot be read (" + e.getClass().getSimpleName() + ")", false);
    }
    for (OffPageText.Attachment attachment : attachments) {
      String attached = FileText.text(attachment.bytes(), attachment.declaredText());
      if (attached != null && !PdfText.isPdf(attachment.bytes())) {
        text.line(attached);
      } else if (!PdfText.isPdf(attachment.bytes())) {
        throw new Unreadable("has an attachment that is neither text nor a PDF", false);
      } else if (depth == MAX_DEPTH) {
        throw new Unreadable("has PDFs attached " + MAX_DEPTH + " deep", false);
      } else {
        try {
          read(attachment.bytes(), depth + 1);
        } catch (Unreadable e) {
          throw e.attached();
        }
      }
    }
  }
}
