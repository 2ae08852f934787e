package io.kexin.gateway.audit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.kexin.gateway.metrics.GatewayMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes audit events as JSON lines on one daemon thread, so the event loops that record them never format or write
 * anything. Events wait in a bounded queue; when it is full a new event is dropped and counted
 * ({@code kexin_audit_dropped_total{reason="queue_full"}}), never waited for. The thread writes in batches, one
 * write and flush per batch, and {@link #close()} writes everything queued before it returns. Thread-safe.
 */
final class AuditWriter implements AutoCloseable {
  private static final Logger LOG = System.getLogger("kexin.audit");
  /** How long the writer waits after the first event of a batch for more to arrive. */
  private static final long BATCH_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
  /** How many events one drain takes from the queue, which bounds how long the event loops may wait for its lock. */
  private static final int DRAIN_CHUNK = 512;
  private static final int WRITE_BYTES = 64 * 1024;
  private static final long CLOSE_TIMEOUT_MILLIS = 10_000;
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  /** Wakes a writer that waits for events, so that it sees it must close; never written. */
  private static final AuditEvent STOP = new AuditEvent() {
    @Override
    public long time() {
      return 0;
    }

    @Override
    public void writeFields(JsonGenerator g) {}
  };

  private final ArrayBlockingQueue<AuditEvent> queue;
  private final OutputStream out;
  private final boolean ownsOut;
  private final GatewayMetrics metrics;
  private final JsonFactory json = new JsonFactory();
  private final Thread thread;
  private volatile boolean closing;
  // Touched by the writer thread only.
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream(WRITE_BYTES);
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(512);
  private int pendingLines;
  private boolean failing;

  /**
   * Starts a writer to {@code out} holding up to {@code capacity} events; it closes {@code out} when it closes only
   * if {@code ownsOut}.
   */
  AuditWriter(OutputStream out, boolean ownsOut, int capacity, GatewayMetrics metrics) {
    this.out = requireNonNull(out, "out");
    this.ownsOut = ownsOut;
    this.metrics = requireNonNull(metrics, "metrics");
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity: " + capacity + " (expected: > 0)");
    }
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.thread = new Thread(this::run, "kexin-audit-writer");
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues {@code event} for writing, or drops and counts it when the queue is full; never blocks. */
  void offer(AuditEvent event) {
    if (!queue.offer(event)) {
      metrics.auditDropped("queue_full", 1);
    }
  }

  /** Writes every queued event, flushes, stops the thread and closes the stream if it owns it. */
  @Override
  public void close() {
    closing = true;
    queue.offer(STOP); // when the queue is full the writer is not waiting and will see closing
    LockSupport.unpark(thread);
    try {
      thread.join(CLOSE_TIMEOUT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      LOG.log(Level.WARNING, "audit writer did not finish within " + CLOSE_TIMEOUT_MILLIS + " ms; "
          + queue.size() + " line(s) still queued");
    }
  }

  private void run() {
    List<AuditEvent> batch = new ArrayList<>(DRAIN_CHUNK);
    try {
      while (!(closing && queue.isEmpty())) {
        AuditEvent first;
        try {
          first = queue.take();
        } catch (InterruptedException e) {
          closing = true;
          continue;
        }
        if (!closing) {
          // Gathers a batch: while this thread is parked here, not waiting on the queue, an event loop's offer
          // wakes nobody, so under load the loops make no system call for audit and the sink sees one write a window.
          LockSupport.parkNanos(BATCH_WINDOW_NANOS);
        }
        batch.add(first);
        do {
          render(batch);
          batch.clear();
        } while (queue.drainTo(batch, DRAIN_CHUNK) > 0);
        writePending(true);
      }
    } finally {
      queue.drainTo(batch);
      render(batch);
      writePending(true);
      if (ownsOut) {
        try {
          out.close();
        } catch (IOException e) {
          LOG.log(Level.WARNING, "cannot close the audit sink: " + e.getMessage());
        }
      }
    }
  }

  private void render(List<AuditEvent> events) {
    for (AuditEvent event : events) {
      if (event == STOP) {
        continue;
      }
      line.reset();
      try {
        try (JsonGenerator g = json.createGenerator(line)) {
          g.writeStartObject();
          g.writeStringField("time", TIME.format(Instant.ofEpochMilli(event.time())));
          event.writeFields(g);
          g.writeEndObject();
        }
        line.write('\n');
        line.writeTo(pending);
      } catch (IOException | RuntimeException e) {
        metrics.auditDropped("write_error", 1);
        LOG.log(Level.WARNING, "cannot render an audit line: " + e);
        continue;
      }
      pendingLines++;
      if (pending.size() >= WRITE_BYTES) {
        writePending(false);
      }
    }
  }

  private void writePending(boolean flush) {
    if (pendingLines == 0) {
      return;
    }
    try {
      pending.writeTo(out);
      if (flush) {
        out.flush();
      }
      if (out instanceof PrintStream print && print.checkError()) {
        // Standard output and error swallow write errors (a closed pipe): count those lines as lost, not written.
        throw new IOException("the stream reports an earlier write error");
      }
      metrics.auditWritten(pendingLines);
      if (failing) {
        failing = false;
        LOG.log(Level.INFO, "audit sink writable again");
      }
    } catch (IOException e) {
      metrics.auditDropped("write_error", pendingLines);
      if (!failing) {
        failing = true;
        LOG.log(Level.WARNING, "cannot write to the audit sink, dropping lines until it recovers: " + e.getMessage());
      }
    } finally {
      pending.reset();
      pendingLines = 0;
    }
  }
}
