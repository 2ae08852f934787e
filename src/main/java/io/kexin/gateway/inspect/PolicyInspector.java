package io.kexin.gateway.inspect;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.policy.CompiledPolicy;
import io.kexin.gateway.policy.PolicySet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Opens a {@link PolicyInspection} per exchange with the policies its route and tenant name. The policy set is read
 * through a supplier, so a reload swaps it for every new exchange at once. Thread-safe.
 */
public final class PolicyInspector implements Inspector {
  private final Supplier<PolicySet> policies;
  private final PolicyEngine engine = new PolicyEngine();
  private final DecisionRecorder recorder;
  private volatile Resolved resolved;

  /** Caches, for one policy set, the policies each list of names resolves to. */
  private record Resolved(PolicySet set, Map<List<String>, List<CompiledPolicy>> byNames) {}

  /** Creates an inspector over the current policy set, recording decisions to {@code recorder}. */
  public PolicyInspector(Supplier<PolicySet> policies, DecisionRecorder recorder) {
    this.policies = requireNonNull(policies, "policies");
    this.recorder = requireNonNull(recorder, "recorder");
  }

  @Override
  public Inspection open(ExchangeInfo exchange) {
    PolicySet set = policies.get();
    Resolved cache = resolved;
    if (cache == null || cache.set() != set) {
      cache = new Resolved(set, new ConcurrentHashMap<>());
      resolved = cache;
    }
    List<CompiledPolicy> applied = cache.byNames().computeIfAbsent(exchange.policies(), set::resolve);
    if (applied.isEmpty()) {
      return Inspector.passThrough().open(exchange);
    }
    return new PolicyInspection(exchange, applied, set.revision(), engine, recorder);
  }
}
