package io.kexin.gateway.proxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.kexin.gateway.inspect.Verdict;
import io.kexin.gateway.policy.Direction;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;

/**
 * Buffers an upstream body whole, up to the response bound and within the gateway's buffer budget, so the inspection
 * decides before any of it reaches the client; then sends what the verdict says with a Content-Length. A body of
 * {@code limits.offloadInspectionBytes} or more, or any body when the policies may ask a remote service (a guard
 * model), is inspected on the inspection pool. Replies it sends on its own:
 * 502 for a body over the bound, or for a rewritten body that cannot be rendered; 503 when the buffer budget is spent
 * or the inspection pool is full.
 */
abstract class WholeRelay extends ResponseRelay {
  /** The body received so far; null once sent or released. */
  CompositeByteBuf body;
  /** The bytes of {@link #body} taken from the buffer budget. */
  private long reserved;
  /** Whether the whole body arrived. */
  private boolean complete;
  /** Whether the inspection pool is reading {@link #body}: it is released when the pool is done, not before. */
  private boolean inspecting;

  WholeRelay(ProxyExchange exchange) {
    super(exchange);
  }

  @Override
  void head(HttpResponse head) {
    super.head(head);
    body = exchange.client().alloc().compositeBuffer(1024);
  }

  @Override
  void content(HttpContent content) {
    int max = exchange.services().limits().maxResponseBytes();
    int bytes = content.content().readableBytes();
    if (body.readableBytes() + bytes > max) {
      content.release();
      exchange.failBeforeHead(GatewayError.badGateway("response_too_large",
          "upstream " + what() + " is larger than " + max + " bytes"));
      return;
    }
    if (!exchange.services().budget().reserve(bytes)) {
      content.release();
      exchange.services().metrics().memoryRefused("response_budget");
      exchange.failBeforeHead(GatewayError.overloaded("the gateway holds too many response bodies at the moment; try"
          + " again shortly"));
      return;
    }
    reserved += bytes;
    body.addComponent(true, content.content());
    exchange.readUpstream();
  }

  /** Names what this relay carries, for error messages: {@code response}, {@code error response}. */
  abstract String what();

  /**
   * Reads the whole body and returns what the inspection decides; a failure of the inspection itself comes back as
   * the policies' {@code onError} verdict. May run on the inspection pool: reads only the body and the exchange's
   * immutable parts.
   */
  abstract Verdict decide();

  /** Returns the verdict of the policies' {@code onError} for an inspection that threw {@code cause}. */
  Verdict failed(Throwable cause) {
    return exchange.inspection().failed(Direction.RESPONSE, cause);
  }

  @Override
  boolean bodyComplete() {
    return complete;
  }

  @Override
  final void end() {
    complete = true;
    // A policy that may ask a guard model waits on it: such bodies are inspected on the pool, whatever their size.
    // So does an image read by OCR, which waits on the engine.
    if (body.readableBytes() < exchange.services().limits().offloadInspectionBytes()
        && !exchange.inspection().answersWait()
        && !(exchange.services().inspector().readsImages() && ImageMark.in(body))) {
      send(decide());
      return;
    }
    inspecting = true;
    boolean submitted = exchange.services().pool().submit(exchange.client().executor(), this::decide,
        (verdict, failure) -> {
          inspecting = false;
          if (exchange.finished()) {
            free();
          } else {
            send(failure == null ? verdict : failed(failure));
          }
        });
    exchange.services().metrics().offloaded("response", submitted ? "run" : "rejected");
    if (!submitted) {
      inspecting = false;
      exchange.failBeforeHead(GatewayError.overloaded("the gateway is inspecting too many large responses at the"
          + " moment; try again shortly"));
    }
  }

  /** Sends the body as {@code verdict} says: the bytes as received, the rewritten JSON, or the refusal. */
  private void send(Verdict verdict) {
    ByteBuf out;
    if (verdict instanceof Verdict.Reject reject) {
      exchange.failBeforeHead(GatewayError.of(reject));
      return;
    } else if (verdict instanceof Verdict.Rewrite rewrite) {
      try {
        out = Unpooled.wrappedBuffer(exchange.services().json().writeValueAsBytes(rewrite.body()));
      } catch (JsonProcessingException e) {
        send(failed(e));
        return;
      }
      body.release();
    } else {
      out = body;
    }
    body = null;
    exchange.services().budget().release(reserved);
    reserved = 0;
    sendWhole(out);
  }

  @Override
  void aborted() {
    if (!inspecting) {
      free();
    }
  }

  private void free() {
    if (body != null) {
      body.release();
      body = null;
    }
    exchange.services().budget().release(reserved);
    reserved = 0;
  }
}
