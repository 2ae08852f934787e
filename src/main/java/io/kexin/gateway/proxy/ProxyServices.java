package io.kexin.gateway.proxy;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kexin.gateway.audit.AuditLog;
import io.kexin.gateway.config.Limits;
import io.kexin.gateway.inspect.Inspector;
import io.kexin.gateway.metrics.GatewayMetrics;
import io.kexin.gateway.route.Router;
import io.kexin.gateway.tenant.VirtualKeys;

/**
 * Bundles what the proxy handlers share: routing, keys, inspection, limits, metrics, audit, upstream pools, drain
 * state, stream slots, the budget for buffered bodies and the pool that inspects large ones.
 */
record ProxyServices(Router router, VirtualKeys keys, Inspector inspector, Limits limits, GatewayMetrics metrics,
    AuditLog audit, UpstreamConnector connector, Drain drain, StreamGate streams, ObjectMapper json,
    BufferBudget budget, InspectionPool pool) {
  ProxyServices {
    requireNonNull(audit, "audit");
    requireNonNull(router, "router");
    requireNonNull(keys, "keys");
    requireNonNull(inspector, "inspector");
    requireNonNull(limits, "limits");
    requireNonNull(metrics, "metrics");
    requireNonNull(connector, "connector");
    requireNonNull(drain, "drain");
    requireNonNull(streams, "streams");
    requireNonNull(json, "json");
    requireNonNull(budget, "budget");
    requireNonNull(pool, "pool");
  }
}
