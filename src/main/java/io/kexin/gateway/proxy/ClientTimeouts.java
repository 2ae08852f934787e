package io.kexin.gateway.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Cuts a client connection where a stalled or hostile client would hold it forever: a request (head and body) not
 * received within the request timeout once its first byte came (slowloris: a header a byte a second, a body stalled
 * halfway) gets a 408, in the API format its request line names as far as it came, and the connection closes; a
 * keep-alive connection idle between requests past the idle timeout closes; an answer the client stops reading for
 * longer than the write timeout closes the connection. Each cut is counted as a client fault, never as an upstream
 * one. Sits before the HTTP codec, so it sees raw bytes; the client handler tells it when a request was read whole and
 * when its answer is done. One instance per connection, used on its event loop.
 */
final class ClientTimeouts extends ChannelDuplexHandler {
  /** What the connection is doing, which chooses its deadline. */
  private enum Phase { IDLE, READING, SERVING }

  private static final GatewayError REQUEST_TIMEOUT = new GatewayError(HttpResponseStatus.REQUEST_TIMEOUT,
      "invalid_request_error", "request_timeout", "the request was not received in time, so the gateway closed the"
      + " connection");
  /** How much of a request's first bytes is kept to tell which API format its 408 takes. */
  private static final int PREFIX = 64;

  private final ProxyServices services;
  private final long requestMillis;
  private final long idleMillis;
  private final long writeMillis;
  private ChannelHandlerContext ctx;
  private Phase phase = Phase.IDLE;
  /** The request or idle deadline, as {@link #phase} says; null before the handler is added. */
  private Deadline deadline;
  /** The deadline by which the client's socket must take some of the pending answer; armed while bytes wait. */
  private Deadline writeDeadline;
  /** The first pending message and its read position when the write deadline was set: what progress is told by. */
  private Object pendingHead;
  private int pendingIndex;
  /** The first bytes of the request being read (its request line, as far as it came), for the 408's format. */
  private final byte[] prefix = new byte[PREFIX];
  private int prefixLength;

  ClientTimeouts(ProxyServices services, Duration request, Duration idle, Duration write) {
    this.services = services;
    this.requestMillis = request.toMillis();
    this.idleMillis = idle.toMillis();
    this.writeMillis = write.toMillis();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    // Tasks come due at most the shorter timeout ahead, so either deadline is met without a cancellation.
    long step = TimeUnit.MILLISECONDS.toNanos(Math.min(requestMillis, idleMillis));
    this.deadline = new Deadline(ctx.executor(), this::expired, step);
    this.writeDeadline = new Deadline(ctx.executor(), this::writeTimedOut,
        TimeUnit.MILLISECONDS.toNanos(writeMillis));
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    idle();
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (phase == Phase.IDLE) {
      phase = Phase.READING;
      prefixLength = 0;
      arm(requestMillis);
    }
    if (phase == Phase.READING && prefixLength < PREFIX && msg instanceof ByteBuf buf) {
      int n = Math.min(PREFIX - prefixLength, buf.readableBytes());
      buf.getBytes(buf.readerIndex(), prefix, prefixLength, n);
      prefixLength += n;
    }
    ctx.fireChannelRead(msg);
  }

  /** Hears that a whole request was read: no read deadline while it is served. */
  void requestRead() {
    phase = Phase.SERVING;
    cancel();
  }

  /** Hears that an answer is done and the connection stays open for the next request. */
  void idle() {
    phase = Phase.IDLE;
    arm(idleMillis);
  }

  /**
   * Times the writes: when bytes have been waiting for the client's socket for the write timeout and no byte of them
   * went out in that time (the client stopped reading, so the gateway's backpressure holds the rest), the connection
   * is cut. A slow reader that makes progress is not. Checked after each flush, with no promise or listener per write:
   * an answer the socket takes at once (the usual case) leaves nothing pending, and the deadline stays disarmed.
   */
  @Override
  public void flush(ChannelHandlerContext ctx) {
    ctx.flush();
    ChannelOutboundBuffer buffer = ctx.channel().unsafe().outboundBuffer();
    if (buffer == null || buffer.totalPendingWriteBytes() == 0) {
      writeDeadline.disarm();
    } else if (!writeDeadline.armed()) {
      watchWrites(buffer);
    }
  }

  /** Notes where the pending bytes stand and sets the write deadline. */
  private void watchWrites(ChannelOutboundBuffer buffer) {
    pendingHead = buffer.current();
    pendingIndex = pendingHead instanceof ByteBuf b ? b.readerIndex() : -1;
    writeDeadline.arm(TimeUnit.MILLISECONDS.toNanos(writeMillis));
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (deadline != null) {
      deadline.close();
      writeDeadline.close();
    }
    pendingHead = null;
    ctx.fireChannelInactive();
  }

  private void arm(long millis) {
    if (deadline != null) {
      deadline.arm(TimeUnit.MILLISECONDS.toNanos(millis));
    }
  }

  private void cancel() {
    if (deadline != null) {
      deadline.disarm();
    }
  }

  /** Acts on the deadline of the phase the connection is in. */
  private void expired() {
    if (phase == Phase.READING) {
      requestTimedOut();
    } else if (phase == Phase.IDLE) {
      idleTimedOut();
    }
  }

  private void requestTimedOut() {
    if (phase != Phase.READING || !ctx.channel().isActive()) {
      return;
    }
    services.metrics().clientFault("request_timeout");
    // Written below the HTTP codec, which holds the partial request: the raw answer goes out as is, then the close.
    byte[] body = ApiFormat.forPath(pathSoFar()).render(REQUEST_TIMEOUT);
    byte[] head = ("HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\ncontent-length: "
        + body.length + "\r\nconnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    ctx.writeAndFlush(Unpooled.wrappedBuffer(head, body)).addListener(ChannelFutureListener.CLOSE);
  }

  /** Returns the request target as far as it arrived (between the first and the second space), or "". */
  private String pathSoFar() {
    String line = new String(prefix, 0, prefixLength, StandardCharsets.ISO_8859_1).stripLeading();
    int space = line.indexOf(' ');
    if (space < 0) {
      return "";
    }
    int end = line.indexOf(' ', space + 1);
    return line.substring(space + 1, end < 0 ? line.length() : end);
  }

  private void idleTimedOut() {
    if (phase == Phase.IDLE && ctx.channel().isActive()) {
      services.metrics().clientFault("idle");
      ctx.close();
    }
  }

  /** Cuts the connection when none of its pending bytes went out since the deadline was set; else waits again. */
  private void writeTimedOut() {
    ChannelOutboundBuffer buffer = ctx.channel().unsafe().outboundBuffer();
    if (buffer == null || buffer.totalPendingWriteBytes() == 0) {
      pendingHead = null;
      return;
    }
    Object head = buffer.current();
    // Another first message, or the same one further read: the socket took bytes meanwhile.
    if (head != pendingHead || head instanceof ByteBuf b && b.readerIndex() != pendingIndex
        || head == null) {
      watchWrites(buffer);
      return;
    }
    pendingHead = null;
    if (ctx.channel().isActive()) {
      services.metrics().clientFault("write_timeout");
      ctx.close();
    }
  }
}
