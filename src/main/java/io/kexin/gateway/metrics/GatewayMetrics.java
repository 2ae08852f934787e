package io.kexin.gateway.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Holds the gateway's metrics. Labels are only route, upstream, status and error kind names from the config — never
 * anything from a request body or a key. Thread-safe.
 */
public final class GatewayMetrics {
  /** The statuses whose request series are kept by route; any other is looked up each time. */
  private static final int MIN_STATUS = 100;
  private static final int MAX_STATUS = 599;
  private static final double[] LATENCY_BUCKETS = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120
  };

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  private final Counter requests;
  private final Histogram requestDuration;
  private final Histogram upstreamLatency;
  private final Counter upstreamErrors;
  private final Gauge activeStreams;
  private final Gauge inflight;
  private final Counter findings;
  private final Counter detectorErrors;
  private final Counter uninspected;
  private final Counter imageReads;
  private final Histogram imageReadDuration;
  private final Counter auditLines;
  private final Counter auditDropped;
  private final Counter clientFaults;
  private final Counter sseLinesDropped;
  private final Counter memoryRefusals;
  private final Counter inspectionErrors;
  private final Counter offloads;
  private final Counter retries;
  private final Counter ejections;
  private final Counter failovers;
  private final Counter overflows;
  private final Counter policyReloads;
  private final Counter configReloads;
  private final Histogram inspectionDuration;
  private final Counter tokens;
  private final Histogram heldChars;
  private final Counter modelRequests;
  private final Counter modelRefusals;
  private final Counter limited;
  private final Counter limitUnchecked;
  private final Counter cost;
  private final Histogram limitStoreLatency;
  private final Counter limitStoreErrors;
  private volatile ModelLabels models = ModelLabels.of(List.of());
  /** The request series by route, indexed by status less {@link #MIN_STATUS}. */
  private final ConcurrentHashMap<String, RequestSeries[]> requestSeries = new ConcurrentHashMap<>();
  /** The upstream latency histogram by upstream. */
  private final ConcurrentHashMap<String, DistributionDataPoint> upstreamSeries = new ConcurrentHashMap<>();
  private volatile Consumer<TargetHealth> targets = report -> { };

  /** Receives the health of each upstream target when the metrics are scraped. */
  @FunctionalInterface
  public interface TargetHealth {
    /** Reports one target: its upstream's name, its label (a configured name or host:port), whether it serves. */
    void report(String upstream, String target, boolean healthy);
  }

  /** Creates the metrics, with JVM metrics when {@code withJvm} is set (off in tests that build many gateways). */
  public GatewayMetrics(boolean withJvm) {
    requests = Counter.builder().name("kexin_requests_total")
        .help("Requests answered, by route and HTTP status").labelNames("route", "status").register(registry);
    requestDuration = Histogram.builder().name("kexin_request_duration_seconds")
        .help("Time from request received to response completed, by route and status")
        .classicOnly().classicUpperBounds(LATENCY_BUCKETS).labelNames("route", "status").register(registry);
    upstreamLatency = Histogram.builder().name("kexin_upstream_latency_seconds")
        .help("Time from request sent upstream to response headers received, by upstream")
        .classicOnly().classicUpperBounds(LATENCY_BUCKETS).labelNames("upstream").register(registry);
    upstreamErrors = Counter.builder().name("kexin_upstream_errors_total")
        .help("Upstream calls that failed, by upstream and kind (connect, timeout, reset)")
        .labelNames("upstream", "kind").register(registry);
    activeStreams = Gauge.builder().name("kexin_active_streams")
        .help("Streamed (SSE) responses in progress").register(registry);
    inflight = Gauge.builder().name("kexin_inflight_requests")
        .help("Requests received and not yet completed").register(registry);
    findings = Counter.builder().name("kexin_policy_findings_total")
        .help("Findings by policy, rule, action, mode (enforce or monitor) and direction")
        .labelNames("policy", "rule", "action", "mode", "direction").register(registry);
    detectorErrors = Counter.builder().name("kexin_detector_errors_total")
        .help("Detector failures by policy and rule").labelNames("policy", "rule").register(registry);
    uninspected = Counter.builder().name("kexin_uninspected_total")
        .help("Bodies or parts the gateway could not inspect, by route, direction and whether it refused them")
        .labelNames("route", "direction", "refused").register(registry);
    auditLines = Counter.builder().name("kexin_audit_lines_total")
        .help("Audit lines written to the audit sink").register(registry);
    auditDropped = Counter.builder().name("kexin_audit_dropped_total")
        .help("Audit lines lost, by reason: queue_full (the writer fell behind) or write_error (the sink failed)")
        .labelNames("reason").register(registry);
    clientFaults = Counter.builder().name("kexin_client_faults_total")
        .help("Client connections cut by the gateway: idle, request_timeout, write_timeout, over_connection_limit")
        .labelNames("kind").register(registry);
    sseLinesDropped = Counter.builder().name("kexin_sse_lines_dropped_total")
        .help("Lines of upstream event streams not relayed to the client, by kind: comment, id, retry, field (any"
            + " other field name); the gateway relays data and event lines only, and a bare keep-alive")
        .labelNames("kind").register(registry);
    memoryRefusals = Counter.builder().name("kexin_memory_refusals_total")
        .help("Bodies refused for memory, by kind: request_budget and response_budget (the buffer budget was spent,"
            + " answered 503), out_of_memory (an allocation failed, the connection closed)")
        .labelNames("kind").register(registry);
    inspectionErrors = Counter.builder().name("kexin_inspection_errors_total")
        .help("Inspections that failed, by route, direction and outcome: blocked or allowed, as the policies' onError"
            + " declares").labelNames("route", "direction", "outcome").register(registry);
    offloads = Counter.builder().name("kexin_inspection_offloads_total")
        .help("Inspections run off the event loop (large bodies; any body or stream read whose policies ask a guard"
            + " model), by direction (request, response, stream) and result: run, or rejected (pool full)")
        .labelNames("direction", "result").register(registry);
    for (String kind : new String[] {"request_budget", "response_budget", "out_of_memory"}) {
      memoryRefusals.initLabelValues(kind);
    }
    retries = Counter.builder().name("kexin_upstream_retries_total")
        .help("Upstream calls tried again, by upstream, target that failed and reason (connect-failure,"
            + " reset-before-response, 429, 502, 503, 504)")
        .labelNames("upstream", "target", "reason").register(registry);
    ejections = Counter.builder().name("kexin_upstream_ejections_total")
        .help("Targets ejected after consecutive failures, by upstream and target")
        .labelNames("upstream", "target").register(registry);
    failovers = Counter.builder().name("kexin_upstream_failovers_total")
        .help("Requests sent to a fallback upstream, by route, upstream left and upstream taken")
        .labelNames("route", "from", "to").register(registry);
    overflows = Counter.builder().name("kexin_upstream_overflow_total")
        .help("Requests refused with 503 because a target's limit was reached, by upstream, target and limit"
            + " (max_connections, max_pending_requests)")
        .labelNames("upstream", "target", "limit").register(registry);
    GaugeWithCallback.builder().name("kexin_upstream_target_healthy")
        .help("1 while an upstream target takes traffic, 0 while it is ejected")
        .labelNames("upstream", "target")
        .callback(cb -> targets.accept((upstream, target, healthy) -> cb.call(healthy ? 1 : 0, upstream, target)))
        .register(registry);
    inspectionDuration = Histogram.builder().name("kexin_inspection_duration_seconds")
        .help("Time the policies took on one request body, one whole response body or one streamed event, by"
            + " direction: the latency the inspection adds").classicOnly().classicUpperBounds(LATENCY_BUCKETS)
        .labelNames("direction").register(registry);
    for (String direction : new String[] {"request", "response"}) {
      inspectionDuration.initLabelValues(direction);
    }
    modelRequests = Counter.builder().name("kexin_model_requests_total")
        .help("Requests admitted, by route, model (the configured name, alias or glob that matched, else other) and"
            + " upstream model (the model an alias sends, else the same)")
        .labelNames("route", "model", "upstream_model").register(registry);
    modelRefusals = Counter.builder().name("kexin_model_refused_total")
        .help("Requests refused for their model, by reason (not_found, not_allowed, invalid)")
        .labelNames("reason").register(registry);
    tokens = Counter.builder().name("kexin_tokens_total")
        .help("Tokens the upstream reported in its usage, by tenant, model (a model the config names, else other)"
            + " and kind (input or output)").labelNames("tenant", "model", "kind").register(registry);
    imageReads = Counter.builder().name("kexin_image_reads_total")
        .help("Images whose drawn text OCR read (limits.images.ocr), by outcome: read, cached (known clean, not read"
            + " again), unreadable").labelNames("outcome").register(registry);
    for (String outcome : new String[] {"read", "cached", "unreadable"}) {
      imageReads.initLabelValues(outcome);
    }
    imageReadDuration = Histogram.builder().name("kexin_image_read_seconds")
        .help("Wall time the OCR engine took on one image").classicOnly()
        .classicUpperBounds(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30).register(registry);
    heldChars = Histogram.builder().name("kexin_stream_held_chars")
        .help("Characters of streamed text held back for inspection after each event")
        .classicOnly().classicUpperBounds(0, 16, 64, 256, 1024, 4096, 16384, 65536).register(registry);
    auditDropped.initLabelValues("queue_full");
    auditDropped.initLabelValues("write_error");
    limited = Counter.builder().name("kexin_limited_requests_total")
        .help("Requests refused by a tenant limit, by tenant and limit kind (requests, tokens, concurrent,"
            + " tokens_per_day, tokens_per_month, cost_per_day, cost_per_month)").labelNames("tenant", "kind")
        .register(registry);
    limitUnchecked = Counter.builder().name("kexin_limit_unchecked_total")
        .help("Requests whose limits could not be checked because the limit store failed, by tenant and what became"
            + " of them as the rules declare (allowed or blocked)").labelNames("tenant", "outcome")
        .register(registry);
    cost = Counter.builder().name("kexin_cost_usd_total")
        .help("Cost of the tokens the upstream reported, in US dollars at the configured prices, by tenant and model"
            + " (a model the config names, else other)").labelNames("tenant", "model").register(registry);
    limitStoreLatency = Histogram.builder().name("kexin_limit_store_latency_seconds")
        .help("Time the limit store took to answer, by store and call (take: the check before a request goes"
            + " upstream; settle: the usage correction after it)").classicOnly()
        .classicUpperBounds(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1)
        .labelNames("store", "op").register(registry);
    limitStoreErrors = Counter.builder().name("kexin_limit_store_errors_total")
        .help("Limit store calls that failed, by store, call and reason (timeout, disconnected, error)")
        .labelNames("store", "op", "reason").register(registry);
    policyReloads = Counter.builder().name("kexin_policy_reload_total")
        .help("Policy reloads, by result: applied (a new revision serves), unchanged (the files give the revision in"
            + " force), failed (the last good revision keeps serving; see the admin API's /policies)")
        .labelNames("result").register(registry);
    configReloads = Counter.builder().name("kexin_config_reload_total")
        .help("Gateway config reloads, by result: applied (the new routes, tenants and upstreams serve), unchanged,"
            + " failed (the last good config keeps serving; see the admin API's /config)")
        .labelNames("result").register(registry);
    for (String result : new String[] {"applied", "unchanged", "failed"}) {
      policyReloads.initLabelValues(result);
      configReloads.initLabelValues(result);
    }
    if (withJvm) {
      JvmMetrics.builder().register(registry);
    }
  }

  /** Records a completed request. */
  public void requestCompleted(String route, int status, long nanos) {
    RequestSeries series = requestSeries(route, status);
    series.count().inc();
    series.duration().observe(nanos / 1e9);
  }

  /** Holds the request counter and duration histogram of one route and status, looked up once. */
  private record RequestSeries(CounterDataPoint count, DistributionDataPoint duration) {}

  /**
   * Returns the series of {@code route} and {@code status}: kept per route and status once looked up, since a label
   * lookup (the status as text, a list of labels, its hash and a map lookup per metric) ran on every request.
   */
  private RequestSeries requestSeries(String route, int status) {
    if (status < MIN_STATUS || status > MAX_STATUS) {
      String s = Integer.toString(status);
      return new RequestSeries(requests.labelValues(route, s), requestDuration.labelValues(route, s));
    }
    RequestSeries[] byStatus = requestSeries.get(route);
    if (byStatus == null) {
      requestSeries.putIfAbsent(route, new RequestSeries[MAX_STATUS - MIN_STATUS + 1]);
      byStatus = requestSeries.get(route);
    }
    RequestSeries series = byStatus[status - MIN_STATUS];
    if (series == null) {
      // A racing first use looks up the same data points twice; the record's final fields publish it safely.
      String s = Integer.toString(status);
      series = new RequestSeries(requests.labelValues(route, s), requestDuration.labelValues(route, s));
      byStatus[status - MIN_STATUS] = series;
    }
    return series;
  }

  /** Records the time an upstream took to send response headers. */
  public void upstreamResponded(String upstream, long nanos) {
    DistributionDataPoint latency = upstreamSeries.get(upstream);
    if (latency == null) {
      latency = upstreamLatency.labelValues(upstream);
      upstreamSeries.putIfAbsent(upstream, latency);
    }
    latency.observe(nanos / 1e9);
  }

  /** Records a failed upstream call. */
  public void upstreamFailed(String upstream, String kind) {
    upstreamErrors.labelValues(upstream, kind).inc();
  }

  /** Adds {@code delta} to the number of active streams. */
  public void streams(int delta) {
    activeStreams.inc(delta);
  }

  /** Adds {@code delta} to the number of requests in flight. */
  public void inflight(int delta) {
    inflight.inc(delta);
  }

  /** Records one finding of a policy rule. */
  public void finding(String policy, String rule, String action, String mode, String direction) {
    findings.labelValues(policy, rule, action, mode, direction).inc();
  }

  /** Records a detector that threw. */
  public void detectorFailed(String policy, String rule) {
    detectorErrors.labelValues(policy, rule).inc();
  }

  /** Records something the gateway could not inspect. */
  public void uninspected(String route, String direction, boolean refused) {
    uninspected.labelValues(route, direction, Boolean.toString(refused)).inc();
  }

  /** Records {@code lines} audit lines written to the sink. */
  public void auditWritten(int lines) {
    auditLines.inc(lines);
  }

  /** Counts a client connection the gateway cut, by {@code kind} (a fixed word, never client data). */
  public void clientFault(String kind) {
    clientFaults.labelValues(kind).inc();
  }

  /** Counts {@code lines} lines of an upstream event stream not relayed, by {@code kind} (a fixed word). */
  public void sseLinesDropped(String kind, long lines) {
    if (lines > 0) {
      sseLinesDropped.labelValues(kind).inc(lines);
    }
  }

  /** Counts a body refused, or a connection closed, for memory, by {@code kind} (a fixed word). */
  public void memoryRefused(String kind) {
    memoryRefusals.labelValues(kind).inc();
  }

  /** Counts an inspection that failed, and whether the exchange was {@code blocked} or {@code allowed}. */
  public void inspectionFailed(String route, String direction, String outcome) {
    inspectionErrors.labelValues(route, direction, outcome).inc();
  }

  /** Counts a body sent to the inspection pool, or refused by it ({@code result}: run or rejected). */
  public void offloaded(String direction, String result) {
    offloads.labelValues(direction, result).inc();
  }

  /** Shows the bytes held by buffered bodies and their limit, read from {@code used} at each scrape. */
  public void bufferBudget(LongSupplier used, long limit) {
    GaugeWithCallback.builder().name("kexin_buffered_bytes")
        .help("Bytes held in buffered request and response bodies").callback(cb -> cb.call(used.getAsLong()))
        .register(registry);
    GaugeWithCallback.builder().name("kexin_buffered_bytes_limit")
        .help("The budget for bytes in buffered bodies (limits.maxBufferedBytes)").callback(cb -> cb.call(limit))
        .register(registry);
  }

  /** Records {@code lines} audit lines lost for {@code reason} ({@code queue_full} or {@code write_error}). */
  public void auditDropped(String reason, int lines) {
    auditDropped.labelValues(reason).inc(lines);
  }

  /** Reads the targets' health from {@code source} at each scrape. */
  public void watchTargets(Consumer<TargetHealth> source) {
    this.targets = source;
  }

  /** Counts a retry after {@code target} of {@code upstream} failed for {@code reason} (a fixed word or status). */
  public void upstreamRetried(String upstream, String target, String reason) {
    retries.labelValues(upstream, target, reason).inc();
  }

  /** Counts an ejection of {@code target}. */
  public void targetEjected(String upstream, String target) {
    ejections.labelValues(upstream, target).inc();
  }

  /** Counts a request of {@code route} that left upstream {@code from} for its fallback {@code to}. */
  public void failedOver(String route, String from, String to) {
    failovers.labelValues(route, from, to).inc();
  }

  /** Counts a request refused because {@code target}'s {@code limit} was reached. */
  public void targetOverflow(String upstream, String target, String limit) {
    overflows.labelValues(upstream, target, limit).inc();
  }

  /** Records one image's OCR by outcome, and the engine's wall time when it ran. */
  public void imageRead(String outcome, long nanos) {
    imageReads.labelValues(outcome).inc();
    if (nanos > 0) {
      imageReadDuration.observe(nanos / 1e9);
    }
  }

  /** Records the time the policies took on one body or one streamed event of {@code direction}. */
  public void inspected(String direction, long nanos) {
    inspectionDuration.labelValues(direction).observe(nanos / 1e9);
  }

  /**
   * Counts a request routed by its model: {@code model} is the configured name, alias or glob that matched (never
   * the client's own string), {@code upstreamModel} the configured model an alias sends (else the same label).
   */
  public void modelRouted(String route, String model, String upstreamModel) {
    modelRequests.labelValues(route, model, upstreamModel).inc();
  }

  /** Returns the label of {@code model}: a name or glob the config names, else {@code other}. */
  public String modelLabel(String model) {
    return models.label(model);
  }

  /** Counts a request refused for its model, by reason: {@code not_found}, {@code not_allowed}, {@code invalid}. */
  public void modelRefused(String reason) {
    modelRefusals.labelValues(reason).inc();
  }

  /** Limits the model label of token counts to {@code models}: every other model is counted as {@code other}. */
  public void models(ModelLabels models) {
    this.models = models;
  }

  /** Counts the tokens an upstream reported for one exchange of {@code tenant} asking for {@code model}. */
  public void tokens(String tenant, String model, long input, long output) {
    String label = models.label(model);
    if (input > 0) {
      tokens.labelValues(tenant, label, "input").inc(input);
    }
    if (output > 0) {
      tokens.labelValues(tenant, label, "output").inc(output);
    }
  }

  /** Records the characters a stream holds back for inspection after one event. */
  public void streamHeld(int chars) {
    heldChars.observe(chars);
  }

  /** Shows the policy revision in force, read from {@code revision} at each scrape. */
  public void policyRevision(Supplier<String> revision) {
    GaugeWithCallback.builder().name("kexin_policy_revision_info")
        .help("1, labelled with the policy revision in force").labelNames("revision")
        .callback(cb -> cb.call(1, revision.get())).register(registry);
  }

  /** Shows Netty's direct memory in use and its limit, and the tasks waiting in {@code loops}, at each scrape. */
  public void netty(LongSupplier usedDirect, long maxDirect, LongSupplier pendingTasks) {
    GaugeWithCallback.builder().name("kexin_netty_direct_memory_bytes")
        .help("Direct memory Netty's allocators hold").callback(cb -> cb.call(usedDirect.getAsLong()))
        .register(registry);
    GaugeWithCallback.builder().name("kexin_netty_direct_memory_max_bytes")
        .help("The most direct memory Netty may hold").callback(cb -> cb.call(maxDirect)).register(registry);
    GaugeWithCallback.builder().name("kexin_event_loop_pending_tasks")
        .help("Tasks queued on the proxy's event loops, waiting for their thread")
        .callback(cb -> cb.call(pendingTasks.getAsLong())).register(registry);
  }

  /** Shows the gateway's version. */
  public void build(String version) {
    Gauge.builder().name("kexin_build_info").help("1, labelled with the gateway's version").labelNames("version")
        .register(registry).labelValues(version).set(1);
  }

  /** Returns the Prometheus text exposition of every metric. */
  public byte[] scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    try {
      writer.write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * Returns the name of every series the metrics can show, with or without samples yet (counters with their
   * {@code _total}, histograms' {@code _bucket}, {@code _count} and {@code _sum}): what dashboards and alert rules may
   * query.
   */
  public Set<String> seriesNames() {
    Set<String> names = new TreeSet<>();
    for (MetricSnapshot m : registry.scrape()) {
      String name = m.getMetadata().getPrometheusName();
      if (m instanceof CounterSnapshot) {
        names.add(name + "_total");
      } else if (m instanceof HistogramSnapshot) {
        names.addAll(List.of(name + "_bucket", name + "_count", name + "_sum"));
      } else if (m instanceof InfoSnapshot) {
        names.add(name + "_info");
      } else {
        names.add(name);
      }
    }
    return names;
  }

  /** Returns the content type of {@link #scrape()}. */
  public String contentType() {
    return writer.getContentType();
  }

  /** Records one policy reload and how it ended ({@code applied}, {@code unchanged} or {@code failed}). */
  public void policyReloaded(String result) {
    policyReloads.labelValues(result).inc();
  }

  /** Counts a gateway config reload by its result ({@code applied}, {@code unchanged} or {@code failed}). */
  public void configReloaded(String result) {
    configReloads.labelValues(result).inc();
  }

  /** Shows the series of the limit store {@code store} before its first call. */
  public void limitStore(String store) {
    for (String op : new String[] {"take", "settle"}) {
      limitStoreLatency.initLabelValues(store, op);
    }
  }

  /** Records a call of the limit store that answered after {@code nanos}. */
  public void limitStoreLatency(String store, String op, long nanos) {
    limitStoreLatency.labelValues(store, op).observe(nanos / 1e9);
  }

  /** Records a call of the limit store that failed for {@code reason}. */
  public void limitStoreError(String store, String op, String reason) {
    limitStoreErrors.labelValues(store, op, reason).inc();
  }

  /** Counts a request of {@code tenant} refused by a limit of {@code kind}. */
  public void limited(String tenant, String kind) {
    limited.labelValues(tenant, kind).inc();
  }

  /** Counts a request of {@code tenant} whose limits could not be checked, and its {@code outcome}. */
  public void limitUnchecked(String tenant, String outcome) {
    limitUnchecked.labelValues(tenant, outcome).inc();
  }

  /** Counts the cost, in US dollars, of one exchange of {@code tenant} asking for {@code model}. */
  public void cost(String tenant, String model, double dollars) {
    cost.labelValues(tenant, models.label(model)).inc(dollars);
  }
}
