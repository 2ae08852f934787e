package io.kexin.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Runs the SSE decoder and encoder between real Netty HTTP codecs in {@link EmbeddedChannel}s, as the relay does:
 * a chunked upstream response split at random bytes is decoded from the client codec's contents, and the events
 * are written back through a server codec. Paranoid leak detection is on for the test JVM; every buffer is
 * released and both channels finish clean.
 */
class SseCodecChannelTest {
  private static final String STREAM = "event: content_block_delta\r\ndata: {\"delta\":{\"text\":\"你好 🌏\"}}\r\n\r\n"
      + ": ping\n\ndata: line one\ndata: 第二行\n\nid: 7\nretry: 500\ndata: [DONE]\n\n";

  @Test
  void eventsSurviveCodecsAndRandomSplitsWithEveryBufferReleased() {
    Random random = new Random(3);
    for (int trial = 0; trial < 50; trial++) {
      EmbeddedChannel upstream = new EmbeddedChannel(new HttpClientCodec());
      upstream.writeOutbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/v1/messages"));
      ReferenceCountUtil.release(upstream.readOutbound());
      byte[] body = STREAM.getBytes(StandardCharsets.UTF_8);
      StringBuilder wire = new StringBuilder("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n"
          + "transfer-encoding: chunked\r\n\r\n");
      int at = 0;
      while (at < body.length) {
        int n = Math.min(body.length - at, 1 + random.nextInt(9));
        wire.append(Integer.toHexString(n)).append("\r\n")
            .append(new String(body, at, n, StandardCharsets.ISO_8859_1)).append("\r\n");
        at += n;
      }
      wire.append("0\r\n\r\n");
      byte[] bytes = wire.toString().getBytes(StandardCharsets.ISO_8859_1);
      for (int i = 0; i < bytes.length; ) {
        int n = Math.min(bytes.length - i, 1 + random.nextInt(13));
        upstream.writeInbound(Unpooled.wrappedBuffer(bytes, i, n));
        i += n;
      }

      SseDecoder decoder = new SseDecoder(1 << 16);
      List<SseEvent> events = new ArrayList<>();
      Object msg;
      while ((msg = upstream.readInbound()) != null) {
        try {
          if (msg instanceof HttpContent content) {
            decoder.decode(content.content(), events);
            if (content instanceof LastHttpContent) {
              decoder.end(events);
            }
          }
        } finally {
          ReferenceCountUtil.release(msg);
        }
      }
      assertThat(upstream.finishAndReleaseAll()).isFalse();
      assertThat(events).extracting(SseEvent::data).containsExactly(
          "{\"delta\":{\"text\":\"你好 🌏\"}}", null, "line one\n第二行", "[DONE]");

      EmbeddedChannel client = new EmbeddedChannel(new HttpServerCodec());
      client.writeInbound(Unpooled.copiedBuffer("GET / HTTP/1.1\r\n\r\n", StandardCharsets.US_ASCII));
      ReferenceCountUtil.release(client.readInbound());
      ReferenceCountUtil.release(client.readInbound());
      HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
      head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
      client.writeOutbound(head);
      for (SseEvent e : events) {
        SseEvent out = e.data() != null && e.data().startsWith("line") ? e.withData("changed\n第二行") : e;
        client.writeOutbound(new DefaultHttpContent(Unpooled.wrappedBuffer(out.encode())));
      }
      client.writeOutbound(LastHttpContent.EMPTY_LAST_CONTENT);
      StringBuilder sent = new StringBuilder();
      ByteBuf buf;
      while ((buf = client.readOutbound()) != null) {
        sent.append(buf.toString(StandardCharsets.UTF_8));
        buf.release();
      }
      assertThat(client.finishAndReleaseAll()).isFalse();
      // Line ends go out as LF; a comment as a bare keep-alive; id and retry not at all.
      assertThat(sent.toString()).contains("data: {\"delta\":{\"text\":\"你好 🌏\"}}\n\n")
          .contains("data: changed\ndata: 第二行\n\n").contains(":\n\n").doesNotContain("ping")
          .doesNotContain("id:").doesNotContain("retry").contains("\r\ndata: [DONE]\n\n").endsWith("0\r\n\r\n");
    }
  }
}
