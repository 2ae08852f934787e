package io.kexin.gateway.document;

/**
 * Holds what reading a PDF gave: its text, or, when it could not be read, why (never quoting the file).
 * Exactly one of the two is non-null.
 */
public record PdfReading(String text, String unreadable) {
  public PdfReading {
    if ((text == null) == (unreadable == null)) {
      throw new IllegalArgumentException("exactly one of text and unreadable is expected");
    }
  }

  static PdfReading text(String text) {
    return new PdfReading(text, null);
  }

  static PdfReading unread(String why) {
    return new PdfReading(null, why);
  }

  /** Says whether the PDF was read. */
  public boolean read() {
    return text != null;
  }
}
