package io.kexin.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.config.Provider;
import io.kexin.gateway.config.Timeouts;
import io.kexin.gateway.route.Upstream;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Checks how upstream connections read: large enough for a response head and its first events in one read. */
class UpstreamConnectorTest {

  /** Returns the size the handle would read next after {@code reads} reads of {@code bytes} bytes each. */
  private static int guessAfter(RecvByteBufAllocator allocator, int reads, int bytes) {
    EmbeddedChannel ch = new EmbeddedChannel();
    RecvByteBufAllocator.Handle handle = allocator.newHandle();
    for (int i = 0; i < reads; i++) {
      handle.reset(ch.config());
      handle.attemptedBytesRead(handle.guess());
      handle.lastBytesRead(bytes);
      handle.incMessagesRead(1);
      handle.readComplete();
    }
    return handle.guess();
  }

  @Test
  void readsStayAtFourKilobytesOverAStreamOfSmallEvents() {
    // Netty's default shrinks to a few hundred bytes over a stream of 250-byte events, so the next response's head
    // and first events on the pooled connection would come in several reads.
    assertThat(guessAfter(new AdaptiveRecvByteBufAllocator(), 500, 250)).isLessThan(1024);
    assertThat(guessAfter(UpstreamConnector.READS, 500, 250)).isEqualTo(4096);
  }

  @Test
  void readsGrowForLargeBodies() {
    assertThat(guessAfter(UpstreamConnector.READS, 10, 65536)).isEqualTo(65536);
  }

  @Test
  void upstreamConnectionsUseTheseReads() throws Exception {
    Transport transport = Transport.best();
    EventLoopGroup group = transport.group(1);
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        UpstreamConnector connector = new UpstreamConnector(transport.clientChannel(), transport.datagramChannel(), 1 << 20)) {
      Upstream upstream = Upstream.single("mock", Provider.OPENAI, "127.0.0.1", server.getLocalPort(), false, "",
          null, new Timeouts(null, null, null));
      EventLoop loop = group.next();
      Channel ch = loop.submit(() -> connector.connect(upstream, upstream.targets().get(0), loop)).get().sync()
          .channel();
      assertThat((Object) ch.config().getRecvByteBufAllocator()).isSameAs(UpstreamConnector.READS);
      ch.close().sync();
    } finally {
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).sync();
    }
  }
}
