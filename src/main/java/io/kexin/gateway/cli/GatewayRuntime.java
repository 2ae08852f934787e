package io.kexin.gateway.cli;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.admin.AdminServer;
import io.kexin.gateway.config.GatewayConfig;
import io.kexin.gateway.audit.AuditLog;
import io.kexin.gateway.config.ConfigException;
import io.kexin.gateway.config.RouteConfig;
import io.kexin.gateway.config.TenantConfig;
import io.kexin.gateway.inspect.Inspector;
import io.kexin.gateway.inspect.PolicyInspector;
import io.kexin.gateway.inspect.SegmentCache;
import io.kexin.gateway.inspect.TextScanner;
import io.kexin.gateway.policy.PolicySet;
import io.kexin.gateway.metrics.GatewayMetrics;
import io.kexin.gateway.proxy.Drain;
import io.kexin.gateway.proxy.ProxyServer;
import io.kexin.gateway.proxy.Transport;
import io.kexin.gateway.route.Router;
import io.kexin.gateway.tenant.VirtualKeys;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** Wires and runs one gateway: proxy and admin listeners over shared event loops, from one config. */
public final class GatewayRuntime implements AutoCloseable {
  private final GatewayConfig config;
  private final Transport transport = Transport.best();
  private final EventLoopGroup bossGroup = transport.group(1);
  private final EventLoopGroup workerGroup;
  private final GatewayMetrics metrics;
  private final AuditLog audit;
  private final Drain drain = new Drain();
  private final ProxyServer proxy;
  private final AdminServer admin;
  private final AtomicReference<PolicySet> policies;
  private volatile boolean started;
  private InetSocketAddress proxyAddress;
  private InetSocketAddress adminAddress;

  /**
   * Wires a gateway for {@code config}; {@code workerThreads} 0 means one per core. Opens the audit sink.
   *
   * @throws ConfigException if a policy the config names is not loaded or the audit file cannot be opened
   */
  public GatewayRuntime(GatewayConfig config, PolicySet policies, int workerThreads, boolean jvmMetrics,
      String version) {
    this.config = requireNonNull(config, "config");
    checkPolicyNames(config, policies);
    this.policies = new AtomicReference<>(policies);
    this.metrics = new GatewayMetrics(jvmMetrics);
    this.audit = AuditLog.open(config.audit(), metrics);
    this.workerGroup = transport.group(workerThreads);
    try {
      int cached = config.limits().segmentCacheEntries();
      Inspector inspector = new PolicyInspector(this.policies::get, audit, config.limits().maxStreamHeldChars(),
          cached == 0 ? null : new SegmentCache(cached));
      this.proxy = new ProxyServer(config.listeners().proxy(), config.limits(), Router.fromConfig(config),
          VirtualKeys.fromConfig(config), inspector, metrics, audit, drain, transport, workerGroup);
      this.admin = new AdminServer(config.listeners().admin(), metrics, this::ready, version,
          new TextScanner(this.policies::get), transport, bossGroup);
    } catch (RuntimeException e) {
      audit.close();
      throw e;
    }
  }

  private static void checkPolicyNames(GatewayConfig config, PolicySet policies) {
    try {
      for (RouteConfig r : config.routes()) {
        policies.resolve(r.policies());
      }
      for (TenantConfig t : config.tenants()) {
        policies.resolve(t.policies());
      }
    } catch (IllegalArgumentException e) {
      throw new ConfigException("config names a policy that is not loaded: " + e.getMessage());
    }
  }

  /** Returns the policies in force. */
  public PolicySet policies() {
    return policies.get();
  }

  /** Binds both listeners. */
  public void start() throws InterruptedException {
    proxyAddress = proxy.start();
    adminAddress = admin.start();
    started = true;
  }

  /** Says whether the gateway is serving and not draining. */
  public boolean ready() {
    return started && !drain.draining();
  }

  /** Returns the bound proxy address. */
  public InetSocketAddress proxyAddress() {
    return proxyAddress;
  }

  /** Returns the bound admin address. */
  public InetSocketAddress adminAddress() {
    return adminAddress;
  }

  /** Returns the shared event loops, for components (like the demo model) that run beside the gateway. */
  public EventLoopGroup bossGroup() {
    return bossGroup;
  }

  /** Returns the transport in use. */
  public Transport transport() {
    return transport;
  }

  /** Returns the metrics. */
  public GatewayMetrics metrics() {
    return metrics;
  }

  /** Stops accepting, fails readiness, waits for requests in flight up to the configured grace. */
  public boolean drain() throws InterruptedException {
    return proxy.drain(config.limits().shutdownGrace());
  }

  @Override
  public void close() {
    proxy.close();
    admin.close();
    workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    audit.close(); // after the event loops stopped: nothing records any more, every queued line is written
  }

  /** Returns how long draining may take. */
  public Duration grace() {
    return config.limits().shutdownGrace();
  }
}
