package io.kexin.gateway.proxy;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kexin.gateway.audit.AuditLog;
import io.kexin.gateway.config.Limits;
import io.kexin.gateway.config.ListenerConfig;
import io.kexin.gateway.content.StrictJson;
import io.kexin.gateway.inspect.Inspector;
import io.kexin.gateway.limit.Quotas;
import io.kexin.gateway.metrics.GatewayMetrics;
import io.kexin.gateway.route.Router;
import io.kexin.gateway.route.Target;
import io.kexin.gateway.route.Upstream;
import io.kexin.gateway.tenant.VirtualKeys;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.internal.PlatformDependent;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** Serves the proxy listener: accepts clients, forwards to upstreams, drains on shutdown. */
public final class ProxyServer implements AutoCloseable {
  private final ListenerConfig listener;
  private final ProxyServices services;
  private final EventLoopGroup group;
  private Channel serverChannel;

  /** Creates a proxy server that writes no audit lines of its own; call {@link #start()} to bind. */
  public ProxyServer(ListenerConfig listener, Limits limits, Router router, VirtualKeys keys, Inspector inspector,
      GatewayMetrics metrics, Drain drain, Transport transport, EventLoopGroup group) {
    this(listener, limits, router, keys, inspector, metrics, new AuditLog(metrics), drain, transport, group);
  }

  /**
   * Creates a proxy server whose upstream retries and failovers go to {@code audit}, and whose upstream targets'
   * health is reported in {@code metrics}; call {@link #start()} to bind.
   */
  public ProxyServer(ListenerConfig listener, Limits limits, Router router, VirtualKeys keys, Inspector inspector,
      GatewayMetrics metrics, AuditLog audit, Drain drain, Transport transport, EventLoopGroup group) {
    this(listener, limits, LiveConfig.fixed(router, keys), inspector, metrics, audit, drain, transport, group, Quotas.none());
  }

  /**
   * Creates a proxy server that reads its routes, upstreams and keys from {@code live} once per request, so a config
   * reload takes effect on the next request without dropping a connection, applying the tenants' limits in
   * {@code quotas}; call {@link #start()} to bind.
   */
  public ProxyServer(ListenerConfig listener, Limits limits, Supplier<LiveConfig> live, Inspector inspector,
      GatewayMetrics metrics, AuditLog audit, Drain drain, Transport transport, EventLoopGroup group, Quotas quotas) {
    this.listener = requireNonNull(listener, "listener");
    this.group = requireNonNull(group, "group");
    ObjectMapper json = StrictJson.mapper();
    // Half the direct memory by default: the rest is for sockets' own buffers, streams and headers.
    BufferBudget budget = new BufferBudget(limits.maxBufferedBytes() != null ? limits.maxBufferedBytes()
        : Math.max(1L << 20, PlatformDependent.maxDirectMemory() / 2));
    metrics.bufferBudget(budget::used, budget.limit());
    metrics.watchTargets(report -> {
      for (Upstream u : live.get().router().upstreams()) {
        for (Target t : u.targets()) {
          report.report(u.name(), t.label(), t.healthy());
        }
      }
    });
    this.services = new ProxyServices(live, inspector, limits, metrics, audit,
        new UpstreamConnector(transport.clientChannel(), transport.datagramChannel(), limits.maxResponseBytes()), drain,
        new StreamGate(limits.maxConcurrentStreams()), json, budget,
        new InspectionPool(limits.inspectionThreads(), limits.inspectionQueue()), quotas);
    this.transport = transport;
  }

  private final Transport transport;

  /**
   * Closes the idle pooled connections to targets that {@code now} no longer uses (after a config reload); a
   * connection in use to such a target is closed when its exchange ends.
   */
  public void retireTargets(LiveConfig before, LiveConfig now) {
    Set<Target> kept = new HashSet<>();
    for (Upstream u : now.router().upstreams()) {
      kept.addAll(u.targets());
    }
    List<Target> gone = new ArrayList<>();
    for (Upstream u : before.router().upstreams()) {
      for (Target t : u.targets()) {
        if (!kept.contains(t)) {
          gone.add(t);
        }
      }
    }
    if (!gone.isEmpty()) {
      services.connector().retire(gone);
    }
  }

  /** Binds the listener; returns the bound address (useful with port 0). */
  public InetSocketAddress start() throws InterruptedException {
    SslContext tls = null;
    if (listener.tls() != null) {
      try {
        tls = SslContextBuilder.forServer(listener.tls().certFile().toFile(), listener.tls().keyFile().toFile())
            .build();
      } catch (Exception e) {
        throw new IllegalStateException("cannot load TLS certificate or key (" + listener.tls().certFile() + ", "
            + listener.tls().keyFile() + "): " + e.getMessage(), e);
      }
    }
    ServerBootstrap b = new ServerBootstrap()
        .group(group)
        .channel(transport.serverChannel())
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.AUTO_READ, false)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ProxyInitializer(services, tls));
    serverChannel = b.bind(listener.bind(), listener.port()).sync().channel();
    return (InetSocketAddress) serverChannel.localAddress();
  }

  /** Stops accepting new connections and waits up to {@code grace} for requests in flight to finish. */
  public boolean drain(Duration grace) throws InterruptedException {
    services.drain().start();
    if (serverChannel != null) {
      serverChannel.close().sync();
    }
    long deadline = System.nanoTime() + grace.toNanos();
    while (services.drain().inflight() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return services.drain().inflight() == 0;
  }

  @Override
  public void close() {
    if (serverChannel != null) {
      serverChannel.close().syncUninterruptibly();
    }
    services.connector().close();
    services.pool().close();
  }
}
