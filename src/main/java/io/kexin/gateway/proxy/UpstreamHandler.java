package io.kexin.gateway.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * Sits at the end of every upstream connection and hands what arrives to the exchange currently using the
 * connection; a pooled connection with no exchange closes on anything unexpected or on idle.
 */
final class UpstreamHandler extends ChannelInboundHandlerAdapter {
  private ProxyExchange exchange;

  /** Attaches the connection to {@code exchange}, or detaches it when null. */
  void bind(ProxyExchange exchange) {
    this.exchange = exchange;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ProxyExchange current = exchange;
    if (current == null) {
      ReferenceCountUtil.release(msg);
      ctx.close();
      return;
    }
    if (msg instanceof HttpResponse response) {
      current.onResponseHead(response);
    }
    if (msg instanceof HttpContent content) {
      current.onResponseContent(content);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ProxyExchange current = exchange;
    if (current != null) {
      current.onUpstreamReadComplete();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent) {
      if (exchange == null) {
        ctx.close();
      } else {
        exchange.onUpstreamIdle();
      }
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (exchange != null) {
      exchange.onUpstreamClosed(null);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (exchange != null) {
      exchange.onUpstreamClosed(cause);
    }
    ctx.close();
  }
}
