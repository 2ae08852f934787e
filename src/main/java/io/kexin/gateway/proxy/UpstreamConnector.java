package io.kexin.gateway.proxy;

import io.kexin.gateway.route.Upstream;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.pool.AbstractChannelPoolHandler;
import io.netty.channel.pool.ChannelHealthChecker;
import io.netty.channel.pool.ChannelPool;
import io.netty.channel.pool.SimpleChannelPool;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * Hands out pooled connections to upstreams. Each event loop has its own pool per upstream, so an upstream
 * connection always runs on the same thread as the client connection it serves (no cross-thread hand-off).
 * HTTPS connections send SNI and verify the server's host name. Thread-safe.
 */
final class UpstreamConnector implements AutoCloseable {
  private final Class<? extends Channel> channelType;
  private final SslContext ssl;
  private final Map<EventLoop, Map<String, ChannelPool>> pools = new ConcurrentHashMap<>();

  UpstreamConnector(Class<? extends Channel> channelType) {
    this.channelType = channelType;
    try {
      this.ssl = SslContextBuilder.forClient().endpointIdentificationAlgorithm("HTTPS").build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot create the TLS client context", e);
    }
  }

  /** Acquires a connection to {@code upstream} on {@code loop}; call from that loop. */
  Future<Channel> acquire(Upstream upstream, EventLoop loop) {
    return pool(upstream, loop).acquire();
  }

  /** Returns a connection to its pool; a closed connection is dropped by the pool's health check. */
  void release(Upstream upstream, Channel channel) {
    pool(upstream, channel.eventLoop()).release(channel);
  }

  private ChannelPool pool(Upstream upstream, EventLoop loop) {
    return pools.computeIfAbsent(loop, l -> new HashMap<>())
        .computeIfAbsent(upstream.name(), n -> newPool(upstream, loop));
  }

  private ChannelPool newPool(Upstream upstream, EventLoop loop) {
    Bootstrap bootstrap = new Bootstrap()
        .group(loop)
        .channel(channelType)
        .option(ChannelOption.AUTO_READ, false)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) upstream.timeouts().connect().toMillis())
        .remoteAddress(InetSocketAddress.createUnresolved(upstream.host(), upstream.port()));
    AbstractChannelPoolHandler handler = new AbstractChannelPoolHandler() {
      @Override
      public void channelCreated(Channel ch) {
        if (upstream.tls()) {
          SslHandler tls = ssl.newHandler(ch.alloc(), upstream.host(), upstream.port());
          ch.pipeline().addLast("tls", tls);
        }
        ch.pipeline().addLast("http", new HttpClientCodec(4096, 16384, 65536));
        ch.pipeline().addLast("idle", new IdleStateHandler(upstream.timeouts().idle().toMillis(), 0, 0,
            TimeUnit.MILLISECONDS));
        ch.pipeline().addLast("exchange", new UpstreamHandler());
      }
    };
    return new SimpleChannelPool(bootstrap, handler, ChannelHealthChecker.ACTIVE, true, true);
  }

  @Override
  public void close() {
    pools.values().forEach(m -> m.values().forEach(ChannelPool::close));
  }
}
