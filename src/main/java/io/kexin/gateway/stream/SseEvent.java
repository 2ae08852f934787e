package io.kexin.gateway.stream;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Holds one server-sent event. {@code raw} keeps the bytes the decoder kept of it ({@code event:} and {@code data:}
 * lines, LF line ends), so an event nobody changed goes out without being encoded again; an event built or changed
 * by the gateway has no raw bytes and is encoded from its fields. {@code data} is null for an event without data
 * lines (a keep-alive). There is no {@code id} or {@code retry}: the gateway never sends them ({@link SseDecoder}).
 */
public record SseEvent(String event, String data, byte[] raw) {

  /** Returns an event with the given type and data, encoded from its fields. */
  public static SseEvent of(String event, String data) {
    return new SseEvent(event, data, null);
  }

  /** Returns this event with new data; it will be encoded from its fields. */
  public SseEvent withData(String newData) {
    return new SseEvent(event, newData, null);
  }

  /** Returns this event with a new type; it will be encoded from its fields. */
  public SseEvent withEvent(String newEvent) {
    return new SseEvent(newEvent, data, null);
  }

  /** Returns the bytes to send: the kept bytes when unchanged, else an encoding of the fields. */
  public byte[] encode() {
    if (raw != null) {
      return raw;
    }
    StringBuilder sb = new StringBuilder(32 + (data == null ? 0 : data.length()));
    if (event != null) {
      sb.append("event: ");
      line(sb, event);
    }
    if (data != null) {
      int start = 0;
      while (true) {
        int nl = data.indexOf('\n', start);
        sb.append("data: ");
        line(sb, data.substring(start, nl < 0 ? data.length() : nl));
        if (nl < 0) {
          break;
        }
        start = nl + 1;
      }
    } else if (event == null) {
      sb.append(':').append('\n');
    }
    sb.append('\n');
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Appends a field's value and its line end; a CR in it would end the line early, so it is written as a space. */
  private static void line(StringBuilder sb, String value) {
    sb.append(value.indexOf('\r') < 0 ? value : value.replace('\r', ' ')).append('\n');
  }

  @Override
  public String toString() {
    return "SseEvent[event=" + event + ", dataLength=" + (data == null ? 0 : data.length()) + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SseEvent e && Objects.equals(event, e.event) && Objects.equals(data, e.data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(event, data);
  }
}
