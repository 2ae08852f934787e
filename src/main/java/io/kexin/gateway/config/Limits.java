package io.kexin.gateway.config;

import java.time.Duration;

/**
 * Bounds what the gateway buffers (request and response bodies, one stream event, the text one streamed text may
 * hold back for inspection, and all bodies together), how many streams and client connections it serves at once, how
 * long a client may take to send a request, stay idle between requests or leave the answer unread, how long it keeps
 * accepting with readiness failed before it stops listening ({@code shutdownDelay}) and waits when draining, and
 * which bodies are inspected off the event loop, on how many threads, with how many waiting.
 * {@code maxBufferedBytes} absent means half the memory the JVM allows for direct buffers. {@code segmentCacheEntries}
 * bounds how many text segments' findings are kept so that resent history is not scanned again (0: none).
 * {@code pdf} bounds the reading of PDFs that bodies carry as files ({@link PdfLimits}); {@code images} says whether
 * and within which bounds the text in images is read by OCR ({@link ImageLimits}); {@code audio} what happens to audio
 * a request gives the model to hear ({@link AudioLimits}).
 */
public record Limits(Integer maxRequestBytes, Integer maxResponseBytes, Integer maxSseEventBytes,
    Integer maxStreamHeldChars, Integer maxConcurrentStreams, Duration shutdownDelay, Duration shutdownGrace,
    Integer maxConnections,
    Duration clientRequestTimeout, Duration clientIdleTimeout, Duration clientWriteTimeout, Long maxBufferedBytes,
    Integer offloadInspectionBytes, Integer inspectionThreads, Integer inspectionQueue, Integer segmentCacheEntries,
    PdfLimits pdf, ImageLimits images, AudioLimits audio) {
  /** Holds the default limits. */
  public static final Limits DEFAULT_LIMITS = new Limits(null, null, null, null, null, null, null, null, null, null,
      null, null, null, null, null, null, null, null, null);

  public Limits {
    maxRequestBytes = PositiveSetting.orDefault("maxRequestBytes", maxRequestBytes, 4 << 20);
    maxResponseBytes = PositiveSetting.orDefault("maxResponseBytes", maxResponseBytes, 16 << 20);
    maxSseEventBytes = PositiveSetting.orDefault("maxSseEventBytes", maxSseEventBytes, 1 << 20);
    maxStreamHeldChars = PositiveSetting.orDefault("maxStreamHeldChars", maxStreamHeldChars, 1 << 16);
    maxConcurrentStreams = PositiveSetting.orDefault("maxConcurrentStreams", maxConcurrentStreams, 10_000);
    shutdownDelay = shutdownDelay == null ? Duration.ZERO : shutdownDelay;
    if (shutdownDelay.isNegative()) {
      throw new IllegalArgumentException("shutdownDelay: " + shutdownDelay + " (expected: >= 0)");
    }
    shutdownGrace = shutdownGrace == null ? Duration.ofSeconds(30) : shutdownGrace;
    if (shutdownGrace.isNegative()) {
      throw new IllegalArgumentException("shutdownGrace: " + shutdownGrace + " (expected: >= 0)");
    }
    maxConnections = PositiveSetting.orDefault("maxConnections", maxConnections, 10_000);
    clientRequestTimeout =
        PositiveSetting.orDefault("clientRequestTimeout", clientRequestTimeout, Duration.ofSeconds(30));
    clientIdleTimeout = PositiveSetting.orDefault("clientIdleTimeout", clientIdleTimeout, Duration.ofSeconds(60));
    clientWriteTimeout = PositiveSetting.orDefault("clientWriteTimeout", clientWriteTimeout, Duration.ofSeconds(30));
    if (maxBufferedBytes != null && maxBufferedBytes <= 0) {
      throw new IllegalArgumentException("maxBufferedBytes: " + maxBufferedBytes + " (expected: > 0)");
    }
    offloadInspectionBytes =
        PositiveSetting.orDefault("offloadInspectionBytes", offloadInspectionBytes, 16 << 10);
    inspectionThreads = PositiveSetting.orDefault("inspectionThreads", inspectionThreads,
        Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
    inspectionQueue = PositiveSetting.orDefault("inspectionQueue", inspectionQueue, 1024);
    if (segmentCacheEntries != null && segmentCacheEntries < 0) {
      throw new IllegalArgumentException("segmentCacheEntries: " + segmentCacheEntries + " (expected: >= 0; 0 keeps"
          + " none)");
    }
    segmentCacheEntries = segmentCacheEntries == null ? 20_000 : segmentCacheEntries;
    pdf = pdf == null ? PdfLimits.DEFAULT : pdf;
    images = images == null ? ImageLimits.DEFAULT : images;
    audio = audio == null ? AudioLimits.DEFAULT : audio;
  }
}
