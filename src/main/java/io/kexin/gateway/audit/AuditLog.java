package io.kexin.gateway.audit;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.config.AuditConfig;
import io.kexin.gateway.config.ConfigException;
import io.kexin.gateway.config.TextFileReader;
import io.kexin.gateway.inspect.DecisionRecorder;
import io.kexin.gateway.inspect.ExchangeInfo;
import io.kexin.gateway.inspect.Hit;
import io.kexin.gateway.inspect.Outcome;
import io.kexin.gateway.metrics.GatewayMetrics;
import io.kexin.gateway.policy.CompiledRule;
import io.kexin.gateway.policy.Direction;
import io.kexin.gateway.route.ModelChoice;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Records every decision that found something as one JSON audit line, and counts findings in the metrics. A line
 * carries a {@code time} and names the rule, entity, action, mode, JSON location and span of each finding, never the
 * text. Recording only captures a small event and hands it to a writer thread (see {@link AuditWriter}), so it never
 * formats, writes or blocks on the caller's thread. Thread-safe.
 */
public final class AuditLog implements DecisionRecorder, AutoCloseable {
  private final GatewayMetrics metrics;
  private final ValueHasher hasher;
  private final AuditWriter writer;
  private final Clock clock;
  private final ReopenableFile reopenable;
  private static final Logger LOG = System.getLogger("kexin.audit");

  /** Creates an audit log that only counts into {@code metrics} and writes no lines (the {@code off} sink). */
  public AuditLog(GatewayMetrics metrics) {
    this(metrics, null, Clock.systemUTC());
  }

  AuditLog(GatewayMetrics metrics, AuditWriter writer, Clock clock) {
    this(metrics, writer, clock, null, null);
  }

  /**
   * Creates an audit log that reopens {@code reopenable} on request (null: nothing to reopen), and whose findings carry
   * the keyed hash of their value when {@code hasher} is not null.
   */
  private AuditLog(GatewayMetrics metrics, AuditWriter writer, Clock clock, ReopenableFile reopenable,
      ValueHasher hasher) {
    this.metrics = requireNonNull(metrics, "metrics");
    this.writer = writer;
    this.clock = requireNonNull(clock, "clock");
    this.reopenable = reopenable;
    this.hasher = hasher;
  }

  /**
   * Opens the sink {@code config} names and starts its writer; a file is appended to and created if missing.
   *
   * @throws ConfigException if the file cannot be opened for appending
   */
  public static AuditLog open(AuditConfig config, GatewayMetrics metrics) {
    ValueHasher hasher = hasher(config);
    return switch (config.sink()) {
      case OFF -> new AuditLog(metrics);
      case STDOUT -> writingTo(System.out, false, config.queue(), metrics, hasher);
      case STDERR -> writingTo(System.err, false, config.queue(), metrics, hasher);
      case FILE -> {
        ReopenableFile file;
        try {
          file = new ReopenableFile(config.path());
        } catch (IOException e) {
          throw new ConfigException("audit.path: " + config.path() + ": cannot open for appending: " + e.getMessage());
        }
        yield new AuditLog(metrics, new AuditWriter(file, true, config.queue(), metrics), Clock.systemUTC(), file,
            hasher);
      }
    };
  }

  /** Returns the hasher of the configured key, or null without one. */
  private static ValueHasher hasher(AuditConfig config) {
    String key = config.hashKey();
    if (config.hashKeyFile() != null) {
      try {
        key = new TextFileReader("audit hash key file", 4096).read(config.hashKeyFile()).strip();
      } catch (IOException e) {
        throw new ConfigException("audit.hashKeyFile: " + config.hashKeyFile() + ": cannot read: " + e.getMessage());
      }
      if (key.length() < AuditConfig.MIN_HASH_KEY) {
        throw new ConfigException("audit.hashKeyFile: " + config.hashKeyFile() + ": " + key.length()
            + " characters (expected: at least " + AuditConfig.MIN_HASH_KEY + ")");
      }
    }
    return key == null ? null : new ValueHasher(key.getBytes(StandardCharsets.UTF_8));
  }

  /** Creates an audit log whose lines go to {@code out} (left open), with room for {@code queue} waiting lines. */
  public static AuditLog writingTo(OutputStream out, int queue, GatewayMetrics metrics) {
    return writingTo(out, false, queue, metrics, null);
  }

  private static AuditLog writingTo(OutputStream out, boolean owned, int queue, GatewayMetrics metrics,
      ValueHasher hasher) {
    return new AuditLog(metrics, new AuditWriter(out, owned, queue, metrics), Clock.systemUTC(), null, hasher);
  }

