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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.RejectedExecutionException;

/**
 * Relays an event stream event by event through the inspection: each upstream piece is decoded, the events the
 * inspection releases are written, everything one upstream read released is flushed together at the end of that
 * read, and the next upstream read waits until it reached the client's socket (backpressure: a slow client slows
 * the upstream). A stream the upstream breaks off (closed connection, idle timeout, an event the decoder refuses)
 * still ends with the inspection's last events: the held text, inspected, then the provider's error event. When the
 * policies may ask a remote service (a guard model), events are inspected on the inspection pool, one upstream read
 * at a time and in order: the stream resumes on its event loop when the verdicts are in, and the upstream is not read
 * meanwhile.
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
  /** Whether the policies may wait on a remote service: then events are inspected on the inspection pool. */
  private final boolean offloads;
  /** Whether OCR reads images: then the events of an upstream read that may carry one go to the pool. */
  private final boolean readsImages;
  /** Events decoded and not yet inspected, in order; when {@link #offloads}, or when some may carry an image. */
  private final ArrayDeque<SseEvent> waiting = new ArrayDeque<>();
  /** Whether the pool is inspecting events of this stream: no other inspection and no upstream read meanwhile. */
  private boolean judging;
  /** Whether the upstream body ended; once the waiting events are inspected, the stream ends. */
  private boolean complete;

  /** Holds what the pool made of some events: those to send, and a failure with the events it left uninspected. */
  private record Judged(List<SseEvent> out, Throwable failure, List<SseEvent> rest) {}

  SseRelay(ProxyExchange exchange) {
    super(exchange);
    this.decoder = new SseDecoder(exchange.services().limits().maxSseEventBytes());
    this.offloads = exchange.inspection().answersWait();
    this.readsImages = exchange.services().inspector().readsImages();
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
    if (!passing && (offloads || !waiting.isEmpty() || readsImages && carriesImage(decoded))) {
      waiting.addAll(decoded);
      decoded.clear();
      return;
    }
    for (SseEvent event : decoded) {
      List<SseEvent> released;
      if (passing) {
        released = List.of(event);
      } else {
        try {
          released = exchange.inspection().streamEvent(event);
        } catch (RuntimeException | StackOverflowError e) {
          if (!failedOpen(e)) {
            decoded.clear();
            return;
          }
          released = List.of(event);
        }
      }
      write(released);
      if (!passing && exchange.inspection().streamStopped()) {
        decoded.clear();
        stop();
        return;
      }
    }
    decoded.clear();
  }

  /** Says whether one of {@code events} may carry an image, which OCR reads: such events are inspected on the pool. */
  private static boolean carriesImage(List<SseEvent> events) {
    for (SseEvent event : events) {
      if (ImageMark.in(event.data())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Meets a failure of the inspection with the policies' {@code onError}: block cuts the stream (the client sees it
   * cut, not ended, since nothing more can be inspected) and returns false; allow lets the rest pass as it comes.
   */
  private boolean failedOpen(Throwable e) {
    inspectionFailed = true;
    if (exchange.inspection().failed(Direction.RESPONSE, e) instanceof Verdict.Reject) {
      exchange.abortAfterHead();
      return false;
    }
    // What the inspection held back is lost with it; from here on, the stream passes as it comes.
    passing = true;
    return true;
  }

  private void write(List<SseEvent> events) {
    for (SseEvent out : events) {
      lastWrite = exchange.client().write(new DefaultHttpContent(Unpooled.wrappedBuffer(out.encode())));
      unflushed = true;
    }
  }

  /** Hands the waiting events to the inspection pool; the stream goes on in {@link #judged} when it is done. */
  private void judge() {
    List<SseEvent> batch = new ArrayList<>(waiting);
    waiting.clear();
    judging = true;
    boolean submitted = exchange.services().pool().submit(exchange.client().executor(), () -> inspect(batch),
        this::judged);
    exchange.services().metrics().offloaded("stream", submitted ? "run" : "rejected");
    if (!submitted) {
      judged(new Judged(List.of(), new RejectedExecutionException("the inspection pool is full"), batch), null);
    }
  }

  /** Inspects {@code batch} in order, on the pool, until the stream stops or the inspection throws. */
  private Judged inspect(List<SseEvent> batch) {
    List<SseEvent> out = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      try {
        out.addAll(exchange.inspection().streamEvent(batch.get(i)));
      } catch (RuntimeException | StackOverflowError e) {
        return new Judged(out, e, batch.subList(i, batch.size()));
      }
      if (exchange.inspection().streamStopped()) {
        break;
      }
    }
    return new Judged(out, null, List.of());
  }

  /** Goes on with the stream, on its event loop, once the pool inspected some events. */
  private void judged(Judged judged, Throwable failure) {
    judging = false;
    if (exchange.finished()) {
      waiting.clear();
      return;
    }
    Throwable thrown = failure != null ? failure : judged.failure();
    if (judged != null) {
      write(judged.out());
    }
    if (thrown != null) {
      if (!failedOpen(thrown)) {
        waiting.clear();
        return;
      }
      write(judged == null ? List.of() : judged.rest());
    } else if (exchange.inspection().streamStopped()) {
      waiting.clear();
      stop();
      return;
    }
    if (passing) {
      write(List.copyOf(waiting));
      waiting.clear();
    }
    if (!waiting.isEmpty()) {
      judge();
    } else if (complete) {
      ending();
    } else {
      flushAndRead();
    }
  }

  /**
   * Flushes what this upstream read released in one write (an upstream read often holds several pieces: the head
   * and the first events, or the last events and the end), then asks for the next read once it reached the client's
   * socket, or at once when nothing was released.
   */
  @Override
  void readComplete() {
    if (judging) {
      return; // the stream goes on when the verdicts are in
    }
    if (!waiting.isEmpty()) {
      judge();
      return;
    }
    flushAndRead();
  }

  private void flushAndRead() {
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
  boolean bodyComplete() {
    return complete;
  }

  @Override
  boolean holdsReads() {
    return judging;
  }

  @Override
  void end() {
    complete = true;
    if (judging) {
      return; // the stream ends once the verdicts are in
    }
    if (!waiting.isEmpty()) {
      judge();
      return;
    }
    ending();
  }

  /** Ends the stream with the events the inspection still held, inspected on the pool when it may ask remotely. */
  private void ending() {
    if (!offloads || passing) {
      List<SseEvent> last = List.of();
      if (!passing) {
        try {
          last = exchange.inspection().streamEnd();
        } catch (RuntimeException | StackOverflowError e) {
          if (!failedOpen(e)) {
            return;
          }
        }
      }
      ended(last);
      return;
    }
    judging = true;
    boolean submitted = exchange.services().pool().submit(exchange.client().executor(),
        () -> exchange.inspection().streamEnd(), (last, failure) -> {
          judging = false;
          if (exchange.finished()) {
            return;
          }
          if (failure != null && !failedOpen(failure)) {
            return;
          }
          ended(failure == null ? last : List.of());
        });
    exchange.services().metrics().offloaded("stream", submitted ? "run" : "rejected");
    if (!submitted) {
      judging = false;
      if (failedOpen(new RejectedExecutionException("the inspection pool is full"))) {
        ended(List.of());
      }
    }
  }

  private void ended(List<SseEvent> last) {
    unflushed = false;
    lastWrite = null;
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
    waiting.clear();
    // While the pool inspects, the inspection is not this thread's to end: the stream is cut.
    if (headSent && !inspectionFailed && !judging && exchange.client().channel().isActive()) {
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
      for (SseDecoder.Dropped kind : SseDecoder.Dropped.values()) {
        // Counted once per stream, by kind only: what the lines said is never kept.
        exchange.services().metrics().sseLinesDropped(kind.name().toLowerCase(Locale.ROOT), decoder.dropped(kind));
      }
      exchange.services().streams().release();
      exchange.services().metrics().streams(-1);
    }
  }
}
