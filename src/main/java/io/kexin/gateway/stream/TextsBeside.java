package io.kexin.gateway.stream;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Reads the texts a client shows beside an answer's text — a citation's {@code cited_text}, a search result's or an
 * annotation's {@code title} — in the answer's run, aside from the text: a value split between them stops the stream
 * before the piece that completes it goes out. The event carrying each goes out whole, inspected whole as before; each
 * stays open in the run until the stream ends, so that the text after it is read with its end. One per stream.
 */
final class TextsBeside {
  private final List<TextKey> keys = new ArrayList<>();

  /** Says whether {@code value} is a text to read: a non-empty string. */
  static boolean readable(JsonNode value) {
    return value != null && value.isTextual() && !value.textValue().isEmpty();
  }

  /**
   * Reads {@code value}, which must be {@link #readable}, under the key {@code keyAt} gives for the number of texts
   * read before it.
   */
  void read(JsonNode value, IntFunction<TextKey> keyAt, TextStreams streams) {
    TextKey key = keyAt.apply(keys.size());
    keys.add(key);
    streams.beside(key).feed(value.textValue());
  }

  /** Ends the reading of every text read: each went out whole with its event, so nothing is left to send. */
  void finish(TextStreams streams) {
    for (TextKey key : keys) {
      streams.beside(key).finish();
    }
    keys.clear();
  }
}