  @Override
  public void record(ExchangeInfo exchange, Direction direction, Outcome outcome, String policyRevision) {
    if (outcome.hits().isEmpty() && outcome.errors().isEmpty()) {
      return;
    }
    for (Hit h : outcome.hits()) {
      metrics.finding(h.rule().policy(), h.rule().id(), h.rule().action().policyName(),
          h.enforced() ? "enforce" : "monitor", direction.label());
    }
    for (CompiledRule failed : outcome.errors()) {
      metrics.detectorFailed(failed.policy(), failed.id());
    }
    if (!outcome.errors().isEmpty()) {
      metrics.inspectionFailed(exchange.route(), direction.label(), outcome.failed() != null ? "blocked" : "allowed");
    }
    if (writer != null) {
      // The event keeps the outcome's immutable lists (List.copyOf returns them as they are) for the writer thread.
      writer.offer(new DecisionEvent(clock.millis(), exchange.requestId(), exchange.route(), exchange.tenant(),
          direction, outcome.action(), outcome.wouldBe(), policyRevision, outcome.hits(), outcome.errors(),
          hashes(outcome.hits()), exchange.traceparent(), exchange.model()));
    }
  }

  @Override
  public void uninspected(ExchangeInfo exchange, Direction direction, String reason, boolean refused) {
    metrics.uninspected(exchange.route(), direction.label(), refused);
    if (writer != null) {
      writer.offer(new UninspectedEvent(clock.millis(), exchange.requestId(), exchange.route(), exchange.tenant(),
          direction, refused, reason, exchange.traceparent(), exchange.model()));
    }
  }

  @Override
  public void failed(ExchangeInfo exchange, Direction direction, String error, boolean refused) {
    metrics.inspectionFailed(exchange.route(), direction.label(), refused ? "blocked" : "allowed");
    if (writer != null) {
      writer.offer(new InspectionFailedEvent(clock.millis(), exchange.requestId(), exchange.route(),
          exchange.tenant(), direction, refused, error, exchange.traceparent(), exchange.model()));
    }
  }

  /** Returns the keyed hash of each hit's value (null where unknown), or an empty list without a key. */
  private List<String> hashes(List<Hit> hits) {
    if (hasher == null) {
      return List.of();
    }
    List<String> hashes = new ArrayList<>(hits.size());
    for (Hit h : hits) {
      hashes.add(h.value() == null ? null : hasher.hash(h.value()));
    }
    return Collections.unmodifiableList(hashes);
  }

  @Override
  public void inspected(Direction direction, long nanos) {
    metrics.inspected(direction.label(), nanos);
  }

  @Override
  public void imageRead(String outcome, long nanos) {
    metrics.imageRead(outcome, nanos);
  }

  @Override
  public void streamHeld(int chars) {
    metrics.streamHeld(chars);
  }

  @Override
  public void usage(ExchangeInfo exchange, String model, long inputTokens, long outputTokens) {
    metrics.tokens(exchange.tenant(), model, inputTokens, outputTokens);
  }

  /** Names one failed upstream attempt: its upstream, target label and reason (a fixed word or a status). */
  public record Attempt(String upstream, String target, String reason) {}

  /**
   * Records an exchange that needed more than one upstream attempt (retries, failover): the number of attempts, the
   * upstream and target that answered last with {@code status}, and the attempts that failed before.
   */
  public void upstreamAttempts(String requestId, String route, String tenant, int attempts, String upstream,
      String target, int status, List<Attempt> failed, ModelChoice model) {
    if (writer != null) {
      writer.offer(new UpstreamEvent(clock.millis(), requestId, route, tenant, attempts, upstream, target, status,
          failed, model));
    }
  }

  /**
   * Records a request refused for its model ({@code reason}: {@code not_found}, {@code not_allowed},
   * {@code invalid}), naming the model only when it is a well-formed name, and counts it by reason.
   */
  public void modelRefused(String requestId, String route, String tenant, String model, String reason) {
    metrics.modelRefused(reason);
    if (writer != null) {
      writer.offer(new ModelRefusedEvent(clock.millis(), requestId, route, tenant, model, reason));
    }
  }

  /**
   * Reopens the audit file by its name, so lines go to a new file after the old one was rotated away; does nothing
   * for other sinks. A file that cannot be opened is logged, and lines keep going to the old one.
   */
  public void reopen() {
    if (reopenable == null) {
      return;
    }
    try {
      reopenable.reopen();
      LOG.log(Level.INFO, "audit file reopened");
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot reopen the audit file; lines go to the old one: " + e.getMessage());
    }
  }

  /** Writes every line still queued and stops the writer; lines recorded afterwards are not written. */
  @Override
  public void close() {
    if (writer != null) {
      writer.close();
    }
  }
}
