package io.kexin.gateway.demo;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.proxy.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * Serves the demo model on 127.0.0.1 (a free port): OpenAI chat, completions, embeddings, Responses and models, and
 * Anthropic messages, streamed and not. It answers deterministically by echoing the last user text, and accepts only
 * its own per-process credential, so the gateway's key swap is exercised for real.
 */
public final class DemoUpstream implements AutoCloseable {
  private final String credential;
  private final Duration tokenDelay;
  private final Transport transport;
  private final EventLoopGroup group;
  private Channel channel;

  /** Creates the demo model on its own event loop; {@code tokenDelay} spaces streamed tokens (zero: no delay). */
  public DemoUpstream(Duration tokenDelay, Transport transport) {
    this.tokenDelay = requireNonNull(tokenDelay, "tokenDelay");
    this.transport = requireNonNull(transport, "transport");
    this.group = transport.group(1);
    byte[] secret = new byte[16];
    new SecureRandom().nextBytes(secret);
    this.credential = "demo-upstream-" + HexFormat.of().formatHex(secret);
  }

  /** Binds to a free loopback port and returns the address. */
  public InetSocketAddress start() throws InterruptedException {
    DemoModel model = new DemoModel();
    channel = new ServerBootstrap()
        .group(group)
        .channel(transport.serverChannel())
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(8 << 20),
                new DemoHandler(model, credential, tokenDelay));
          }
        })
        .bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
    return (InetSocketAddress) channel.localAddress();
  }

  /** Returns the credential the demo model accepts (the gateway injects it; clients never see it). */
  public String credential() {
    return credential;
  }

  @Override
  public void close() {
    if (channel != null) {
      channel.close().syncUninterruptibly();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
