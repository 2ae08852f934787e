package io.kexin.gateway.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * Says whether a raw request body may carry an image in base64, which OCR would read: the word {@code base64}, which
 * every data URL ({@code data:image/png;base64,…}) and every Anthropic base64 source holds. A test on bytes before any
 * parse, asked only when OCR is on; it may say yes for a body without an image (the body is then only inspected off
 * the event loop), and an image in a field that names no encoding is still read, on the event loop.
 */
final class ImageMark {
  private static final ByteBuf WORD = Unpooled.unreleasableBuffer(
      Unpooled.wrappedBuffer("base64".getBytes(StandardCharsets.US_ASCII)));

  private ImageMark() {
  }

  /** Says whether {@code body} holds the word {@code base64}. */
  static boolean in(ByteBuf body) {
    return ByteBufUtil.indexOf(WORD, body) >= 0;
  }
}
