package io.kexin.gateway.audit;

import static java.util.Objects.requireNonNull;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Appends to a file that can be reopened by name, so that after a log rotator renamed it away ({@code logrotate}
 * with {@code postrotate kill -HUP}) new lines go to a new file of the same name. Thread-safe.
 */
final class ReopenableFile extends OutputStream {
  private final Path path;
  private FileOutputStream out;

  /** Opens {@code path} for appending, creating it if missing. */
  ReopenableFile(Path path) throws IOException {
    this.path = requireNonNull(path, "path");
    // FileOutputStream, not a FileChannel stream: a write must not be undone by an interrupt.
    this.out = new FileOutputStream(path.toFile(), true);
  }

  /** Opens the file by its name again and closes the old stream; on failure the old stream stays in use. */
  synchronized void reopen() throws IOException {
    FileOutputStream next = new FileOutputStream(path.toFile(), true);
    FileOutputStream old = out;
    out = next;
    old.close();
  }

  @Override
  public synchronized void write(int b) throws IOException {
    out.write(b);
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
  }

  @Override
  public synchronized void flush() throws IOException {
    out.flush();
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }
}
