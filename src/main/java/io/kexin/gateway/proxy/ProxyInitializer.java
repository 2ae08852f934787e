package io.kexin.gateway.proxy;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;

/** Builds each client connection's pipeline: optional TLS, HTTP/1.1 codec, bounded body aggregation, the handler. */
final class ProxyInitializer extends ChannelInitializer<SocketChannel> {
  private final ProxyServices services;
  private final SslContext tls;

  ProxyInitializer(ProxyServices services, SslContext tls) {
    this.services = services;
    this.tls = tls;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    ChannelPipeline p = ch.pipeline();
    if (tls != null) {
      p.addLast("tls", tls.newHandler(ch.alloc()));
    }
    p.addLast("http", new HttpServerCodec(8192, 32768, 65536));
    p.addLast("body", new BodyAggregator(services.limits().maxRequestBytes()));
    p.addLast("client", new ClientHandler(services, tls != null));
  }
}
