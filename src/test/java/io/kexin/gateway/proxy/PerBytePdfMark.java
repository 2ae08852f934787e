package io.kexin.gateway.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;

/**
 * Says whether a body holds a base64 PDF header as {@link PdfMark} did before its word search: one pass of
 * {@link ByteBuf#forEachByte} with the last seven bytes kept in a long. Kept as the reference of the differential test.
 */
final class PerBytePdfMark {
  private static final long ALIGNED = bytes("JVBERi0");
  private static final long SHIFTED_ONE = bytes("VQREYt");
  private static final long SHIFTED_TWO = bytes("lUERGL");
  private static final long SEVEN = (1L << 56) - 1;
  private static final long SIX = (1L << 48) - 1;

  private PerBytePdfMark() {
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
