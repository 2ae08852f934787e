package io.kexin.gateway.cli;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.admin.AdminServer;
import io.kexin.gateway.audit.AuditLog;
import io.kexin.gateway.config.ConfigException;
import io.kexin.gateway.config.ConfigStore;
import io.kexin.gateway.config.FileWatcher;
import io.kexin.gateway.config.GatewayConfig;
import io.kexin.gateway.config.ModelConfig;
import io.kexin.gateway.config.QuotaRule;
import io.kexin.gateway.config.RouteConfig;
import io.kexin.gateway.config.TenantConfig;
import io.kexin.gateway.config.UpstreamConfig;
import io.kexin.gateway.document.ImageText;
import io.kexin.gateway.inspect.DecisionFanOut;
import io.kexin.gateway.inspect.Inspector;
import io.kexin.gateway.inspect.PolicyInspector;
import io.kexin.gateway.inspect.RecentDecisions;
import io.kexin.gateway.inspect.SegmentCache;
import io.kexin.gateway.inspect.TextScanner;
import io.kexin.gateway.limit.Quotas;
import io.kexin.gateway.metrics.GatewayMetrics;
import io.kexin.gateway.metrics.ModelLabels;
import io.kexin.gateway.policy.PolicyLoader;
import io.kexin.gateway.policy.PolicySet;
import io.kexin.gateway.policy.PolicyStore;
import io.kexin.gateway.policytest.Bindings;
import io.kexin.gateway.policytest.SuiteRunner;
import io.kexin.gateway.proxy.Drain;
import io.kexin.gateway.proxy.LiveConfig;
import io.kexin.gateway.proxy.ProxyServer;
import io.kexin.gateway.proxy.Transport;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import io.netty.util.internal.PlatformDependent;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Wires and runs one gateway: proxy and admin listeners over shared event loops, from one config. With a config file,
 * the file reloads (routes, tenants, upstreams and any later section) without a restart; settings fixed at start keep
 * their running values.
 */
