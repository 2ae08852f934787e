package io.kexin.gateway.proxy;

import io.kexin.gateway.inspect.Verdict;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;

/** Refuses a response the inspection cannot read: the client gets the refusal, the upstream connection closes. */
final class RefusedRelay extends ResponseRelay {
  private final Verdict.Reject reject;

  RefusedRelay(ProxyExchange exchange, Verdict.Reject reject) {
    super(exchange);
    this.reject = reject;
  }

  @Override
  void head(HttpResponse head) {
    super.head(head);
    exchange.failBeforeHead(GatewayError.of(reject));
  }

  @Override
  void content(HttpContent content) {
    content.release();
  }

  @Override
  void end() {}
}
