package io.kexin.gateway.proxy;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;

/**
 * Builds each client connection's pipeline: optional TLS, client timeouts, HTTP/1.1 codec, the buffer budget, bounded
 * body aggregation, the handler; a connection over the connection cap is closed at once.
 */
final class ProxyInitializer extends ChannelInitializer<SocketChannel> {
  private final ProxyServices services;
  private final SslContext tls;
  private final ConnectionLimit connections;

  ProxyInitializer(ProxyServices services, SslContext tls) {
    this.services = services;
    this.tls = tls;
    this.connections = new ConnectionLimit(services.limits().maxConnections());
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    if (!connections.admit(ch)) {
      services.metrics().clientFault("over_connection_limit");
      ch.close();
      return;
    }
    ChannelPipeline p = ch.pipeline();
    if (tls != null) {
      p.addLast("tls", tls.newHandler(ch.alloc()));
    }
    p.addLast("timeouts", new ClientTimeouts(services, services.limits().clientRequestTimeout(),
        services.limits().clientIdleTimeout(), services.limits().clientWriteTimeout()));
    // No pipelining depth here: the client handler bounds the requests that wait and answers those it kept before it
    // closes; the codec's own bound would throw mid-read and lose answers already on their way.
    p.addLast("http", new HttpServerCodec(new HttpDecoderConfig().setMaxInitialLineLength(8192)
        .setMaxHeaderSize(32768).setMaxChunkSize(65536), Integer.MAX_VALUE));
    p.addLast("budget", new RequestBudget(services));
    p.addLast("body", new BodyAggregator(services.limits().maxRequestBytes(), services.metrics()));
    p.addLast("client", new ClientHandler(services, tls != null));
  }
}
