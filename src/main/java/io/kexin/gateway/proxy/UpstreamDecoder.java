package io.kexin.gateway.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.compression.JdkZlibDecoder;
import io.netty.handler.codec.compression.ZlibWrapper;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decodes gzip and deflate response bodies (stacked ones too) on an upstream connection before any relay sees them,
 * and drops Content-Encoding and Content-Length from the head it decoded. Decoding is bounded: the decoded body may
 * not grow past {@code maxDecodedBytes} nor expand more than {@value #MAX_RATIO} times its encoded size (past the
 * first {@value #RATIO_FLOOR} bytes); compressed input is fed in slices of {@value #SLICE} bytes, so one read never
 * inflates more than about a megabyte before the bounds are checked. A body over a bound, or corrupt, ends the
 * response with an {@link UndecodableBodyException}. Any other encoding is left in place for the relay to refuse.
 * Decodes only for exchanges that inspect ({@link #decodeNext}); one instance per connection, on its event loop.
 */
final class UpstreamDecoder extends ChannelInboundHandlerAdapter {
  static final int SLICE = 1024;
  static final int MAX_RATIO = 100;
  static final int RATIO_FLOOR = 1 << 20;

  private final long maxDecodedBytes;
  private boolean decodeNext;
  private EmbeddedChannel decoding;
  private long encoded;
  private long decoded;
  private boolean failed;

  UpstreamDecoder(long maxDecodedBytes) {
    if (maxDecodedBytes <= 0) {
      throw new IllegalArgumentException("maxDecodedBytes: " + maxDecodedBytes + " (expected: > 0)");
    }
    this.maxDecodedBytes = maxDecodedBytes;
  }

  /** Says whether the next response on this connection is decoded (its exchange inspects) or passed as received. */
  void decodeNext(boolean decode) {
    this.decodeNext = decode;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpResponse head) {
      cleanup();
      failed = false;
      if (decodeNext && head.status().code() >= 200) {
        begin(head);
      }
    }
    if (failed) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (decoding == null || !(msg instanceof HttpContent content)) {
      ctx.fireChannelRead(msg);
      return;
    }
    HttpContent out;
    try {
      out = decode(content);
    } catch (UndecodableBodyException e) {
      fail(ctx, e);
      return;
    } catch (DecoderException e) {
      fail(ctx, new UndecodableBodyException("upstream sent a compressed body that does not decode"));
      return;
    } finally {
      content.release();
    }
    if (content instanceof LastHttpContent) {
      cleanup();
    }
    ctx.fireChannelRead(out);
  }

  /** Sets up decoding for a head whose encodings are all gzip, deflate or identity; leaves any other head alone. */
  private void begin(HttpResponse head) {
    String header = head.headers().get(HttpHeaderNames.CONTENT_ENCODING);
    if (header == null) {
      return;
    }
    List<ChannelHandler> steps = steps(header);
    if (steps == null) {
      return;
    }
    head.headers().remove(HttpHeaderNames.CONTENT_ENCODING);
    if (!steps.isEmpty()) {
      head.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
      decoding = new EmbeddedChannel(steps.toArray(ChannelHandler[]::new));
      encoded = 0;
      decoded = 0;
    }
  }

  /**
   * Returns the decoders for a Content-Encoding value, in the order to apply them (the reverse of the order the
   * encodings were applied), or null when one of them is not gzip, deflate or identity.
   */
  static List<ChannelHandler> steps(String header) {
    List<ChannelHandler> steps = new ArrayList<>(2);
    for (String token : header.split(",", -1)) {
      String name = token.trim().toLowerCase(Locale.ROOT);
      switch (name) {
        case "gzip", "x-gzip" -> steps.add(0, new JdkZlibDecoder(ZlibWrapper.GZIP, true, 0));
        case "deflate", "x-deflate" -> steps.add(0, new JdkZlibDecoder(ZlibWrapper.ZLIB_OR_NONE, 0));
        case "identity" -> { }
        default -> {
          return null;
        }
      }
    }
    return steps;
  }

  /** Decodes one piece of the body slice by slice, checking the bounds after each; does not release it. */
  private HttpContent decode(HttpContent content) throws UndecodableBodyException {
    ByteBuf in = content.content().duplicate();
    CompositeByteBuf out = content.content().alloc().compositeBuffer(Integer.MAX_VALUE);
    try {
      while (in.isReadable()) {
        int n = Math.min(SLICE, in.readableBytes());
        encoded += n;
        decoding.writeInbound(in.readRetainedSlice(n));
        drain(out);
      }
      if (content instanceof LastHttpContent) {
        decoding.finish();
        drain(out);
      }
    } catch (UndecodableBodyException | RuntimeException e) {
      out.release();
      throw e;
    }
    if (content instanceof FullHttpResponse full) {
      return full.replace(out);
    }
    if (content instanceof LastHttpContent last) {
      DefaultLastHttpContent copy = new DefaultLastHttpContent(out);
      copy.trailingHeaders().set(last.trailingHeaders());
      return copy;
    }
    return new DefaultHttpContent(out);
  }

  private void drain(CompositeByteBuf out) throws UndecodableBodyException {
    ByteBuf piece;
    while ((piece = decoding.readInbound()) != null) {
      decoded += piece.readableBytes();
      out.addComponent(true, piece);
      if (decoded > maxDecodedBytes) {
        throw new UndecodableBodyException("upstream sent a compressed body that decodes to more than "
            + maxDecodedBytes + " bytes");
      }
      if (decoded > RATIO_FLOOR && decoded > encoded * MAX_RATIO) {
        throw new UndecodableBodyException("upstream sent a compressed body that expands more than " + MAX_RATIO
            + " times");
      }
    }
  }

  private void fail(ChannelHandlerContext ctx, UndecodableBodyException cause) {
    failed = true;
    cleanup();
    ctx.fireExceptionCaught(cause);
  }

  /** Drops the decoders and whatever they still hold; a corrupt remainder they find while closing is ignored. */
  private void cleanup() {
    EmbeddedChannel ch = decoding;
    if (ch != null) {
      decoding = null;
      try {
        ch.finishAndReleaseAll();
      } catch (RuntimeException e) {
        ch.releaseInbound();
      }
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cleanup();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cleanup();
  }
}
