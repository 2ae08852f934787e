package io.kexin.gateway.document;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.config.ImageLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Reads the text drawn in an image, as a vision model reads it, with an OCR engine (Tesseract) within
 * {@link ImageLimits}: the bytes, the pixels (from the header, before any decoding), the wall time of one body's
 * images, and how many readings run at once. Character recognition is left to Tesseract, a maintained engine with
 * Chinese and English models; it runs as a child process rather than a native binding, so an engine that crashes or
 * hangs on a hostile image is killed at its deadline and takes nothing of the gateway with it, and its memory is its
 * own. Never throws on bad input: an image it cannot read comes back as a {@link FileReading} with a reason, which
 * never quotes the image. Thread-safe.
 */
public final class ImageText {
  /** The most bytes of text taken from one image: a page of dense Chinese is a few kilobytes. */
  private static final int MAX_TEXT_BYTES = 1 << 20;

  private final ImageLimits limits;
  private final Semaphore slots;
  private final ScheduledExecutorService deadlines;

  /** Creates a reader within {@code limits}; it starts no thread and no process while OCR is off. */
  public ImageText(ImageLimits limits) {
    this.limits = requireNonNull(limits, "limits");
    this.slots = new Semaphore(limits.maxConcurrent(), true);
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "kexin-ocr-deadline");
      t.setDaemon(true);
      return t;
    });
    timer.setRemoveOnCancelPolicy(true);
    this.deadlines = timer;
  }

  /** Returns the bounds this reader keeps. */
  public ImageLimits limits() {
    return limits;
  }

  /** Says whether {@code bytes} are an image of a format an OCR engine reads (PNG, JPEG, GIF, BMP, TIFF, WebP). */
  public static boolean isImage(byte[] bytes) {
    return ImageFormat.of(bytes) != null;
  }

  /** Returns the pixels of the image {@code bytes} from its header, or -1 when they are no image or its header is damaged. */
  public static long pixels(byte[] bytes) {
    ImageFormat format = ImageFormat.of(bytes);
    return format == null ? -1 : format.pixels(bytes);
  }

  /** Returns the deadline, on {@link System#nanoTime()}'s clock, of reading the images of a body that starts now. */
  public long deadline() {
    return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limits.maxMillis());
  }

  /**
   * Fails unless the engine starts and has every configured language, so that a gateway told to read images does not
   * start without the means to.
   */
  public void check() {
    List<String> command = List.of(limits.command(), "--list-langs");
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out;
      try (InputStream in = p.getInputStream()) {
        out = new String(in.readNBytes(1 << 16), StandardCharsets.UTF_8);
      }
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("limits.images: the OCR engine '" + limits.command() + "' did not answer"
            + " --list-langs within 10 s");
      }
      List<String> installed = List.of(out.split("\\s+"));
      List<String> missing = new ArrayList<>(limits.languages());
      missing.removeAll(installed);
      if (!missing.isEmpty()) {
        throw new IllegalStateException("limits.images: the OCR engine '" + limits.command() + "' has no model for "
            + String.join(", ", missing) + " (install it, e.g. Debian's tesseract-ocr-chi-sim, or change"
            + " limits.images.languages)");
      }
    } catch (IOException e) {
      throw new IllegalStateException("limits.images.ocr is on, but the OCR engine '" + limits.command()
          + "' cannot be started (install Tesseract, e.g. Debian's tesseract-ocr, or set limits.images.command)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("limits.images: interrupted while checking the OCR engine", e);
    }
  }

  /** Returns the text drawn in the image {@code bytes}, lines ending in a line feed, or why it is unread. */
  public FileReading read(byte[] bytes, long deadline) {
    ImageFormat format = ImageFormat.of(bytes);
    if (format == null) {
      return FileReading.unread("is not an image in a format the gateway reads (PNG, JPEG, GIF, BMP, TIFF, WebP)");
    }
    if (bytes.length > limits.maxBytes()) {
      return FileReading.unread("is larger than " + limits.maxBytes() + " bytes");
    }
    long pixels = format.pixels(bytes);
    if (pixels < 0) {
      return FileReading.unread("has a damaged " + format.name() + " header");
    }
    if (pixels > limits.maxPixels()) {
      return FileReading.unread("has more than " + limits.maxPixels() + " pixels");
    }
    try {
      if (!slots.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        return FileReading.unread("waited more than " + limits.maxMillis() + " ms for the OCR engine (too many"
            + " images at once)");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return FileReading.unread("was not read: the gateway is stopping");
    }
    try {
      return recognize(bytes, deadline);
    } finally {
      slots.release();
    }
  }

  private FileReading recognize(byte[] bytes, long deadline) {
    List<String> command = List.of(limits.command(), "stdin", "stdout", "-l", String.join("+", limits.languages()),
        "--psm", "3");
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
    // one reading is one core: the bound on readings at once is then a bound on the cores OCR takes
    builder.environment().put("OMP_THREAD_LIMIT", "1");
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return FileReading.unread("was not read: the OCR engine '" + limits.command() + "' did not start");
    }
    ScheduledFuture<?> kill = deadlines.schedule(process::destroyForcibly, Math.max(0, deadline - System.nanoTime()),
        TimeUnit.NANOSECONDS);
    try {
      try (OutputStream in = process.getOutputStream()) {
        in.write(bytes);
      } catch (IOException e) {
        // the engine stopped reading (a file it rejects, or killed at the deadline): its exit says which
      }
      byte[] out;
      try (InputStream in = process.getInputStream()) {
        out = in.readNBytes(MAX_TEXT_BYTES + 1);
      }
      if (out.length > MAX_TEXT_BYTES) {
        process.destroyForcibly();
        return FileReading.unread("holds more than " + MAX_TEXT_BYTES + " bytes of text");
      }
      boolean exited = process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (!exited || kill.isDone()) {
        process.destroyForcibly();
        return FileReading.unread("takes more than " + limits.maxMillis() + " ms to read");
      }
      if (process.exitValue() != 0) {
        return FileReading.unread("is not an image the OCR engine can read");
      }
      return FileReading.text(lines(new String(out, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      process.destroyForcibly();
      // killed at its deadline while its output was read: the bound, not the engine, ended it
      return FileReading.unread(kill.isDone() ? "takes more than " + limits.maxMillis() + " ms to read"
          : "was not read: the OCR engine's output broke off");
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      return FileReading.unread("was not read: the gateway is stopping");
    } finally {
      kill.cancel(false);
    }
  }

  /** Returns the engine's text with its page breaks (form feeds) and blank lines removed. */
  private static String lines(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    for (String line : text.replace('\f', '\n').split("\n")) {
      if (!line.isBlank()) {
        sb.append(line.strip()).append('\n');
      }
    }
    return sb.toString();
  }
}
