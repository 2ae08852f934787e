package io.kexin.gateway.proxy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

/** Feeds responses through the upstream decoder piece by piece and checks what the exchange handler would see. */
class UpstreamDecoderTest {
  private final List<Throwable> failures = new ArrayList<>();

  private EmbeddedChannel channel(boolean decode, int maxBytes) {
    UpstreamDecoder decoder = new UpstreamDecoder(maxBytes);
    decoder.decodeNext(decode);
    return new EmbeddedChannel(decoder, new ChannelInboundHandlerAdapter() {
      @Override
      public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        failures.add(cause);
      }
    });
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  /** Compresses {@code megabytes} of zeros a megabyte at a time, so the test holds only the small compressed bomb. */
  private static byte[] gzippedZeros(int megabytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] zeros = new byte[1 << 20];
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      for (int i = 0; i < megabytes; i++) {
        gz.write(zeros);
      }
    }
    return out.toByteArray();
  }

  private static HttpResponse head(String encoding, int length) {
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    head.headers().set(HttpHeaderNames.CONTENT_ENCODING, encoding).set(HttpHeaderNames.CONTENT_LENGTH, length);
    return head;
  }

  /** Writes {@code body} in pieces of {@code piece} bytes, the last one as LastHttpContent. */
  private static void feed(EmbeddedChannel ch, byte[] body, int piece) {
    for (int i = 0; i < body.length; i += piece) {
      ByteBuf buf = Unpooled.wrappedBuffer(body, i, Math.min(piece, body.length - i));
      ch.writeInbound(i + piece >= body.length ? new DefaultLastHttpContent(buf) : new DefaultHttpContent(buf));
    }
  }

  /** Reads everything that came out: the head, then the body bytes; releases every piece. */
  private static String drain(EmbeddedChannel ch, List<HttpResponse> heads) {
    StringBuilder body = new StringBuilder();
    Object msg;
    while ((msg = ch.readInbound()) != null) {
      if (msg instanceof HttpResponse head) {
        heads.add(head);
      }
      if (msg instanceof HttpContent content) {
        body.append(content.content().toString(UTF_8));
        content.release();
      }
    }
    return body.toString();
  }

  @Test
  void decodesGzipFedInSmallPiecesAndDropsTheEncodingHeaders() throws Exception {
    String text = "data: {\"text\":\"Project Phoenix\"}\n\n".repeat(200);
    byte[] body = gzip(text.getBytes(UTF_8));
    EmbeddedChannel ch = channel(true, 1 << 20);
    ch.writeInbound(head("gzip", body.length));
    feed(ch, body, 7);
    List<HttpResponse> heads = new ArrayList<>();

    assertThat(drain(ch, heads)).isEqualTo(text);
    assertThat(heads).singleElement().satisfies(h -> {
      assertThat(h.headers().contains(HttpHeaderNames.CONTENT_ENCODING)).isFalse();
      assertThat(h.headers().contains(HttpHeaderNames.CONTENT_LENGTH)).isFalse();
    });
    assertThat(failures).isEmpty();
    assertThat(ch.finishAndReleaseAll()).isFalse();
  }

  @Test
  void leavesAnEncodingItDoesNotKnowAndEverythingWhenNotAsked() throws Exception {
    byte[] body = gzip("hello".getBytes(UTF_8));
    for (boolean decode : new boolean[] {true, false}) {
      EmbeddedChannel ch = channel(decode, 1 << 20);
      ch.writeInbound(head(decode ? "br" : "gzip", body.length));
      feed(ch, body, 100);
      List<HttpResponse> heads = new ArrayList<>();
      String out = drain(ch, heads);

      assertThat(out).isNotEqualTo("hello").hasSize(body.length);
      assertThat(heads.get(0).headers().get(HttpHeaderNames.CONTENT_ENCODING)).isEqualTo(decode ? "br" : "gzip");
      assertThat(heads.get(0).headers().getInt(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo(body.length);
      ch.finishAndReleaseAll();
    }
  }

  @Test
  void stopsABombAfterAboutAMegabyteAndDropsTheRest() throws Exception {
    byte[] bomb = gzippedZeros(64);
    EmbeddedChannel ch = channel(true, 16 << 20);
    ch.writeInbound(head("gzip", bomb.length));
    feed(ch, bomb, 16384);
    List<HttpResponse> heads = new ArrayList<>();
    String out = drain(ch, heads);

    assertThat(heads).hasSize(1);
    assertThat(out).isEmpty();
    assertThat(failures).singleElement(InstanceOfAssertFactories.THROWABLE)
        .isInstanceOf(UndecodableBodyException.class).hasMessageContaining("expands more than 100 times");
    ch.finishAndReleaseAll();
  }

  @Test
  void refusesACorruptBody() {
    EmbeddedChannel ch = channel(true, 1 << 20);
    ch.writeInbound(head("deflate", 12));
    ch.writeInbound(new DefaultLastHttpContent(Unpooled.wrappedBuffer("not deflate!".getBytes(UTF_8))));

    assertThat(failures).singleElement().isInstanceOf(UndecodableBodyException.class);
    Object msg;
    while ((msg = ch.readInbound()) != null) {
      assertThat(msg).isNotInstanceOf(LastHttpContent.class);
      io.netty.util.ReferenceCountUtil.release(msg);
    }
    ch.finishAndReleaseAll();
  }
}
