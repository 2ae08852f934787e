package io.kexin.gateway.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Checks that a request body is well-formed UTF-8 (RFC 3629) without NUL bytes, before any JSON parser reads it.
 * The parser alone accepts overlong forms ({@code C0 AF} for {@code /}), UTF-8-encoded surrogates ({@code ED A0 80})
 * and code points above U+10FFFF, which another reader (the upstream, a log) decodes differently or not at all; a
 * NUL byte is never valid in JSON text and would let a parser guess UTF-16 or UTF-32. Reads a heap buffer's array in
 * place and any other buffer through an 8 KiB copy at a time, into an array each thread keeps (a byte array is read far faster than a direct
 * buffer, byte by byte). Between characters, a whole character that lies in the array is taken in one step: eight
 * ASCII bytes without NUL (two mask tests), one ASCII byte, or a two- or three-byte sequence whose lead admits any
 * continuation (C2–DF; E1–EC and EE–EF: no overlong form or surrogate starts with them), so Chinese text skips the
 * byte-by-byte state that every other byte goes through. Hand-written because it reads every request body. One
 * instance per check.
 */
final class Utf8Check {
  private static final long HIGH_BITS = 0x8080808080808080L;
  private static final long LOW_BITS = 0x0101010101010101L;
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  /** The size of the copies a buffer without an array is read through. */
  private static final int CHUNK = 8192;
  /** The array each thread copies into: no garbage per request. */
  private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
    @Override
    protected byte[] initialValue() {
      return new byte[CHUNK];
    }
  };

  /** Continuation bytes still expected for the current character. */
  private int need;
  private int codePoint;
  /** The smallest code point the current character's length may encode: anything below is overlong. */
  private int min;

  private Utf8Check() {}

  /** Says whether the readable bytes of {@code body} are well-formed UTF-8 without NUL bytes. */
  static boolean wellFormed(ByteBuf body) {
    Utf8Check check = new Utf8Check();
    int from = body.readerIndex();
    int length = body.readableBytes();
    if (body.hasArray()) {
      int offset = body.arrayOffset() + from;
      return check.run(body.array(), offset, offset + length) && check.need == 0;
    }
    byte[] chunk = SCRATCH.get();
    for (int done = 0; done < length; ) {
      int n = Math.min(chunk.length, length - done);
      body.getBytes(from + done, chunk, 0, n);
      if (!check.run(chunk, 0, n)) {
        return false;
      }
      done += n;
    }
    return check.need == 0;
  }

  /** Checks {@code bytes[from, end)}, continuing a character an earlier piece began. */
  private boolean run(byte[] bytes, int from, int end) {
    int i = from;
    while (i < end) {
      if (need == 0) {
        if (end - i >= Long.BYTES) {
          long v = (long) LONGS.get(bytes, i);
          // no high bit (all ASCII) and no zero byte
          if ((v & HIGH_BITS) == 0 && ((v - LOW_BITS) & ~v & HIGH_BITS) == 0) {
            i += Long.BYTES;
            continue;
          }
        }
        int b = bytes[i] & 0xff;
        if (b < 0x80) {
          if (b == 0) {
            return false;
          }
          i++;
          continue;
        }
        if (b >= 0xC2 && b <= 0xDF && end - i >= 2) {
          if (!continuation(bytes[i + 1])) {
            return false;
          }
          i += 2;
          continue;
        }
        if (b >= 0xE1 && b <= 0xEF && b != 0xED && end - i >= 3) {
          if (!continuation(bytes[i + 1]) || !continuation(bytes[i + 2])) {
            return false;
          }
          i += 3;
          continue;
        }
      }
      if (!process(bytes[i])) {
        return false;
      }
      i++;
    }
    return true;
  }

  private static boolean continuation(byte b) {
    return (b & 0xC0) == 0x80;
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
