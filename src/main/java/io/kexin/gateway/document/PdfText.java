package io.kexin.gateway.document;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.config.PdfLimits;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;

/**
 * Reads the text of a PDF that goes to the provider with it, as a model given the file may be shown it, within
 * {@link PdfLimits}: the bytes, the pages, the characters taken, the memory the parse may use (main memory only, no
 * temporary files) and the CPU time. The text is each page's, annotations' appearances drawn in
 * ({@link PageText}), then what lies beside the pages ({@link OffPageText}), then the files attached, as text or as
 * PDFs in turn ({@link BoundedReading}). PDF parsing is left to Apache PDFBox, a maintained library: compressed
 * streams, fonts and their ToUnicode maps are not worth writing by hand. Never throws on bad input: a PDF it cannot
 * read comes back as a {@link FileReading} with a reason, which never quotes the file. Thread-safe.
 */
public final class PdfText {
  /** How far from the start PDFBox looks for the header, and from the end a whole file has its end marker. */
  private static final int MARK_WINDOW = 1024;
  private static final byte[] HEADER = "%PDF-".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] END = "%%EOF".getBytes(StandardCharsets.US_ASCII);

  private final PdfLimits limits;
  private final LongSupplier nanoTime;

  /**
   * Creates a reader within {@code limits}, timed by the CPU time of the thread that reads (a busy machine does not
   * make a PDF unreadable; a PDF is only parsed, never waited on), or by {@link System#nanoTime()} where the JVM
   * cannot tell a thread's CPU time.
   */
  public PdfText(PdfLimits limits) {
    this(limits, threadCpuTime());
  }

  /** Creates a reader within {@code limits}, timed by {@code nanoTime}. */
  PdfText(PdfLimits limits, LongSupplier nanoTime) {
    this.limits = requireNonNull(limits, "limits");
    this.nanoTime = requireNonNull(nanoTime, "nanoTime");
  }

  private static LongSupplier threadCpuTime() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    return threads.isCurrentThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled()
        ? threads::getCurrentThreadCpuTime : System::nanoTime;
  }

  /** Returns the bounds this reader keeps. */
  public PdfLimits limits() {
    return limits;
  }

  /** Says whether {@code bytes} are a PDF: the header {@code %PDF-} within the first kilobyte, as readers accept. */
  public static boolean isPdf(byte[] bytes) {
    return indexOf(bytes, HEADER, 0, Math.min(bytes.length, MARK_WINDOW)) >= 0;
  }

  /** Says whether {@code bytes} end as a whole PDF does: an end-of-file marker in the last kilobyte. */
  static boolean ends(byte[] bytes) {
    return indexOf(bytes, END, Math.max(0, bytes.length - MARK_WINDOW), bytes.length) >= 0;
  }

  /**
   * Returns the text of the PDF in {@code bytes} and of what is attached to it, lines ending in a line feed, or why
   * it is unread.
   */
  public FileReading read(byte[] bytes) {
    return read(bytes, 0, 0);
  }

  /**
   * Returns what {@link #read(byte[])} does, and the images its pages draw (those of attached PDFs too) for OCR, each
   * of at most {@code imagePixels} pixels (0: none taken), and each page that draws more than {@code maxSmallImages}
   * images under 20 × 20 pixels or text in outlines, rendered; a PDF drawing a larger image, or more than
   * {@value PageImages#MAX_IMAGES}, is unread.
   */
  public FileReading read(byte[] bytes, long imagePixels, int maxSmallImages) {
    BoundedReading reading = new BoundedReading(limits, new Deadline(nanoTime, limits.maxMillis()), imagePixels,
        maxSmallImages);
    try {
      reading.read(bytes);
      return FileReading.text(reading.text(), reading.images());
    } catch (Unreadable e) {
      return FileReading.unread(e.getMessage());
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
}
