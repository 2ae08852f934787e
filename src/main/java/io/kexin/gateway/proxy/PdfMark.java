package io.kexin.gateway.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Says whether a raw request body may carry a PDF in base64: the header {@code %PDF-} encoded at any of the three
 * byte alignments. Such a body is inspected on the pool whatever its size, since reading a PDF costs far more than its
 * bytes suggest. A test on bytes before any parse, which may say yes for a body without a PDF.
 *
 * <p>Hand-written because it runs on every request on the event loop: each of the three encodings holds one
 * {@code R}, so the body is searched for that byte eight at a time (a word test, as {@link Utf8Check} reads ASCII),
 * and only where one occurs are the bytes around it compared with the marks. The body is read through an array each
 * thread keeps, {@value #CHUNK} bytes at a time, with the last {@value #CARRY} bytes of a piece carried before the
 * next so a mark across two pieces (or two components of a composite body) is seen. Byte by byte through
 * {@link ByteBuf#forEachByte} (a call per byte over a composite body) this took more of the bare proxy's time than
 * validating the body's UTF-8.
 */
final class PdfMark {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long LOW_BITS = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;
  /** {@code R} in every byte. */
  private static final long RS = 0x5252525252525252L;
  /** The bytes kept from one piece before the next: the four a mark may have before its {@code R} and slack. */
  private static final int CARRY = 8;
  /** The bytes a mark may have after its {@code R}: a piece's last three positions wait for the next piece. */
  private static final int AFTER = 3;
  private static final int CHUNK = 8192;
  /** "JVBERi0" ({@code %PDF-} at a 3-byte boundary) in the word read four bytes before its {@code R}. */
  private static final long ALIGNED = word("JVBERi0", 0);
  private static final long ALIGNED_MASK = mask(0, 7);
  /** "VQREYt" (one byte past a boundary) in the same word: its {@code R} is its third byte. */
  private static final long SHIFTED_ONE = word("VQREYt", 2);
  private static final long SHIFTED_ONE_MASK = mask(2, 6);
  /** "lUERGL" (two bytes past a boundary): its {@code R} is its fourth byte. */
  private static final long SHIFTED_TWO = word("lUERGL", 1);
  private static final long SHIFTED_TWO_MASK = mask(1, 6);
  /** The array each thread reads bodies through: carried bytes, a piece, and zeros a mark at the end can run into. */
  private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
    @Override
    protected byte[] initialValue() {
      return new byte[CARRY + CHUNK + CARRY];
    }
  };

  private PdfMark() {
  }

  /** Says whether {@code body} holds a base64 PDF header. */
  static boolean in(ByteBuf body) {
    int length = body.readableBytes();
    if (length == 0) {
      return false;
    }
    byte[] a = SCRATCH.get();
    Arrays.fill(a, 0, CARRY, (byte) 0);
    int from = CARRY;
    int index = body.readerIndex();
    for (int done = 0; done < length; ) {
      int n = Math.min(CHUNK, length - done);
      body.getBytes(index + done, a, CARRY, n);
      done += n;
      int end = CARRY + n;
      boolean last = done == length;
      if (last) {
        Arrays.fill(a, end, end + CARRY, (byte) 0);
      }
      if (found(a, from, last ? end : end - AFTER)) {
        return true;
      }
      System.arraycopy(a, end - CARRY, a, 0, CARRY);
      from = CARRY - AFTER;
    }
    return false;
  }

  /** Says whether a mark has its {@code R} at a position of {@code a[from, limit)}. */
  private static boolean found(byte[] a, int from, int limit) {
    int i = from;
    for (; i + Long.BYTES <= limit; i += Long.BYTES) {
      long x = (long) LONGS.get(a, i) ^ RS;
      long zero = (x - LOW_BITS) & ~x & HIGH_BITS;
      while (zero != 0) {
        if (marked(a, i + (Long.numberOfTrailingZeros(zero) >>> 3))) {
          return true;
        }
        zero &= zero - 1;
      }
    }
    for (; i < limit; i++) {
      if (marked(a, i)) {
        return true;
      }
    }
    return false;
  }

  /** Says whether a mark has its {@code R} at {@code r} (which has four bytes before it and three after). */
  private static boolean marked(byte[] a, int r) {
    if (a[r] != 'R') {
      return false; // the word test may flag a byte above a true match
    }
    long w = (long) LONGS.get(a, r - 4);
    return (w & ALIGNED_MASK) == ALIGNED || (w & SHIFTED_ONE_MASK) == SHIFTED_ONE
        || (w & SHIFTED_TWO_MASK) == SHIFTED_TWO;
  }

  /** Returns {@code ascii} as the little-endian word that holds it from byte {@code at} on. */
  private static long word(String ascii, int at) {
    long value = 0;
    for (int i = 0; i < ascii.length(); i++) {
      value |= (long) ascii.charAt(i) << 8 * (at + i);
    }
    return value;
  }

  /** Returns the mask of {@code count} bytes from byte {@code at} of a little-endian word. */
  private static long mask(int at, int count) {
    return (count == 8 ? -1L : (1L << 8 * count) - 1) << 8 * at;
  }
}
