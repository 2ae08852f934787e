package io.kexin.gateway.stream;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes a byte stream of server-sent events (WHATWG HTML "event stream" format) fed in arbitrary pieces: events
 * split at any byte, several events in one piece, LF, CRLF or CR line ends, multi-line data, comments, and a last
 * event with no blank line after it. Written by hand because stream inspection is the core of the gateway and must
 * keep each event's exact bytes. One instance per stream; not thread-safe.
 */
public final class SseDecoder {
  private final int maxEventBytes;
  private byte[] raw = new byte[512];
  private int rawLength;
  private int lineStart;
  private boolean skipLf;
  private boolean pendingDispatch;
  private boolean hasFields;
  private String event;
  private String id;
  private Long retry;
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
    for (int i = in.readerIndex(); i < end; i++) {
      byte b = in.getByte(i);
      if (skipLf) {
        skipLf = false;
        if (b == '\n') {
          // The LF of a CRLF belongs to the line just ended: keep it in the event's bytes.
          append(b);
          lineStart = rawLength;
          if (pendingDispatch) {
            pendingDispatch = false;
            dispatch(out);
          }
          continue;
        }
        if (pendingDispatch) {
          pendingDispatch = false;
          dispatch(out);
        }
      }
      append(b);
      if (b == '\n' || b == '\r') {
        skipLf = b == '\r';
        if (lineStart == rawLength - 1 && b == '\r') {
          // A blank line ended by CR: wait for a possible LF so the event keeps its exact bytes.
          pendingDispatch = true;
        } else {
          line(lineStart, rawLength - 1, out);
        }
        lineStart = rawLength;
      }
    }
    in.readerIndex(end);
  }

  /** Completes the stream: a last event with no blank line after it is still delivered. */
  public void end(List<SseEvent> out) {
    if (!pendingDispatch && rawLength > lineStart) {
      line(lineStart, rawLength, out);
    }
    pendingDispatch = false;
    dispatch(out);
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

  private void line(int start, int end, List<SseEvent> out) {
    if (start == end) {
      dispatch(out);
      return;
    }
    hasFields = true;
    if (raw[start] == ':') {
      return;
    }
    int colon = -1;
    for (int i = start; i < end; i++) {
      if (raw[i] == ':') {
        colon = i;
        break;
      }
    }
    String field;
    String value;
    if (colon < 0) {
      field = new String(raw, start, end - start, StandardCharsets.UTF_8);
      value = "";
    } else {
      field = new String(raw, start, colon - start, StandardCharsets.US_ASCII);
      int v = colon + 1;
      if (v < end && raw[v] == ' ') {
        v++;
      }
      value = new String(raw, v, end - v, StandardCharsets.UTF_8);
    }
    switch (field) {
      case "data" -> {
        if (data == null) {
          data = new StringBuilder(value.length());
        } else {
          data.append('\n');
        }
        data.append(value);
      }
      case "event" -> event = value;
      case "id" -> {
        if (value.indexOf('\0') < 0) {
          id = value;
        }
      }
      case "retry" -> {
        if (!value.isEmpty() && value.chars().allMatch(Character::isDigit) && value.length() < 18) {
          retry = Long.parseLong(value);
        }
      }
      default -> { }
    }
  }

  private void dispatch(List<SseEvent> out) {
    if (hasFields || rawLength > 0 && lineStart > 0) {
      out.add(new SseEvent(event, data == null ? null : data.toString(), id, retry,
          Arrays.copyOf(raw, rawLength)));
    }
    rawLength = 0;
    lineStart = 0;
    hasFields = false;
    event = null;
    id = null;
    retry = null;
    data = null;
  }
}
