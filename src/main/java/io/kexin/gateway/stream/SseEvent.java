package io.kexin.gateway.stream;

import java.nio.charset.StandardCharsets;

/**
 * Holds one server-sent event. {@code raw} keeps the bytes as received, so an event nobody changed goes out
 * byte for byte; an event built or changed by the gateway has no raw bytes and is encoded from its fields.
 * {@code data} is null for an event without data lines (e.g. a comment-only keep-alive).
 */
public record SseEvent(String event, String data, String id, Long retry, byte[] raw) {

  /** Returns an event with the given type and data, encoded from its fields. */
  public static SseEvent of(String event, String data) {
    return new SseEvent(event, data, null, null, null);
  }

  /** Returns this event with new data; it will be encoded from its fields. */
  public SseEvent withData(String newData) {
    return new SseEvent(event, newData, id, retry, null);
  }

  /** Returns the bytes to send: the received bytes when unchanged, else an encoding of the fields. */
  public byte[] encode() {
    if (raw != null) {
      return raw;
    }
    StringBuilder sb = new StringBuilder(32 + (data == null ? 0 : data.length()));
    if (event != null) {
      sb.append("event: ").append(event).append('\n');
    }
    if (id != null) {
      sb.append("id: ").append(id).append('\n');
    }
    if (retry != null) {
      sb.append("retry: ").append(retry).append('\n');
    }
    if (data != null) {
      int start = 0;
      while (true) {
        int nl = data.indexOf('\n', start);
        sb.append("data: ").append(data, start, nl < 0 ? data.length() : nl).append('\n');
        if (nl < 0) {
          break;
        }
        start = nl + 1;
      }
    }
    sb.append('\n');
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "SseEvent[event=" + event + ", dataLength=" + (data == null ? 0 : data.length()) + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SseEvent e && java.util.Objects.equals(event, e.event) && java.util.Objects.equals(data, e.data)
        && java.util.Objects.equals(id, e.id) && java.util.Objects.equals(retry, e.retry);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(event, data, id, retry);
  }
}
