package io.kexin.gateway.document;

/**
 * Holds what reading a file (a PDF, an image) gave: its text, or, when it could not be read, why (never quoting the
 * file).
 * Exactly one of the two is non-null.
 */
public record FileReading(String text, String unreadable) {
  public FileReading {
    if ((text == null) == (unreadable == null)) {
      throw new IllegalArgumentException("exactly one of text and unreadable is expected");
    }
  }

  static FileReading text(String text) {
    return new FileReading(text, null);
  }

  static FileReading unread(String why) {
    return new FileReading(null, why);
  }

  /** Says whether the file was read. */
  public boolean read() {
    return text != null;
  }
}
