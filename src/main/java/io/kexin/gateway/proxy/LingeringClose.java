package io.kexin.gateway.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection gracefully after the gateway answered a request it will not read (413): the output is shut
 * down so the answer arrives whole, and what the client still sends is read and dropped, up to a byte bound and a
 * time bound, before the close. Closing with unread bytes would make the kernel send a reset, and a client that
 * sends its whole body without waiting (every SDK) would see a reset instead of the 413. Sits first in the
 * pipeline once added, so nothing it drops is decoded. One instance per connection.
 */
final class LingeringClose extends ChannelInboundHandlerAdapter {
  private static final long LINGER_MILLIS = 5_000;
  private long budget;

  /** Creates a handler that drops at most {@code maxBytes} before it closes. */
  LingeringClose(long maxBytes) {
    this.budget = maxBytes;
  }

  /** Shuts the output of {@code ctx}'s channel once its answer is written, and lingers as described above. */
  static void after(ChannelHandlerContext ctx, long maxBytes) {
    ctx.pipeline().addFirst("linger", new LingeringClose(maxBytes));
    if (ctx.channel() instanceof SocketChannel socket && ctx.pipeline().get("tls") == null) {
      socket.shutdownOutput();
    }
    ctx.executor().schedule(() -> {
      ctx.channel().close();
    }, LINGER_MILLIS, TimeUnit.MILLISECONDS);
    ctx.channel().read();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf buf) {
      budget -= buf.readableBytes();
    }
    ReferenceCountUtil.release(msg);
    if (budget < 0) {
      ctx.close();
    } else {
      ctx.read();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
