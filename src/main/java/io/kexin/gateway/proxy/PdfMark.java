package io.kexin.gateway.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;

/**
 * Says whether a raw request body may carry a PDF in base64: the header {@code %PDF-} encoded at any of the three
 * byte alignments. Such a body is inspected on the pool whatever its size, since reading a PDF costs far more than its
 * bytes suggest. A test on bytes before any parse, which may say yes for a body without a PDF.
 *
 * <p>Hand-written as one pass of {@link ByteBuf#forEachByte} with the last seven bytes kept in a long: it runs on every
 * request on the event loop, and three {@code ByteBufUtil.indexOf} searches over a composite body, byte by checked
 * byte, cost more than the rest of the bare proxy's work.
 */
final class PdfMark {
  /** "JVBERi0": {@code %PDF-} at a 3-byte boundary. */
  private static final long ALIGNED = bytes("JVBERi0");
  /** "VQREYt" and "lUERGL": the header one and two bytes past a boundary. */
  private static final long SHIFTED_ONE = bytes("VQREYt");
  private static final long SHIFTED_TWO = bytes("lUERGL");
  private static final long SEVEN = (1L << 56) - 1;
  private static final long SIX = (1L << 48) - 1;

  private PdfMark() {
  }

  /** Says whether {@code body} holds a base64 PDF header. */
  static boolean in(ByteBuf body) {
    Window window = new Window();
    return body.forEachByte(window) >= 0;
  }

  private static long bytes(String ascii) {
    long value = 0;
    for (int i = 0; i < ascii.length(); i++) {
      value = value << 8 | ascii.charAt(i);
    }
    return value;
  }

  /** Stops at the last byte of a mark. */
  private static final class Window implements ByteProcessor {
    private long last;

    @Override
    public boolean process(byte value) {
      last = last << 8 | value & 0xFF;
      long six = last & SIX;
      return six != SHIFTED_ONE && six != SHIFTED_TWO && (last & SEVEN) != ALIGNED;
    }
  }
}
