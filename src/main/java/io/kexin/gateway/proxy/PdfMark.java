package io.kexin.gateway.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * Says whether a raw request body may carry a PDF in base64: the header {@code %PDF-} encoded at any of the three
 * byte alignments. Such a body is inspected on the pool whatever its size, since reading a PDF costs far more than its
 * bytes suggest. A test on bytes before any parse, which may say yes for a body without a PDF.
 */
final class PdfMark {
  private static final ByteBuf[] MARKS = {
      mark("JVBERi0"), mark("VQREYt"), mark("lUERGL")};

  private PdfMark() {
  }

  /** Says whether {@code body} holds a base64 PDF header. */
  static boolean in(ByteBuf body) {
    for (ByteBuf mark : MARKS) {
      if (ByteBufUtil.indexOf(mark.duplicate(), body) >= 0) {
        return true;
      }
    }
    return false;
  }

  private static ByteBuf mark(String base64) {
    return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(base64.getBytes(StandardCharsets.US_ASCII)));
  }
}
