package io.kexin.gateway.config;

import java.nio.file.Path;

/**
 * Declares where audit lines go ({@code sink}; default standard output), the file for {@code sink: file} (appended
 * to, created if missing), how many lines may wait for the writer before new ones are dropped ({@code queue}), and
 * the key of the keyed hash (HMAC-SHA256) each finding's matched value gets in its line, given inline
 * ({@code hashKey}, e.g. from {@code ${ENV}}) or in a file ({@code hashKeyFile}); without a key, no hash is written.
 */
public record AuditConfig(AuditSink sink, Path path, Integer queue, String hashKey, Path hashKeyFile) {
  /** Holds the default: standard output, a queue of 8,192 lines, no hash key. */
  public static final AuditConfig DEFAULT = new AuditConfig(null, null, null);

  /** Holds the fewest characters a hash key may have. */
  public static final int MIN_HASH_KEY = 16;

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
    if (hashKey != null && hashKeyFile != null) {
      throw new IllegalArgumentException("hashKey and hashKeyFile: both set (expected: at most one)");
    }
    if (hashKey != null && hashKey.length() < MIN_HASH_KEY) {
      throw new IllegalArgumentException("hashKey: " + hashKey.length() + " characters (expected: at least "
          + MIN_HASH_KEY + ")");
    }
    if (sink != AuditSink.FILE && path != null) {
      throw new IllegalArgumentException("path: " + path + " given with sink: " + sink.configName()
          + " (expected: sink: file, or no path)");
    }
  }

  /** Declares a sink, its file and queue, without a hash key. */
  public AuditConfig(AuditSink sink, Path path, Integer queue) {
    this(sink, path, queue, null, null);
  }

  /** Returns this config with its files resolved against {@code base}. */
  AuditConfig resolve(Path base) {
    return new AuditConfig(sink, path == null ? null : base.resolve(path), queue, hashKey,
        hashKeyFile == null ? null : base.resolve(hashKeyFile));
  }

  @Override
  public String toString() {
    return "AuditConfig[sink=" + sink + ", path=" + path + ", queue=" + queue + ", hashKey="
        + (hashKey == null ? "none" : "(set)") + ", hashKeyFile=" + hashKeyFile + "]";
  }
}
