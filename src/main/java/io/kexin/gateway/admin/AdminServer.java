package io.kexin.gateway.admin;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.config.ConfigStore;
import io.kexin.gateway.config.GatewayConfig;
import io.kexin.gateway.config.ListenerConfig;
import io.kexin.gateway.inspect.RecentDecisions;
import io.kexin.gateway.inspect.TextScanner;
import io.kexin.gateway.limit.LimitHealth;
import io.kexin.gateway.metrics.GatewayMetrics;
import io.kexin.gateway.policy.PolicyStore;
import io.kexin.gateway.proxy.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import java.net.InetSocketAddress;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Serves {@code /healthz}, {@code /readyz}, {@code /health} (the detailed answer, limits included), {@code /metrics},
 * {@code /version}, {@code POST /scan}, the policy API ({@code GET /policies}, {@code POST /policies/reload}) and the
 * config API ({@code GET /config} with secrets redacted, {@code POST /config/reload}).
 */
public final class AdminServer implements AutoCloseable {
  private final ListenerConfig listener;
  private final AdminHandler.Endpoints endpoints;
  private final EventLoopGroup group;
  private final Transport transport;
  private Channel channel;

  /**
   * Creates the admin server; {@code ready} says whether config and policies are loaded and not draining;
   * {@code token} (null for none) guards the policy and config APIs; {@code config} (null without a config file)
   * reloads the config, and {@code running} returns the config in force.
   */
  public AdminServer(ListenerConfig listener, GatewayMetrics metrics, BooleanSupplier ready, String version,
      TextScanner scanner, PolicyStore policies, String token, RecentDecisions decisions, Transport transport,
      EventLoopGroup group, ConfigStore<?> config, Supplier<GatewayConfig> running) {
    this(listener, metrics, ready, version, scanner, policies, token, decisions, transport, group, config, running,
        () -> new LimitHealth("none", "ok", 0, 0, null, 0, 0, 0));
  }

  /** Creates the admin server as above; {@code /health} reports the tenants' limits from {@code limits}. */
  public AdminServer(ListenerConfig listener, GatewayMetrics metrics, BooleanSupplier ready, String version,
      TextScanner scanner, PolicyStore policies, String token, RecentDecisions decisions, Transport transport,
      EventLoopGroup group, ConfigStore<?> config, Supplier<GatewayConfig> running, Supplier<LimitHealth> limits) {
    this.listener = requireNonNull(listener, "listener");
    this.endpoints = new AdminHandler.Endpoints(requireNonNull(metrics, "metrics"), requireNonNull(ready, "ready"),
        requireNonNull(version, "version"), requireNonNull(scanner, "scanner"), requireNonNull(policies, "policies"),
        new AdminAuth(token), new Playground(scanner, decisions), config, requireNonNull(running, "running"),
        requireNonNull(limits, "limits"));
    this.transport = requireNonNull(transport, "transport");
    this.group = requireNonNull(group, "group");
  }

  /** Binds the admin listener; returns the bound address. */
  public InetSocketAddress start() throws InterruptedException {
    channel = new ServerBootstrap()
        .group(group)
        .channel(transport.serverChannel())
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new HttpServerCodec(), new HttpServerKeepAliveHandler(),
                new HttpObjectAggregator(1 << 20), new AdminHandler(endpoints));
          }
        })
        .bind(listener.bind(), listener.port()).sync().channel();
    return (InetSocketAddress) channel.localAddress();
  }

  @Override
  public void close() {
    if (channel != null) {
      channel.close().syncUninterruptibly();
    }
  }
}
