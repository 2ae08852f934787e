package io.kexin.gateway.config;

import java.nio.file.Path;

/**
 * Declares where audit lines go ({@code sink}; default standard output), the file for {@code sink: file} (appended
 * to, created if missing), and how many lines may wait for the writer before new ones are dropped ({@code queue}).
 */
public record AuditConfig(AuditSink sink, Path path, Integer queue) {
  /** Holds the default: standard output, a queue of 8,192 lines. */
  public static final AuditConfig DEFAULT = new AuditConfig(null, null, null);

  static final int MAX_QUEUE = 1 << 20;

  public AuditConfig {
    sink = sink == null ? AuditSink.STDOUT : sink;
    queue = queue == null ? 8192 : queue;
    if (queue < 1 || queue > MAX_QUEUE) {
      throw new IllegalArgumentException("queue: " + queue + " (expected: 1.." + MAX_QUEUE + ")");
    }
    if (sink == AuditSink.FILE && path == null) {
      throw new IllegalArgumentException("path: missing (expected: the file to append audit lines to, with sink: file)");
    }
    if (sink != AuditSink.FILE && path != null) {
      throw new IllegalArgumentException("path: " + path + " given with sink: " + sink.configName()
          + " (expected: sink: file, or no path)");
    }
  }
}
