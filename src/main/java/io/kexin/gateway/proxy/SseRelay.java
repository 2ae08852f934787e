package io.kexin.gateway.proxy;

import io.kexin.gateway.stream.SseDecoder;
import io.kexin.gateway.stream.SseEvent;
import io.kexin.gateway.stream.SseException;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayList;
import java.util.List;

/**
 * Relays an event stream event by event through the inspection: each upstream piece is decoded, the events the
 * inspection releases are written and flushed at once, and the next upstream read waits until they reached the
 * client's socket (backpressure: a slow client slows the upstream).
 */
final class SseRelay extends ResponseRelay {
  private final SseDecoder decoder;
  private final List<SseEvent> decoded = new ArrayList<>(4);
  private boolean counted;
  private boolean headUnflushed;

  SseRelay(ProxyExchange exchange) {
    super(exchange);
    this.decoder = new SseDecoder(exchange.services().limits().maxSseEventBytes());
  }

  @Override
  void head(HttpResponse head) {
    super.head(head);
    if (!exchange.services().streams().tryAcquire()) {
      exchange.failBeforeHead(GatewayError.unavailable("the gateway serves at most "
          + exchange.services().streams().limit() + " streams at once; try again shortly"));
      return;
    }
    headSent = true;
    counted = true;
    exchange.services().metrics().streams(1);
    // The head goes out with the first events when they came in the same upstream read (one write, one packet,
    // one wake-up of the client), else on its own right after that read.
    exchange.client().write(exchange.clientHead(head, false));
    headUnflushed = true;
    exchange.client().executor().execute(this::flushHead);
  }

  private void flushHead() {
    if (headUnflushed) {
      headUnflushed = false;
      exchange.client().flush();
    }
  }

  @Override
  void content(HttpContent content) {
    boolean last = content instanceof LastHttpContent;
    try {
      decoder.decode(content.content(), decoded);
      if (last) {
        decoder.end(decoded);
      }
    } catch (SseException e) {
      exchange.abortAfterHead();
      return;
    } finally {
      content.release();
    }
    ChannelFuture written = null;
    for (SseEvent event : decoded) {
      for (SseEvent out : exchange.inspection().streamEvent(event)) {
        written = exchange.client().write(new DefaultHttpContent(Unpooled.wrappedBuffer(out.encode())));
      }
      if (exchange.inspection().streamStopped()) {
        decoded.clear();
        stop();
        return;
      }
    }
    decoded.clear();
    if (last) {
      return;
    }
    if (written == null) {
      exchange.readUpstream();
      return;
    }
    headUnflushed = false;
    exchange.client().flush();
    written.addListener(f -> {
      if (f.isSuccess()) {
        exchange.readUpstream();
      } else {
        exchange.clientGone();
      }
    });
  }

  @Override
  void end() {
    headUnflushed = false;
    for (SseEvent out : exchange.inspection().streamEnd()) {
      exchange.client().write(new DefaultHttpContent(Unpooled.wrappedBuffer(out.encode())));
    }
    exchange.client().writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    uncount();
    exchange.finish(upstreamHead.status().code(), upstreamReusable() && !exchange.inspection().streamStopped());
  }

  /**
   * Ends the client's stream after the inspection stopped it (its error event is already written) and closes the
   * upstream connection, so the model stops generating and the caller stops paying for tokens.
   */
  private void stop() {
    headUnflushed = false;
    exchange.client().writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    uncount();
    exchange.finish(upstreamHead.status().code(), false);
  }

  @Override
  void aborted() {
    uncount();
  }

  private void uncount() {
    if (counted) {
      counted = false;
      exchange.services().streams().release();
      exchange.services().metrics().streams(-1);
    }
  }
}
