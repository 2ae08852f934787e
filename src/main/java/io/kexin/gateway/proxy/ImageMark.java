package io.kexin.gateway.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * Says whether a raw body or a stream event may carry an image in base64, which OCR would read: the word
 * {@code base64}, which every data URL ({@code data:image/png;base64,…}) and every Anthropic base64 source holds,
 * {@code b64}, which names the images of OpenAI's image answers ({@code b64_json}, {@code partial_image_b64}), or
 * {@code image_generation_call}, the Responses item whose {@code result} is a bare base64 image. A test on bytes
 * before any parse, asked only when OCR is on; it may say yes for a body without an image (the body is then only
 * inspected off the event loop), and an image in a field that names no encoding is still read, on the event loop.
 */
final class ImageMark {
  private static final String[] WORDS = {"b64", "base64", "image_generation_call"};
  private static final ByteBuf[] MARKS = new ByteBuf[WORDS.length];

  static {
    for (int i = 0; i < WORDS.length; i++) {
      MARKS[i] = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(WORDS[i].getBytes(StandardCharsets.US_ASCII)));
    }
  }

  private ImageMark() {
  }

  /** Says whether {@code body} holds one of the words. */
  static boolean in(ByteBuf body) {
    for (ByteBuf mark : MARKS) {
      if (ByteBufUtil.indexOf(mark, body) >= 0) {
        return true;
      }
    }
    return false;
  }

  /** Says whether the data of a stream event holds one of the words. */
  static boolean in(String data) {
    if (data == null) {
      return false;
    }
    for (String word : WORDS) {
      if (data.contains(word)) {
        return true;
      }
    }
    return false;
  }
}