public final class GatewayRuntime implements AutoCloseable {
  /** How many recent decisions the admin playground lists. */
  private static final int RECENT_DECISIONS = 50;
  /** The config the gateway started with: its settings fixed at start are the ones in force. */
  private final GatewayConfig config;
  /** What serves the config in force: the started config's, or the config store's after a reload. */
  private final Supplier<LiveConfig> live;
  /** Reloads the config file; null when the gateway runs without one. */
  private final ConfigStore<LiveConfig> configStore;
  private final Transport transport = Transport.best();
  private final EventLoopGroup bossGroup = transport.group(1);
  private final EventLoopGroup workerGroup;
  private final GatewayMetrics metrics;
  private final AuditLog audit;
  private final Drain drain = new Drain();
  private final CountDownLatch listenerMayClose = new CountDownLatch(1);
  private final ProxyServer proxy;
  private final AdminServer admin;
  private final PolicyStore policies;
  private final Quotas quotas;
  private FileWatcher watcher;
  private FileWatcher configWatcher;
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
    this(config, null, null, policies, new PolicyLoader(), workerThreads, jvmMetrics, version);
  }

  /**
   * Wires a gateway for {@code config} whose policy reloads use {@code loader} (the one that loaded
   * {@code policies}, with the same detector plugins); {@code workerThreads} 0 means one per core.
   *
   * @throws ConfigException if a policy the config names is not loaded or the audit file cannot be opened
   */
  public GatewayRuntime(GatewayConfig config, PolicySet policies, PolicyLoader loader, int workerThreads,
      boolean jvmMetrics, String version) {
    this(config, null, null, policies, loader, workerThreads, jvmMetrics, version);
  }

  /**
   * Wires a gateway for {@code config}, read from {@code configFile} by {@code configLoader} (both null for a config
   * that does not come from a file, which then never reloads), whose policy reloads use {@code loader} (the one that
   * loaded {@code policies}, with the same detector plugins); {@code workerThreads} 0 means one per core. Opens the
   * audit sink.
   *
   * @throws ConfigException if a policy the config names is not loaded or the audit file cannot be opened
   */
  public GatewayRuntime(GatewayConfig config, Path configFile, Function<Path, GatewayConfig> configLoader,
      PolicySet policies, PolicyLoader loader, int workerThreads, boolean jvmMetrics, String version) {
    this.config = requireNonNull(config, "config");
    checkPolicyNames(config, policies);
    Path dir = config.policies().dir();
    Path site = config.policies().site();
    requireNonNull(loader, "loader");
    this.policies = new PolicyStore(dir, site, policies, PolicyStore.fingerprint(dir, site),
        d -> loader.load(d, site), (candidate, from) -> check(currentConfig(), candidate, from), Clock.systemUTC());
    LiveConfig initial;
    try {
      initial = LiveConfig.of(config, null);
    } catch (IllegalStateException e) {
      throw new ConfigException(e.getMessage());
    }
    // Reloads of the config and of the policies take turns: each checks its candidate against the other in force.
    this.configStore = configFile == null ? null : new ConfigStore<>(configFile, config, initial,
        requireNonNull(configLoader, "configLoader"), this::build, this.policies, Clock.systemUTC());
    this.live = configStore == null ? () -> initial : configStore;
    this.metrics = new GatewayMetrics(jvmMetrics);
    this.policies.onReload(r -> metrics.policyReloaded(r.outcome().label()));
    if (configStore != null) {
      configStore.onReload(r -> metrics.configReloaded(r.outcome().label()));
    }
    metrics.build(version);
    metrics.policyRevision(() -> this.policies.get().revision());
    metrics.models(ModelLabels.of(namedModels(config)));
    this.audit = AuditLog.open(config.audit(), metrics);
    this.workerGroup = transport.group(workerThreads);
    metrics.netty(GatewayRuntime::usedDirectMemory, PlatformDependent.maxDirectMemory(),
        () -> pendingTasks(workerGroup));
    try {
      this.quotas = Quotas.of(config.quotas(), namedModels(config), metrics, Clock.systemUTC());
    } catch (RuntimeException e) {
      audit.close();
      throw e;
    }
    try {
      int cached = config.limits().segmentCacheEntries();
      RecentDecisions recent = new RecentDecisions(RECENT_DECISIONS);
      ImageText images = new ImageText(config.limits().images());
      if (config.limits().images().reads()) {
        images.check();
      }
      Inspector inspector = new PolicyInspector(this.policies::get, new DecisionFanOut(List.of(audit, recent)),
          config.limits().maxStreamHeldChars(), cached == 0 ? null : new SegmentCache(cached),
          config.limits().pdf(), images, config.limits().audio());
      this.proxy = new ProxyServer(config.listeners().proxy(), config.limits(), live, inspector, metrics, audit, drain,
          transport, workerGroup, quotas);
      if (configStore != null) {
        configStore.onSwap(proxy::retireTargets);
        configStore.onSwap((before, after) -> metrics.models(ModelLabels.of(namedModels(after.config()))));
      }
      this.admin = new AdminServer(config.listeners().admin(), metrics, this::ready, version,
          new TextScanner(this.policies), this.policies, config.admin().token(), recent, transport, bossGroup,
          configStore, this::currentConfig, quotas::health);
    } catch (RuntimeException e) {
      quotas.close();
      audit.close();
      throw e;
    }
  }

  /**
   * Refuses a policy revision that would not serve this config: a policy a route or tenant names is missing, or a
   * golden test suite of the directory (or of the site directory) fails.
   */
  private void check(GatewayConfig config, PolicySet candidate, Path dir) {
    checkPolicyNames(config, candidate);
    new SuiteRunner().run(candidate, dir, policies.site(), Bindings.of(config), id -> true).requirePassed();
  }

  /**
   * Builds what serves a candidate config, or refuses it: the policies its routes and tenants name must be loaded,
   * the golden suites must pass with its routes and tenants, and its credential files must be readable.
   */
  private LiveConfig build(GatewayConfig candidate, LiveConfig previous) {
    check(candidate, policies.get(), policies.dir());
    try {
      return LiveConfig.of(candidate, previous);
    } catch (IllegalStateException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  /** Returns the config in force: the started one, or the last good reload of the file. */
  public GatewayConfig currentConfig() {
    return live.get().config();
  }

  /** Returns the store that reloads the config file, or null when the gateway runs without one. */
  public ConfigStore<LiveConfig> configStore() {
    return configStore;
  }

  /** Checks the revision in force as a reload would: the names the config uses, then the golden suites. */
  public void checkPolicies() {
    check(currentConfig(), policies.get(), policies.dir());
  }

  /**
   * Returns the model names the config names: tenants' allowed models, routes' models and aliases (with the models
   * they stand for), Azure deployment aliases, and the models of limit rules and prices.
   */
  private static Set<String> namedModels(GatewayConfig config) {
    Set<String> models = new LinkedHashSet<>();
    for (RouteConfig r : config.routes()) {
      for (ModelConfig m : r.models()) {
        models.add(m.name());
        if (m.upstreamModel() != null) {
          models.add(m.upstreamModel());
        }
      }
    }
    for (TenantConfig t : config.tenants()) {
      models.addAll(t.models());
    }
    for (UpstreamConfig u : config.upstreams()) {
      models.addAll(u.deployments().keySet());
    }
    models.addAll(config.quotas().prices().keySet());
    for (QuotaRule r : config.quotas().rules()) {
      if (r.model() != null && !r.model().equals("*")) {
        models.add(r.model());
      }
    }
    return models;
  }

  /** Returns the direct memory Netty holds: its own count where it keeps one, else its default allocator's. */
  private static long usedDirectMemory() {
    long counted = PlatformDependent.usedDirectMemory();
    if (counted >= 0) {
      return counted;
    }
    return ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider p ? p.metric().usedDirectMemory() : 0;
  }

  /** Returns the tasks waiting on the event loops of {@code group}. */
  private static long pendingTasks(EventLoopGroup group) {
    long pending = 0;
    for (EventExecutor loop : group) {
      if (loop instanceof SingleThreadEventExecutor executor) {
        pending += executor.pendingTasks();
      }
    }
    return pending;
  }

  /** Refuses a config whose routes or tenants name a policy {@code policies} does not hold. */
  private static void checkPolicyNames(GatewayConfig config, PolicySet policies) {
    try {
      for (RouteConfig r : config.routes()) {
        policies.resolve(r.policies());
        for (ModelConfig m : r.models()) {
          policies.resolve(m.policies());
        }
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

  /** Returns the store that holds the policies in force and reloads them. */
  public PolicyStore policyStore() {
    return policies;
  }

  /**
   * Starts watching the policy directory (and the site directory): a change that settles is reloaded, checked, and
   * swapped in if good.
   */
  public synchronized void watchPolicies() {
    if (watcher == null) {
      watcher = new FileWatcher(policies, "policies", config.policies().pollInterval(), config.policies().debounce(),
          true).start();
    }
  }

  /**
   * Starts watching the config file (and its upstreams' credential files) with the policies' poll interval and
   * debounce; does nothing without a config file.
   */
  public synchronized void watchConfig() {
    if (configWatcher == null && configStore != null) {
      configWatcher = new FileWatcher(configStore, "config", config.policies().pollInterval(),
          config.policies().debounce(), true).start();
    }
  }

  /** Reopens the audit file (after it was rotated away); other sinks are left as they are. */
  public void reopenAudit() {
    audit.reopen();
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

  /**
   * Fails readiness, keeps accepting for {@code limits.shutdownDelay} (so that load balancers stop sending first, or
   * until {@link #stopListening()}), then stops accepting and waits for requests in flight up to the configured grace.
   */
  public boolean drain() throws InterruptedException {
    drain.start();
    listenerMayClose.await(config.limits().shutdownDelay().toNanos(), TimeUnit.NANOSECONDS);
    return proxy.drain(config.limits().shutdownGrace());
  }

  /** Ends the wait of a {@link #drain()} with readiness failed now: the listener closes at once. */
  public void stopListening() {
    listenerMayClose.countDown();
  }

  @Override
  public void close() {
    synchronized (this) {
      if (watcher != null) {
        watcher.close();
      }
      if (configWatcher != null) {
        configWatcher.close();
      }
    }
    if (configStore != null) {
      configStore.close();
    }
    policies.close();
    proxy.close();
    admin.close();
    workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    quotas.close();
    bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    audit.close(); // after the event loops stopped: nothing records any more, every queued line is written
  }

  /** Returns how long draining may take, the delay before the listener closes included. */
  public Duration grace() {
    return config.limits().shutdownDelay().plus(config.limits().shutdownGrace());
  }
}
