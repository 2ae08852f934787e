package io.kexin.gateway.proxy;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kexin.gateway.audit.AuditLog;
import io.kexin.gateway.config.Limits;
import io.kexin.gateway.inspect.Inspector;
import io.kexin.gateway.limit.Quotas;
import io.kexin.gateway.metrics.GatewayMetrics;
import io.kexin.gateway.route.Router;
import io.kexin.gateway.tenant.VirtualKeys;
import java.util.function.Supplier;

/**
 * Bundles what the proxy handlers share: the live config (routing and keys, swapped whole by a reload), inspection,
 * limits, metrics, audit, upstream pools, drain state, stream slots, the budget for buffered bodies, the pool that
 * inspects large ones, and the tenants' limits.
 */
record ProxyServices(Supplier<LiveConfig> live, Inspector inspector, Limits limits, GatewayMetrics metrics,
    AuditLog audit, UpstreamConnector connector, Drain drain, StreamGate streams, ObjectMapper json,
    BufferBudget budget, InspectionPool pool, Quotas quotas) {
  ProxyServices {
    requireNonNull(audit, "audit");
    requireNonNull(live, "live");
    requireNonNull(inspector, "inspector");
    requireNonNull(limits, "limits");
    requireNonNull(metrics, "metrics");
    requireNonNull(connector, "connector");
    requireNonNull(drain, "drain");
    requireNonNull(streams, "streams");
    requireNonNull(json, "json");
    requireNonNull(budget, "budget");
    requireNonNull(pool, "pool");
    requireNonNull(quotas, "quotas");
  }

  /** Bundles services whose routing and keys never change (tools and tests). */
  ProxyServices(Router router, VirtualKeys keys, Inspector inspector, Limits limits, GatewayMetrics metrics,
      AuditLog audit, UpstreamConnector connector, Drain drain, StreamGate streams, ObjectMapper json,
      BufferBudget budget, InspectionPool pool, Quotas quotas) {
    this(LiveConfig.fixed(router, keys), inspector, limits, metrics, audit, connector, drain, streams, json, budget, pool,
        quotas);
  }
}
