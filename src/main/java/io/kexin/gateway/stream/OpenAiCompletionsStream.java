package io.kexin.gateway.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.provider.EventFields;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Reads OpenAI legacy completion chunks: each choice's {@code text} is one text; every other string (logprobs
 * tokens, and the keys of their {@code top_logprobs} maps, which are tokens too) is inspected whole. The choices of
 * an answer with {@code n > 1} are read across as a chat answer's are ({@link ChoiceSeams}).
 */
final class OpenAiCompletionsStream extends OpenAiStream {
  private final TreeSet<Integer> choices = new TreeSet<>();
  /** The later choices of an answer with {@code n > 1}, read with the choices before them. */
  private final ChoiceSeams seams = new ChoiceSeams();
  /** The highest choice index of the chunk being handled, or {@code Integer.MIN_VALUE} when it names none. */
  private int touched;

  OpenAiCompletionsStream(ObjectMapper json, EventFields fields) {
    super(json, fields);
  }

  @Override
  public List<SseEvent> onEvent(SseEvent event, TextStreams streams) {
    touched = Integer.MIN_VALUE;
    List<SseEvent> out = super.onEvent(event, streams);
    if (seams.idle()) {
      return out;
    }
    // A chunk that names no choice (usage, an error) and the stream's end go after every choice.
    return "[DONE]".equals(event.data()) ? seams.end(out, streams)
        : seams.route(out, touched == Integer.MIN_VALUE ? ChoiceSeams.AFTER_ALL : touched, streams);
  }

  @Override
  public List<SseEvent> onEnd(TextStreams streams) {
    return seams.end(super.onEnd(streams), streams);
  }

  @Override
  List<SseEvent> chunk(SseEvent event, ObjectNode data, TextStreams streams) {
    List<SseEvent> out = new ArrayList<>(2);
    boolean changed = false;
    for (JsonNode choice : data.path("choices")) {
      int index = choice.path("index").asInt(0);
      touched = Math.max(touched, index);
      seams.named(index, streams);
      if (choice instanceof ObjectNode c && c.path("text").isTextual()) {
        choices.add(index);
        String text = c.get("text").asText();
        if (index != 0) {
          seams.shown(index, "text", text, streams);
        }
        String released = streams.open(key(index)).feed(text);
        if (!released.equals(text)) {
          c.put("text", released);
          changed = true;
        }
        remainder.handled(c.get("text"));
      }
      if (!choice.path("finish_reason").isNull() && !choice.path("finish_reason").isMissingNode()) {
        out.addAll(flush(streams, index));
        seams.ended(index, streams);
      }
    }
    changed |= remainder.inspect(data, streams);
    out.add(events.with(event, data, changed));
    return out;
  }

  private static TextKey key(int index) {
    return new TextKey.Choice(index, "text");
  }

  @Override
  List<SseEvent> flush(TextStreams streams, int choice) {
    List<SseEvent> out = new ArrayList<>(1);
    for (int index : choices) {
      if (choice >= 0 && index != choice) {
        continue;
      }
      TextStream stream = streams.opened(key(index));
      String held = stream == null ? "" : stream.finish();
      if (!held.isEmpty()) {
        ObjectNode chunk = template(streams);
        chunk.putArray("choices").addObject().put("index", index).put("text", held).putNull("finish_reason");
        out.add(events.event(null, chunk));
      }
    }
    return out;
  }
}
