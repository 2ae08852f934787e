package io.kexin.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.kexin.gateway.metrics.GatewayMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Checks that the gateway's body reader passes what Netty's aggregator passes, message for message, whatever the
 * request within the bound (the gateway's own 413 and 417 are other tests') and however its bytes are split across
 * reads, and that a head waiting for its body keeps reading going.
 */
class BodyAggregatorTest {
  private static final int MAX = 4096;
  private static final GatewayMetrics METRICS = new GatewayMetrics(false);
  private static final String[] BODIES = {"", "{}", "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\","
      + "\"content\":\"请把包裹寄到浦东 and call me back\"}]}", "x".repeat(MAX)};

  private static EmbeddedChannel channel(ChannelHandler aggregator, boolean autoRead, List<String> reads) {
    EmbeddedChannel ch = new EmbeddedChannel();
    ch.config().setAutoRead(autoRead);
    ch.pipeline().addLast(new ChannelOutboundHandlerAdapter() {
      @Override
      public void read(ChannelHandlerContext ctx) {
        reads.add("read");
        ctx.read();
      }
    });
    ch.pipeline().addLast(new HttpServerCodec(new HttpDecoderConfig().setMaxChunkSize(1024), Integer.MAX_VALUE));
    ch.pipeline().addLast(aggregator);
    return ch;
  }

  /** Describes every message a channel passed on and wrote, releasing them. */
  private static List<String> drain(EmbeddedChannel ch) {
    List<String> out = new ArrayList<>();
    Object m;
    while ((m = ch.readInbound()) != null) {
      out.add("in " + describe(m));
      ReferenceCountUtil.release(m);
    }
    while ((m = ch.readOutbound()) != null) {
      out.add("out " + (m instanceof ByteBuf b ? b.toString(StandardCharsets.UTF_8) : describe(m)));
      ReferenceCountUtil.release(m);
    }
    return out;
  }

  private static String describe(Object m) {
    StringBuilder s = new StringBuilder(m instanceof FullHttpRequest ? "full-request" : m.getClass().getSimpleName());
    if (m instanceof HttpMessage h) {
      s.append(' ').append(h.decoderResult().isSuccess() ? "ok" : "failed");
      if (m instanceof FullHttpRequest r) {
        s.append(' ').append(r.method()).append(' ').append(r.uri()).append(' ').append(r.protocolVersion());
      }
      if (m instanceof HttpResponse r) {
        s.append(' ').append(r.status());
      }
      for (Map.Entry<String, String> e : h.headers()) {
        s.append(" | ").append(e.getKey()).append(": ").append(e.getValue());
      }
    }
    if (m instanceof HttpContent c) {
      s.append(" body ").append(ByteBufUtil.hexDump(c.content()));
    }
    if (m instanceof FullHttpRequest r) {
      for (Map.Entry<String, String> e : r.trailingHeaders()) {
        s.append(" || ").append(e.getKey()).append(": ").append(e.getValue());
      }
    }
    return s.toString();
  }

  private static String request(Random random) {
    String body = BODIES[random.nextInt(BODIES.length)];
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    StringBuilder r = new StringBuilder(random.nextInt(4) == 0 ? "GET /v1/models" : "POST /v1/chat/completions");
    r.append(" HTTP/1.1\r\nHost: gw.example\r\nContent-Type: application/json\r\n");
    switch (random.nextInt(8)) {
      case 0 -> r.append("Expect: 100-continue\r\nContent-Length: ").append(bytes.length).append("\r\n\r\n")
          .append(body);
      case 1 -> {
        r.append("Transfer-Encoding: chunked\r\n\r\n");
        if (!body.isEmpty()) {
          r.append(Integer.toHexString(bytes.length)).append("\r\n").append(body).append("\r\n");
        }
        r.append("0\r\n").append(random.nextBoolean() ? "X-Trailer: t\r\n" : "").append("\r\n");
      }
      case 2 -> r.append("\r\n");
      case 3 -> r.append("Content-Length: ").append(bytes.length < MAX ? bytes.length + 1 : bytes.length - 1)
          .append("\r\n\r\n").append(body); // one byte short or one byte over
      case 4 -> r.append("Content-Length: x1\r\n\r\n").append(body);
      default -> r.append("Content-Length: ").append(bytes.length).append("\r\n\r\n").append(body);
    }
    return r.toString();
  }

  @Test
  void passesWhatTheAggregatorPassesHoweverReadsSplitTheBytes() {
    Random random = new Random(12);
    for (int n = 0; n < 600; n++) {
      StringBuilder stream = new StringBuilder();
      for (int k = random.nextInt(3); k >= 0; k--) {
        stream.append(request(random));
      }
      byte[] bytes = stream.toString().getBytes(StandardCharsets.UTF_8);
      List<Integer> cuts = new ArrayList<>();
      for (int k = random.nextInt(4); k > 0; k--) {
        cuts.add(random.nextInt(bytes.length + 1));
      }
      cuts.sort(null);
      boolean autoRead = random.nextBoolean();
      List<String> ours = new ArrayList<>();
      List<String> netty = new ArrayList<>();
      EmbeddedChannel a = channel(new BodyAggregator(MAX, METRICS), autoRead, ours);
      EmbeddedChannel b = channel(new HttpObjectAggregator(MAX, true), autoRead, netty);
      int from = 0;
      for (int k = 0; k <= cuts.size(); k++) {
        int to = k < cuts.size() ? cuts.get(k) : bytes.length;
        for (EmbeddedChannel ch : List.of(a, b)) {
          if (ch.isOpen()) {
            ch.writeInbound(Unpooled.copiedBuffer(bytes, from, to - from));
          }
        }
        List<String> x = drain(a);
        List<String> y = drain(b);
        assertThat(x).as("%s cut at %s", stream, cuts).isEqualTo(y);
        from = to;
      }
      Throwable closedA = catchThrowable(a::finishAndReleaseAll);
      Throwable closedB = catchThrowable(b::finishAndReleaseAll);
      assertThat(closedA == null ? null : closedA.getClass()).as("%s", stream)
          .isEqualTo(closedB == null ? null : closedB.getClass());
    }
  }

  @Test
  void aHeadWaitingForItsBodyAsksForTheNextRead() {
    List<String> reads = new ArrayList<>();
    EmbeddedChannel ch = channel(new BodyAggregator(MAX, METRICS), false, reads);
    reads.clear();
    ch.writeInbound(Unpooled.copiedBuffer("POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nContent-Length: 2\r\n\r\n",
        StandardCharsets.US_ASCII));
    assertThat(reads).containsExactly("read");
    assertThat((Object) ch.readInbound()).isNull();

    ch.writeInbound(Unpooled.copiedBuffer("{}", StandardCharsets.US_ASCII));
    FullHttpRequest request = ch.readInbound();
    assertThat(request.content().toString(StandardCharsets.US_ASCII)).isEqualTo("{}");
    assertThat(request.headers().get("content-length")).isEqualTo("2");
    request.release();
    ch.finishAndReleaseAll();
  }

  @Test
  void aConnectionClosedBeforeTheBodyIsReportedAsTheAggregatorReportsIt() {
    EmbeddedChannel ch = channel(new BodyAggregator(MAX, METRICS), true, new ArrayList<>());
    ch.writeInbound(Unpooled.copiedBuffer("POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nContent-Length: 9\r\n\r\n",
        StandardCharsets.US_ASCII));

    assertThat(catchThrowable(ch::finishAndReleaseAll)).isInstanceOf(PrematureChannelClosureException.class);
  }
}
