package io.kexin.gateway.proxy;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;

/**
 * Checks that a request body is well-formed UTF-8 (RFC 3629) without NUL bytes, before any JSON parser reads it.
 * The parser alone accepts overlong forms ({@code C0 AF} for {@code /}), UTF-8-encoded surrogates ({@code ED A0 80})
 * and code points above U+10FFFF, which another reader (the upstream, a log) decodes differently or not at all; a
 * NUL byte is never valid in JSON text and would let a parser guess UTF-16 or UTF-32. Runs over the buffer's
 * components in place, with no copy: eight bytes at a time while they are ASCII without NUL (two mask tests), byte
 * by byte otherwise. Hand-written because it reads every request body. One instance per check.
 */
final class Utf8Check {
  private static final long HIGH_BITS = 0x8080808080808080L;
  private static final long LOW_BITS = 0x0101010101010101L;

  /** Continuation bytes still expected for the current character. */
  private int need;
  private int codePoint;
  /** The smallest code point the current character's length may encode: anything below is overlong. */
  private int min;

  private Utf8Check() {}

  /** Says whether the readable bytes of {@code body} are well-formed UTF-8 without NUL bytes. */
  static boolean wellFormed(ByteBuf body) {
    Utf8Check check = new Utf8Check();
    if (body.nioBufferCount() < 0) {
      for (int i = body.readerIndex(); i < body.writerIndex(); i++) {
        if (!check.process(body.getByte(i))) {
          return false;
        }
      }
      return check.need == 0;
    }
    for (ByteBuffer part : body.nioBuffers()) {
      if (!check.run(part)) {
        return false;
      }
    }
    return check.need == 0;
  }

  /** Checks the remaining bytes of {@code part}, continuing a character the previous part began. */
  private boolean run(ByteBuffer part) {
    int i = part.position();
    int end = part.limit();
    while (i < end) {
      if (need == 0 && end - i >= Long.BYTES) {
        long v = part.getLong(i);
        // no high bit (all ASCII) and no zero byte
        if ((v & HIGH_BITS) == 0 && ((v - LOW_BITS) & ~v & HIGH_BITS) == 0) {
          i += Long.BYTES;
          continue;
        }
      }
      if (!process(part.get(i))) {
        return false;
      }
      i++;
    }
    return true;
  }

  /** Takes one byte; says whether the bytes so far can still be well-formed. */
  private boolean process(byte value) {
    int b = value & 0xff;
    if (need == 0) {
      if (b < 0x80) {
        return b != 0;
      }
      if (b >= 0xC2 && b <= 0xDF) {
        start(1, b & 0x1F, 0x80);
      } else if (b >= 0xE0 && b <= 0xEF) {
        start(2, b & 0x0F, 0x800);
      } else if (b >= 0xF0 && b <= 0xF4) {
        start(3, b & 0x07, 0x10000);
      } else {
        // a continuation byte with no lead, an overlong two-byte lead (C0, C1), or a lead past U+10FFFF (F5-FF)
        return false;
      }
      return true;
    }
    if ((b & 0xC0) != 0x80) {
      return false;
    }
    codePoint = (codePoint << 6) | (b & 0x3F);
    if (--need > 0) {
      return true;
    }
    return codePoint >= min && codePoint <= 0x10FFFF && (codePoint < 0xD800 || codePoint > 0xDFFF);
  }

  private void start(int continuations, int bits, int smallest) {
    need = continuations;
    codePoint = bits;
    min = smallest;
  }
}
