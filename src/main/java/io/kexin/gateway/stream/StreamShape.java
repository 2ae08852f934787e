package io.kexin.gateway.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kexin.gateway.provider.Endpoint;
import io.kexin.gateway.provider.EventFields;
import io.kexin.gateway.provider.ProviderApi;
import java.util.List;

/**
 * Knows one provider's event stream: where text deltas live in its events, how to rebuild an event around changed
 * text, how to emit held text at the end of a text, and how that provider ends a stream with an error. Every string
 * and key of an event that is neither a text the shape streams nor declared not-text is inspected as a whole text.
 * One instance per response; not thread-safe.
 */
public interface StreamShape {

  /** Returns the events to send for one upstream event, feeding its text deltas through {@code streams}. */
  List<SseEvent> onEvent(SseEvent event, TextStreams streams);

  /** Returns the events that carry text still held when the upstream stream ends. */
  List<SseEvent> onEnd(TextStreams streams);

  /**
   * Says whether the upstream sent the event that ends this provider's stream ({@code [DONE]}, {@code message_stop},
   * {@code response.completed} …); a stream that stops without it is incomplete.
   */
  boolean ended();

  /**
   * Notes that none of the events the last {@link #onEvent} or {@link #onEnd} returned was sent (the stream stopped
   * there), so that the error event follows what the client did receive.
   */
  default void dropped() {
  }

  /** Returns the events that end the client's stream with an error, in this provider's own form. */
  List<SseEvent> error(String type, String code, String message);

  /** Returns the shape for an endpoint's event stream, reading its events as {@code api} describes them. */
  static StreamShape of(ProviderApi api, Endpoint endpoint, ObjectMapper json) {
    EventFields fields = api.eventFields(endpoint);
    StreamShape shape = switch (endpoint) {
      case CHAT -> new OpenAiChatStream(json, fields, true);
      case COMPLETIONS -> new OpenAiCompletionsStream(json, fields);
      case RESPONSES -> new ResponsesStream(json, fields);
      case MESSAGES -> new AnthropicStream(json, fields);
      default -> throw new IllegalArgumentException("endpoint: " + endpoint + " (expected: a streaming endpoint)");
    };
    return new EventNames(shape);
  }
}
