package io.kexin.gateway.proxy;

import io.kexin.gateway.route.Target;
import io.kexin.gateway.route.Upstream;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * Hands out connections to upstream targets and keeps the idle ones. Each event loop has its own idle connections
 * per target, so an upstream connection always runs on the same thread as the client connection it serves (no
 * cross-thread hand-off). HTTPS connections send SNI and verify the server's host name. Thread-safe; each
 * {@link #idle} / {@link #connect} / {@link #release} call must come from the event loop it names.
 */
final class UpstreamConnector implements AutoCloseable {
  /**
   * Sizes each upstream read between 4 KiB and 64 KiB. Netty's default shrinks its guess to a few hundred bytes over
   * a stream of small events, so the next response on the pooled connection arrived in pieces: a 1 KB head with the
   * first events took four reads (one system call and one event-loop turn each, the reads go one at a time since
   * auto-read is off) and up to three writes to the client. With 4 KiB they come in one read and leave in one write.
   */
  static final AdaptiveRecvByteBufAllocator READS = new AdaptiveRecvByteBufAllocator(4096, 4096, 65536);

  private final Class<? extends Channel> channelType;
  private final DnsAddressResolverGroup resolver;
  private final SslContext ssl;
  private final int maxDecodedBytes;
  private final Map<EventLoop, Map<Target, IdleConnections>> pools = new ConcurrentHashMap<>();

  /** Creates a connector whose connections decode a compressed response body up to {@code maxDecodedBytes}. */
  UpstreamConnector(Class<? extends Channel> channelType, Class<? extends DatagramChannel> datagramType,
      int maxDecodedBytes) {
    this.channelType = channelType;
    // Netty's asynchronous resolver, with its cache: the JDK's lookup would block the event loop, and every client
    // on it, for as long as a DNS server takes to answer.
    this.resolver = new DnsAddressResolverGroup(new DnsNameResolverBuilder().datagramChannelType(datagramType));
    this.maxDecodedBytes = maxDecodedBytes;
    try {
      this.ssl = SslContextBuilder.forClient().endpointIdentificationAlgorithm("HTTPS").build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot create the TLS client context", e);
    }
  }

  /** Returns an open idle connection to {@code target} on {@code loop}, or null when there is none. */
  Channel idle(Target target, EventLoop loop) {
    Map<Target, IdleConnections> byTarget = pools.get(loop);
    IdleConnections pool = byTarget == null ? null : byTarget.get(target);
    return pool == null ? null : pool.poll();
  }

  /** Opens a new connection to {@code target} of {@code upstream} (whose timeouts apply) on {@code loop}. */
  ChannelFuture connect(Upstream upstream, Target target, EventLoop loop) {
    return pool(upstream, target, loop).bootstrap.connect();
  }

  /** Keeps an open connection to {@code target} for the next request; a closed one is dropped. */
  void release(Target target, Channel channel) {
    if (channel.isActive()) {
      // Idle connections keep read interest: a close or stray bytes reach UpstreamHandler at once, and the next
      // exchange's read finds the interest already set instead of turning it off and on (two epoll_ctl calls).
      channel.read();
      IdleConnections pool = pools.computeIfAbsent(channel.eventLoop(), l -> new HashMap<>()).get(target);
      if (pool == null) {
        channel.close();
      } else {
        pool.offer(channel);
      }
    }
  }

  /**
   * Forgets the pools of {@code targets} (no longer in the config) on every event loop and closes their idle
   * connections; one in use is closed when it is released.
   */
  void retire(Collection<Target> targets) {
    pools.forEach((loop, byTarget) -> {
      try {
        loop.execute(() -> {
          for (Target t : targets) {
            IdleConnections pool = byTarget.remove(t);
            if (pool != null) {
              pool.closeAll();
            }
          }
        });
      } catch (RejectedExecutionException e) {
        // the loop has shut down, and its connections with it
      }
    });
  }

  private IdleConnections pool(Upstream upstream, Target target, EventLoop loop) {
    return pools.computeIfAbsent(loop, l -> new HashMap<>())
        .computeIfAbsent(target, n -> new IdleConnections(upstream, target, loop));
  }

  @Override
  public void close() {
    resolver.close();
    pools.forEach((loop, byUpstream) -> {
      try {
        loop.execute(() -> byUpstream.values().forEach(IdleConnections::closeAll));
      } catch (RejectedExecutionException e) {
        // the loop has shut down, and its connections with it
      }
    });
  }

  /**
   * Holds one event loop's idle connections to one target, most recently used first (the warmest connection is
   * reused, the others age out by the idle timeout), and opens new ones. Touched only on that event loop. Stands in
   * for Netty's SimpleChannelPool, which costs a promise, a listener and a concurrent deque operation per request.
   */
  private final class IdleConnections {
    final Bootstrap bootstrap;
    private final ArrayDeque<Channel> idle = new ArrayDeque<>();

    IdleConnections(Upstream upstream, Target target, EventLoop loop) {
      this.bootstrap = new Bootstrap()
          .group(loop)
          .channel(channelType)
          .option(ChannelOption.AUTO_READ, false)
          .option(ChannelOption.TCP_NODELAY, true)
          .option(ChannelOption.RCVBUF_ALLOCATOR, READS)
          .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) upstream.timeouts().connect().toMillis())
          .resolver(resolver)
          .remoteAddress(InetSocketAddress.createUnresolved(target.host(), target.port()))
          .handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
              if (target.tls()) {
                SslHandler tls = ssl.newHandler(ch.alloc(), target.host(), target.port());
                ch.pipeline().addLast("tls", tls);
              }
              ch.pipeline().addLast("http", new HttpClientCodec(4096, 16384, 65536));
              ch.pipeline().addLast("idle", new IdleStateHandler(upstream.timeouts().idle().toMillis(), 0, 0,
                  TimeUnit.MILLISECONDS));
              ch.pipeline().addLast("decode", new UpstreamDecoder(maxDecodedBytes));
              ch.pipeline().addLast("exchange", new UpstreamHandler());
              // a connection that closes while idle leaves at once instead of at the next poll
              ch.closeFuture().addListener(f -> idle.remove(ch));
            }
          });
    }

    Channel poll() {
      Channel ch;
      while ((ch = idle.pollFirst()) != null) {
        if (ch.isActive()) {
          return ch;
        }
      }
      return null;
    }

    void offer(Channel ch) {
      idle.addFirst(ch);
    }

    void closeAll() {
      List<Channel> all = new ArrayList<>(idle);
      idle.clear();
      all.forEach(Channel::close);
    }
  }
}
