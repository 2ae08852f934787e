package io.kexin.gateway.stream;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes a byte stream of server-sent events (WHATWG HTML "event stream" format) fed in arbitrary pieces: events
 * split at any byte, several events in one piece, LF, CRLF or CR line ends, multi-line data, a UTF-8 BOM at the
 * stream's start, and a last event with no blank line after it. Written by hand because stream inspection is the
 * core of the gateway and must keep each event's bytes, so that an event nobody changed goes out without being
 * encoded again.
 *
 * <p>Only what the gateway inspects reaches the client: the kept bytes hold {@code data:} and {@code event:} lines
 * alone, every line end written as LF (a client's parser then splits lines as the gateway did). Comment lines,
 * {@code id:}, {@code retry:}, lines of any other field and an {@code event:} line a later one overrides are dropped,
 * and counted ({@link #dropped}) without their content: a client's parser exposes {@code id:} as the last event id
 * and some clients log comments or unknown fields, while no provider of the served APIs writes any of them into an
 * answer (a comment is a keep-alive), so an upstream that does can only be carrying something past inspection.
 * {@code id:} is dropped rather than inspected since the gateway answers a POST and offers no resumption a last event
 * id would serve. An event of comments alone becomes a bare keep-alive ({@code :}); an event of dropped lines alone is
 * not sent. One instance per stream; not thread-safe.
 */
public final class SseDecoder {
  /** The kinds of line the decoder drops. */
  public enum Dropped { COMMENT, ID, RETRY, FIELD }

  /** The bytes of a bare keep-alive, sent for an event of comments alone. */
  static final byte[] KEEP_ALIVE = {':', '\n', '\n'};
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
  private final int maxEventBytes;
  private final long[] dropped = new long[Dropped.values().length];
  private byte[] raw = new byte[512];
  private int rawLength;
  private int lineStart;
  /** Whether the last byte was a CR, so that an LF right after it ends no second line. */
  private boolean skipLf;
  /** How many bytes of a leading BOM were read (3: the stream's start is past, with or without one). */
  private int bom;
  private boolean hasFields;
  private boolean comment;
  /** Whether the current event's kept bytes hold a line that does not count, so it is encoded from its fields. */
  private boolean rebuild;
  private String event;
  private StringBuilder data;

  /** Creates a decoder that refuses events longer than {@code maxEventBytes}. */
  public SseDecoder(int maxEventBytes) {
    if (maxEventBytes <= 0) {
      throw new IllegalArgumentException("maxEventBytes: " + maxEventBytes + " (expected: > 0)");
    }
    this.maxEventBytes = maxEventBytes;
  }

  /** Reads every readable byte of {@code in} and adds each completed event to {@code out}. */
  public void decode(ByteBuf in, List<SseEvent> out) {
    int end = in.writerIndex();
    int i = in.readerIndex();
    while (bom < BOM.length && i < end) {
      byte b = in.getByte(i);
      if (b != BOM[bom]) {
        pastStart(out);
        break;
      }
      bom++;
      i++;
    }
    for (; i < end; i++) {
      accept(in.getByte(i), out);
    }
    in.readerIndex(end);
  }

  /** Ends the look for a leading BOM: bytes taken for part of one that the rest did not follow are the stream's. */
  private void pastStart(List<SseEvent> out) {
    int taken = bom;
    bom = BOM.length;
    for (int k = 0; k < taken && taken < BOM.length; k++) {
      accept(BOM[k], out);
    }
  }

  private void accept(byte b, List<SseEvent> out) {
    if (skipLf) {
      skipLf = false;
      if (b == '\n') {
        return; // the LF of a CRLF: the line already ended at its CR
      }
    }
    if (b == '\r' || b == '\n') {
      skipLf = b == '\r';
      append((byte) '\n');
      line(lineStart, rawLength - 1, out);
      lineStart = rawLength;
      return;
    }
    append(b);
  }

  /** Completes the stream: a last event with no blank line after it is still delivered. */
  public void end(List<SseEvent> out) {
    pastStart(out);
    if (rawLength > lineStart) {
      append((byte) '\n');
      line(lineStart, rawLength - 1, out);
      lineStart = rawLength;
    }
    dispatch(out);
  }

  /** Returns how many lines of {@code kind} were dropped so far. */
  public long dropped(Dropped kind) {
    return dropped[kind.ordinal()];
  }

  private void append(byte b) {
    if (rawLength == maxEventBytes) {
      throw new SseException("event longer than " + maxEventBytes + " bytes");
    }
    if (rawLength == raw.length) {
      raw = Arrays.copyOf(raw, Math.min(maxEventBytes, raw.length * 2));
    }
    raw[rawLength++] = b;
  }

  /** Reads the line at {@code [start, end)} of the kept bytes (its LF at {@code end}). */
  private void line(int start, int end, List<SseEvent> out) {
    if (start == end) {
      rawLength = start; // the blank line is the event's end, written by the encoding
      dispatch(out);
      return;
    }
    hasFields = true;
    if (raw[start] == ':') {
      drop(Dropped.COMMENT, start);
      comment = true;
      return;
    }
    int colon = -1;
    for (int i = start; i < end; i++) {
      if (raw[i] == ':') {
        colon = i;
        break;
      }
    }
    int nameEnd = colon < 0 ? end : colon;
    int v = colon < 0 ? end : colon + 1;
    if (v < end && raw[v] == ' ') {
      v++;
    }
    if (is(start, nameEnd, "data")) {
      String value = new String(raw, v, end - v, StandardCharsets.UTF_8);
      if (data == null) {
        data = new StringBuilder(value.length());
      } else {
        data.append('\n');
      }
      data.append(value);
    } else if (is(start, nameEnd, "event")) {
      if (event != null) {
        // A later event line overrides this one for a client, yet its bytes would still reach one that reads
        // the first: the event is written anew from its fields, with the name that counts.
        dropped[Dropped.FIELD.ordinal()]++;
        rebuild = true;
      }
      event = new String(raw, v, end - v, StandardCharsets.UTF_8);
    } else if (is(start, nameEnd, "id")) {
      drop(Dropped.ID, start);
    } else if (is(start, nameEnd, "retry")) {
      drop(Dropped.RETRY, start);
    } else {
      drop(Dropped.FIELD, start);
    }
  }

  private boolean is(int start, int end, String name) {
    if (end - start != name.length()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      if (raw[start + i] != name.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Drops the line starting at {@code start} from the kept bytes, counting it. */
  private void drop(Dropped kind, int start) {
    dropped[kind.ordinal()]++;
    rawLength = start;
  }

  private void dispatch(List<SseEvent> out) {
    if (hasFields) {
      if (data != null || event != null) {
        byte[] bytes = null;
        if (!rebuild) {
          bytes = Arrays.copyOf(raw, rawLength + 1);
          bytes[rawLength] = '\n';
        }
        out.add(new SseEvent(event, data == null ? null : data.toString(), bytes));
      } else if (comment) {
        out.add(new SseEvent(null, null, KEEP_ALIVE));
      }
    }
    rawLength = 0;
    lineStart = 0;
    hasFields = false;
    comment = false;
    rebuild = false;
    event = null;
    data = null;
  }
}
