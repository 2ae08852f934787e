package io.kexin.gateway.stream;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Inspects the {@code event:} name of every upstream event as a whole text before its shape reads it: a client's
 * parser hands the name to the application (the OpenAI SDKs pass an unknown one on beside the data, and the
 * Anthropic SDK names its error by it), so it is read like any other string the provider writes. A name is
 * inspected once per stream and its verdict remembered, so the few names of a provider's stream cost a map look-up
 * per event; a name the inspection rewrote goes out rewritten, one it emptied goes out without a name. One instance
 * per response; not thread-safe.
 */
final class EventNames implements StreamShape {
  /** The most names remembered per stream; a stream with more has each further one inspected every time. */
  private static final int REMEMBERED = 64;
  private final StreamShape shape;
  /** Per name seen, what goes out in its place (itself when unchanged). */
  private final Map<String, String> sent = new HashMap<>();

  EventNames(StreamShape shape) {
    this.shape = shape;
  }

  @Override
  public List<SseEvent> onEvent(SseEvent event, TextStreams streams) {
    String name = event.event();
    if (name == null) {
      return shape.onEvent(event, streams);
    }
    String out = sent.get(name);
    if (out == null) {
      out = name.isEmpty() ? name : streams.whole(name);
      if (sent.size() < REMEMBERED) {
        sent.put(name, out);
      }
    }
    if (out != name && !out.equals(name)) {
      event = event.withEvent(out.isEmpty() ? null : out);
    }
    return shape.onEvent(event, streams);
  }

  @Override
  public List<SseEvent> onEnd(TextStreams streams) {
    return shape.onEnd(streams);
  }

  @Override
  public boolean ended() {
    return shape.ended();
  }

  @Override
  public void dropped() {
    shape.dropped();
  }

  @Override
  public List<SseEvent> error(String type, String code, String message) {
    return shape.error(type, code, message);
  }
}
