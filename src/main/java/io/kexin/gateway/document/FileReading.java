package io.kexin.gateway.document;

import java.util.List;

/**
 * Holds what reading a file (a PDF, an image) gave: its text, or, when it could not be read, why (never quoting the
 * file); exactly one of the two is non-null. A PDF read for its images too also gives the images its pages draw, as
 * bytes an OCR engine reads.
 */
public record FileReading(String text, String unreadable, List<byte[]> images) {
  public FileReading {
    if ((text == null) == (unreadable == null)) {
      throw new IllegalArgumentException("exactly one of text and unreadable is expected");
    }
    images = List.copyOf(images);
  }

  static FileReading text(String text) {
    return new FileReading(text, null, List.of());
  }

  static FileReading text(String text, List<byte[]> images) {
    return new FileReading(text, null, images);
  }

  static FileReading unread(String why) {
    return new FileReading(null, why, List.of());
  }

  /** Says whether the file was read. */
  public boolean read() {
    return text != null;
  }
}
