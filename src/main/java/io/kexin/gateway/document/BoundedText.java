package io.kexin.gateway.document;

import java.io.Writer;

/**
 * Collects the text of a PDF and its attachments up to a bound, then fails, so a PDF's text is never held whole when
 * it is too long. Not thread-safe: one per reading.
 */
final class BoundedText extends Writer {
  private final StringBuilder sb = new StringBuilder();
  private final int max;

  BoundedText(int max) {
    this.max = max;
  }

  @Override
  public void write(char[] cbuf, int off, int len) throws Unreadable {
    room(len);
    sb.append(cbuf, off, len);
  }

  @Override
  public void write(String s, int off, int len) throws Unreadable {
    room(len);
    sb.append(s, off, off + len);
  }

  /** Adds {@code text} as a line of its own, unless it is blank. */
  void line(String text) throws Unreadable {
    if (text == null || text.isBlank()) {
      return;
    }
    write(text, 0, text.length());
    write("\n", 0, 1);
  }

  private void room(int len) throws Unreadable {
    if (sb.length() + len > max) {
      throw new Unreadable("holds more than " + max + " characters of text", true);
    }
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
