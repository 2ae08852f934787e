package io.kexin.gateway.proxy;

import io.kexin.gateway.inspect.Verdict;
import io.kexin.gateway.policy.Direction;
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
 * inspection releases are written, everything one upstream read released is flushed together at the end of that
 * read, and the next upstream read waits until it reached the client's socket (backpressure: a slow client slows
 * the upstream). A stream the upstream breaks off (closed connection, idle timeout, an event the decoder refuses)
 * still ends with the inspection's last events: the held text, inspected, then the provider's error event.
 */
final class SseRelay extends ResponseRelay {
  private final SseDecoder decoder;
  private final List<SseEvent> decoded = new ArrayList<>(4);
  private boolean counted;
  /** Whether an abort ended the client's response in full (error event, then the end of the body). */
  private boolean ended;
  /**
   * Whether the stream inspection threw. Where the policies' {@code onError} blocks, the stream is cut without an end,
   * since nothing more can be inspected; where it allows, the rest of the stream passes as the upstream sends it.
   */
  private boolean inspectionFailed;
  /** Whether the rest of the stream passes uninspected, as {@code onError: allow} said after a failure. */
  private boolean passing;
  /** Whether something was written to the client since the last flush. */
  private boolean unflushed;
  /** The last event written since the last flush; the next upstream read waits for it. */
  private ChannelFuture lastWrite;

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
    // Flushed at the end of this upstream read, with the first events when they came in it (one write, one
    // packet, one wake-up of the client).
    exchange.client().write(exchange.clientHead(head, false));
    unflushed = true;
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
      decoded.clear();
      exchange.abortAfterHead();
      return;
    } finally {
      content.release();
    }
    for (SseEvent event : decoded) {
      List<SseEvent> released;
      if (passing) {
        released = List.of(event);
      } else {
        try {
          released = exchange.inspection().streamEvent(event);
        } catch (RuntimeException | StackOverflowError e) {
          inspectionFailed = true;
          if (exchange.inspection().failed(Direction.RESPONSE, e) instanceof Verdict.Reject) {
            // Nothing more goes out, and the client sees the stream cut, not ended.
            decoded.clear();
            exchange.abortAfterHead();
            return;
          }
          // What the inspection held back is lost with it; from this event on, the stream passes as it comes.
          passing = true;
          released = List.of(event);
        }
      }
      for (SseEvent out : released) {
        lastWrite = exchange.client().write(new DefaultHttpContent(Unpooled.wrappedBuffer(out.encode())));
        unflushed = true;
      }
      if (!passing && exchange.inspection().streamStopped()) {
        decoded.clear();
        stop();
        return;
      }
    }
    decoded.clear();
  }

  /**
   * Flushes what this upstream read released in one write (an upstream read often holds several pieces: the head
   * and the first events, or the last events and the end), then asks for the next read once it reached the client's
   * socket, or at once when nothing was released.
   */
  @Override
  void readComplete() {
    if (unflushed) {
      unflushed = false;
      exchange.client().flush();
    }
    ChannelFuture written = lastWrite;
    lastWrite = null;
    if (written == null) {
      exchange.readUpstream();
      return;
    }
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
    unflushed = false;
    lastWrite = null;
    List<SseEvent> last = List.of();
    if (!passing) {
      try {
        last = exchange.inspection().streamEnd();
      } catch (RuntimeException | StackOverflowError e) {
        inspectionFailed = true;
        if (exchange.inspection().failed(Direction.RESPONSE, e) instanceof Verdict.Reject) {
          exchange.abortAfterHead();
          return;
        }
      }
    }
    for (SseEvent out : last) {
      exchange.client().write(new DefaultHttpContent(Unpooled.wrappedBuffer(out.encode())));
    }
    exchange.client().writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    uncount();
    exchange.finish(upstreamHead.status().code(), upstreamReusable() && (passing
        || !exchange.inspection().streamStopped()));
  }

  /**
   * Ends the client's stream after the inspection stopped it (its error event is already written) and closes the
   * upstream connection, so the model stops generating and the caller stops paying for tokens.
   */
  private void stop() {
    unflushed = false;
    lastWrite = null;
    exchange.client().writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    uncount();
    exchange.finish(upstreamHead.status().code(), false);
  }

  /**
   * Ends the client's stream after the upstream broke off: what was already released, then the held text and the
   * provider's error event from the inspection, reach the client before its connection closes.
   */
  @Override
  void aborted() {
    ended = false;
    lastWrite = null;
    unflushed = false;
    if (headSent && !inspectionFailed && exchange.client().channel().isActive()) {
      List<SseEvent> last;
      try {
        last = exchange.inspection().streamEnd();
      } catch (RuntimeException | StackOverflowError e) {
        exchange.inspection().failed(Direction.RESPONSE, e); // counted and recorded; the stream is cut either way
        last = null;
      }
      if (last != null) {
        for (SseEvent out : last) {
          exchange.client().write(new DefaultHttpContent(Unpooled.wrappedBuffer(out.encode())));
        }
        exchange.client().write(LastHttpContent.EMPTY_LAST_CONTENT);
        ended = true;
      }
    }
    exchange.client().flush();
    uncount();
  }

  @Override
  boolean endedOnAbort() {
    return ended;
  }

  private void uncount() {
    if (counted) {
      counted = false;
      exchange.services().streams().release();
      exchange.services().metrics().streams(-1);
    }
  }
}
