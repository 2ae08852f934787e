package io.kexin.gateway.policytest;

import io.kexin.gateway.config.GatewayConfig;
import io.kexin.gateway.config.RouteConfig;
import io.kexin.gateway.config.TenantConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Maps the route and tenant names of a gateway config to the policies they apply, for cases that name them. */
public record Bindings(Map<String, List<String>> routes, Map<String, List<String>> tenants) {
  public Bindings {
    routes = Map.copyOf(routes);
    tenants = Map.copyOf(tenants);
  }

  /** Returns bindings with no routes or tenants: cases name their policies, or use every policy. */
  public static Bindings none() {
    return new Bindings(Map.of(), Map.of());
  }

  /** Returns the routes and tenants of {@code config}. */
  public static Bindings of(GatewayConfig config) {
    Map<String, List<String>> routes = new LinkedHashMap<>();
    for (RouteConfig r : config.routes()) {
      routes.put(r.name(), r.policies());
    }
    Map<String, List<String>> tenants = new LinkedHashMap<>();
    for (TenantConfig t : config.tenants()) {
      tenants.put(t.name(), t.policies());
    }
    return new Bindings(routes, tenants);
  }
}
