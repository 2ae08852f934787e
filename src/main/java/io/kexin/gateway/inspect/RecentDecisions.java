package io.kexin.gateway.inspect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.policy.Direction;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Keeps the last decisions that found something (route, direction, action, the rules and entities that hit, never
 * any text) and counts hits per rule and action, for the admin playground. Thread-safe; recording never blocks
 * for long (one short lock around a small ring).
 */
public final class RecentDecisions implements DecisionRecorder {
  /** Holds one decision without any of the text it was about. */
  record Decision(Instant at, String route, String tenant, String endpoint, Direction direction, String action,
      List<String> rules, String revision) {}

  private final int capacity;
  private final Deque<Decision> ring = new ArrayDeque<>();
  private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();

  /** Creates a recorder that keeps the last {@code capacity} decisions. */
  public RecentDecisions(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity: " + capacity + " (expected: > 0)");
    }
    this.capacity = capacity;
  }

  @Override
  public void record(ExchangeInfo exchange, Direction direction, Outcome outcome, String policyRevision) {
    if (outcome.hits().isEmpty() && outcome.failed() == null) {
      return;
    }
    List<String> rules = new ArrayList<>();
    for (Hit h : outcome.hits()) {
      String key = h.rule().id() + " " + (h.enforced() ? h.rule().action().policyName() : "monitor");
      counters.computeIfAbsent(key, k -> new LongAdder()).increment();
      String entry = h.rule().id() + " (" + h.finding().entity() + ")";
      if (!rules.contains(entry)) {
        rules.add(entry);
      }
    }
    add(new Decision(Instant.now(), exchange.route(), exchange.tenant(), String.valueOf(exchange.endpoint()),
        direction, outcome.action().policyName(), rules, policyRevision));
  }

  @Override
  public void uninspected(ExchangeInfo exchange, Direction direction, String reason, boolean refused) {
    // not a policy decision: the audit log and metrics have it
  }

  @Override
  public void failed(ExchangeInfo exchange, Direction direction, String error, boolean refused) {
    add(new Decision(Instant.now(), exchange.route(), exchange.tenant(), String.valueOf(exchange.endpoint()),
        direction, refused ? "block" : "allow", List.of("inspection failed: " + error), ""));
  }

  private void add(Decision d) {
    synchronized (ring) {
      if (ring.size() == capacity) {
        ring.removeFirst();
      }
      ring.addLast(d);
    }
  }

  /** Returns {@code {"decisions": [newest first], "counters": [{"rule", "action", "count"}]}}. */
  public ObjectNode toJson(ObjectMapper json) {
    List<Decision> copy;
    synchronized (ring) {
      copy = new ArrayList<>(ring);
    }
    ObjectNode o = json.createObjectNode();
    ArrayNode decisions = o.putArray("decisions");
    for (int i = copy.size() - 1; i >= 0; i--) {
      Decision d = copy.get(i);
      ObjectNode n = decisions.addObject().put("at", d.at().toString()).put("route", d.route())
          .put("tenant", d.tenant()).put("endpoint", d.endpoint())
          .put("direction", d.direction().name().toLowerCase(Locale.ROOT)).put("action", d.action())
          .put("revision", d.revision());
      d.rules().forEach(n.putArray("rules")::add);
    }
    ArrayNode counts = o.putArray("counters");
    new TreeMap<>(counters).forEach((key, count) -> {
      int space = key.lastIndexOf(' ');
      counts.addObject().put("rule", key.substring(0, space)).put("action", key.substring(space + 1))
          .put("count", count.sum());
    });
    return o;
  }
}
