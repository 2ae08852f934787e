package io.kexin.gateway.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;

/**
 * Takes each request body's bytes from the gateway's {@link BufferBudget} as they arrive, before they are
 * aggregated, and gives them back when the connection is done with the request or closes. When the budget is spent
 * the request gets 503 in the caller's API format, counted, and the connection closes with a linger; the client
 * retries later or elsewhere, and the gateway stays up. One instance per connection, between the HTTP codec and the
 * aggregator.
 */
final class RequestBudget extends ChannelInboundHandlerAdapter {
  private final ProxyServices services;
  /** Bytes this connection holds in the budget: bodies being read, queued or in their exchange. */
  private long held;
  /** The request target of the request being read; its path picks the API format of a refusal. */
  private String uri = "/";
  /** The client's x-request-id of the request being read, or null: a refusal answers with the id it would keep. */
  private String givenId;
  /** Whether a refused request's remaining parts are being dropped. */
  private boolean refusing;

  RequestBudget(ProxyServices services) {
    this.services = services;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (refusing) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof HttpRequest head) {
      uri = head.uri();
      givenId = head.headers().get(ClientHandler.REQUEST_ID);
    }
    if (msg instanceof HttpContent content) {
      int bytes = content.content().readableBytes();
      if (bytes > 0 && !services.budget().reserve(bytes)) {
        ReferenceCountUtil.release(msg);
        refuse(ctx);
        return;
      }
      held += bytes;
    }
    ctx.fireChannelRead(msg);
  }

  /** Gives back {@code bytes} of a request the connection is done with. */
  void release(long bytes) {
    long n = Math.min(bytes, held);
    held -= n;
    services.budget().release(n);
  }

  private void refuse(ChannelHandlerContext ctx) {
    refusing = true;
    services.metrics().memoryRefused("request_budget");
    ClientHandler handler = ctx.pipeline().get(ClientHandler.class);
    if (handler != null && handler.busy()) {
      // An earlier request's answer is on its way on this connection: an answer now would break into it.
      ctx.close();
      return;
    }
    services.metrics().requestCompleted("none", 503, 0);
    ApiFormat api = ApiFormat.forPath(uri);
    GatewayError error = GatewayError.overloaded("the gateway holds too many request bodies at the moment; try again"
        + " shortly");
    ctx.writeAndFlush(api.response(error, RequestId.chosen(givenId), false)).addListener(f -> {
      if (f.isSuccess()) {
        LingeringClose.after(ctx, 2L * services.limits().maxRequestBytes());
      } else {
        ctx.close();
      }
    });
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    release(held);
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    release(held);
  }
}
