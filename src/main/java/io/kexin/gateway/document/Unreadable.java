package io.kexin.gateway.document;

import java.io.IOException;

/**
 * Signals that a PDF cannot be read within its bounds, saying why in words that never quote the file; {@code whole}
 * when the reason is about the whole reading (a bound shared by a PDF and its attachments) rather than one file.
 */
final class Unreadable extends IOException {
  private final boolean whole;

  Unreadable(String why, boolean whole) {
    super(why, null);
    this.whole = whole;
  }

  /** Returns the reason for a PDF that holds, as an attachment, the file this signal is about. */
  Unreadable attached() {
    return whole ? this : new Unreadable("has an attachment that " + getMessage(), false);
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
