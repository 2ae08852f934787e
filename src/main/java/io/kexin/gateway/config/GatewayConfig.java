package io.kexin.gateway.config;

import static java.util.Objects.requireNonNullElse;

import java.util.List;

/** Holds the whole gateway configuration, as bound from {@code gateway.yaml}. */
public record GatewayConfig(
    Listeners listeners,
    Limits limits,
    List<UpstreamConfig> upstreams,
    List<RouteConfig> routes,
    List<TenantConfig> tenants,
    PoliciesConfig policies,
    AuditConfig audit,
    AdminConfig admin,
    PluginsConfig plugins,
    QuotasConfig quotas) {

  public GatewayConfig {
    listeners = requireNonNullElse(listeners, Listeners.DEFAULT);
    limits = requireNonNullElse(limits, Limits.DEFAULT_LIMITS);
    upstreams = List.copyOf(requireNonNullElse(upstreams, List.of()));
    routes = List.copyOf(requireNonNullElse(routes, List.of()));
    tenants = List.copyOf(requireNonNullElse(tenants, List.of()));
    policies = requireNonNullElse(policies, PoliciesConfig.DEFAULT);
    audit = requireNonNullElse(audit, AuditConfig.DEFAULT);
    admin = requireNonNullElse(admin, AdminConfig.DEFAULT);
    plugins = requireNonNullElse(plugins, PluginsConfig.DEFAULT);
    quotas = requireNonNullElse(quotas, QuotasConfig.NONE);
  }

  /** Creates a configuration without limits. */
  public GatewayConfig(Listeners listeners, Limits limits, List<UpstreamConfig> upstreams, List<RouteConfig> routes,
      List<TenantConfig> tenants, PoliciesConfig policies, AuditConfig audit, AdminConfig admin,
      PluginsConfig plugins) {
    this(listeners, limits, upstreams, routes, tenants, policies, audit, admin, plugins, null);
  }

  /** Creates a configuration with the default plugin directory. */
  public GatewayConfig(Listeners listeners, Limits limits, List<UpstreamConfig> upstreams, List<RouteConfig> routes,
      List<TenantConfig> tenants, PoliciesConfig policies, AuditConfig audit, AdminConfig admin) {
    this(listeners, limits, upstreams, routes, tenants, policies, audit, admin, null, null);
  }

  /** Creates a configuration without an admin token. */
  public GatewayConfig(Listeners listeners, Limits limits, List<UpstreamConfig> upstreams, List<RouteConfig> routes,
      List<TenantConfig> tenants, PoliciesConfig policies, AuditConfig audit) {
    this(listeners, limits, upstreams, routes, tenants, policies, audit, null);
  }

  /** Creates a configuration with the default audit sink. */
  public GatewayConfig(Listeners listeners, Limits limits, List<UpstreamConfig> upstreams, List<RouteConfig> routes,
      List<TenantConfig> tenants, PoliciesConfig policies) {
    this(listeners, limits, upstreams, routes, tenants, policies, null, null);
  }

  /** Returns this configuration with the listener ports replaced where given (non-null). */
  public GatewayConfig withPorts(Integer proxyPort, Integer adminPort, String bind) {
    return new GatewayConfig(listeners.withOverrides(proxyPort, adminPort, bind), limits, upstreams, routes, tenants,
        policies, audit, admin, plugins, quotas);
  }
}
