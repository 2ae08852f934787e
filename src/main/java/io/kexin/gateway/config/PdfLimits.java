package io.kexin.gateway.config;

import static java.util.Objects.requireNonNullElse;

/**
 * Bounds the reading of a PDF a body carries as a file or document: its size in bytes, its pages, the characters of
 * text taken from it, the memory its parsing may use and the CPU time its reading may take (checked between pages and
 * content-stream operators); and says what happens to a PDF that cannot be read within them (encrypted, damaged,
 * truncated, over a bound): {@code refuse} (the default) or {@code pass} uninspected.
 */
public record PdfLimits(Integer maxBytes, Integer maxPages, Integer maxChars, Long maxMemoryBytes,
    Integer maxMillis, UnreadablePdf unreadable) {
  /** Holds the default bounds: 8 MiB, 200 pages, 1,000,000 characters, 64 MiB of memory, 2 seconds of CPU, refuse. */
  public static final PdfLimits DEFAULT = new PdfLimits(null, null, null, null, null, null);

  public PdfLimits {
    maxBytes = PositiveSetting.orDefault("pdf.maxBytes", maxBytes, 8 << 20);
    maxPages = PositiveSetting.orDefault("pdf.maxPages", maxPages, 200);
    maxChars = PositiveSetting.orDefault("pdf.maxChars", maxChars, 1_000_000);
    maxMemoryBytes = PositiveSetting.orDefault("pdf.maxMemoryBytes", maxMemoryBytes, 64L << 20);
    maxMillis = PositiveSetting.orDefault("pdf.maxMillis", maxMillis, 2000);
    unreadable = requireNonNullElse(unreadable, UnreadablePdf.REFUSE);
  }

  /** Says what happens to a PDF the gateway cannot read within its bounds. */
  public enum UnreadablePdf {
    REFUSE,
    PASS;

    /** Returns the choice named in the config. */
    @com.fasterxml.jackson.annotation.JsonCreator
    public static UnreadablePdf parse(String name) {
      return EnumNames.parse(UnreadablePdf.class, "unreadable", name);
    }
  }
}
