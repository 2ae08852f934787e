package io.kexin.gateway.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * Sits at the end of every upstream connection and hands what arrives to the exchange currently using the
 * connection; a pooled connection with no exchange closes on anything unexpected or on idle. Interim answers
 * ({@code 100 Continue}, {@code 103 Early Hints}: every 1xx but {@code 101}) are dropped: the exchange waits for the
 * final answer, so the connection never goes back to the pool with that answer still to come.
 */
final class UpstreamHandler extends ChannelInboundHandlerAdapter {
  private ProxyExchange exchange;
  /** Whether the parts of an interim answer are arriving, to be dropped up to its end. */
  private boolean interim;

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
    // The next answer head says whether an interim answer is over; its parts, if the decoder sends any, are dropped,
    // and reading goes on (reads are requested one at a time) until the final answer comes.
    if (msg instanceof HttpResponse response) {
      interim = isInterim(response.status().code()) && !(msg instanceof LastHttpContent);
      if (isInterim(response.status().code())) {
        ReferenceCountUtil.release(msg);
        ctx.read();
        return;
      }
    } else if (interim) {
      interim = !(msg instanceof LastHttpContent);
      ReferenceCountUtil.release(msg);
      ctx.read();
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

  private static boolean isInterim(int status) {
    return status >= 100 && status < 200 && status != 101;
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
