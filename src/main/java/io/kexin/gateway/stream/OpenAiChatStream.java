package io.kexin.gateway.stream;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.provider.EventFields;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads OpenAI chat completion chunks: per choice ({@code n > 1} included) the delta's {@code content},
 * {@code reasoning_content}, {@code reasoning} (vLLM, OpenRouter, Groq) and {@code refusal}, and each tool call's
 * {@code function.arguments} (and the deprecated {@code function_call.arguments}), are separate texts; every other string of a chunk (a tool name, logprobs tokens, an
 * unknown field) is inspected whole. Held text is emitted in a chunk of its own (same id, model, created) just
 * before the chunk that finishes its choice. An audio answer's {@code delta.audio.transcript} is a text whose finding
 * that would rewrite it blocks ({@link TextKey#rewriteBlocks()}), and a chunk carrying audio {@code data}, with every
 * chunk after it, waits until the transcript that came before that audio is released, since the audio says what the
 * transcript shows and cannot be rewritten: audio goes out only as far as its transcript was inspected.
 */
final class OpenAiChatStream extends OpenAiStream {
  private static final int CACHED_CHOICES = 8;
  /** The open texts, in the order they were opened. */
  private final Set<TextKey> keys = new LinkedHashSet<>();
  private final ChatChunkReader reader;
  /** Text keys of the first choices, so the per-token path allocates none: [kind][choice]. */
  private final TextKey[][] keyCache = new TextKey[ChatChunkReader.KINDS][CACHED_CHOICES];
  /** Per choice and kind of the chunk being handled: the released text, or null when unchanged. */
  private String[] released = new String[2 * ChatChunkReader.KINDS];
  /** Per choice of an audio answer, the units of its transcript fed so far. */
  private final Map<Integer, Integer> transcriptFed = new HashMap<>();
  /** Per choice whose audio the chunk being handled carries ahead of its released transcript, the units it waits for. */
  private final Map<Integer, Integer> audioWaits = new HashMap<>();
  /** The later choices of an answer with {@code n > 1}, read with the choices before them. */
  private final ChoiceSeams seams = new ChoiceSeams();
  /** The highest choice index of the chunk being handled, or {@code Integer.MIN_VALUE} when it names none. */
  private int touched;
  /** Chunks waiting behind audio whose transcript is not yet released, in order. */
  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();

  /** A chunk to send once each choice's transcript is released up to the units {@code waits} names (may be empty). */
  private record Waiting(SseEvent event, Map<Integer, Integer> waits) {}

  /** Creates the shape; without {@code splice} every chunk takes the tree path (to compare the two in tests). */
  OpenAiChatStream(ObjectMapper json, EventFields fields, boolean splice) {
    super(json, fields);
    this.reader = splice ? new ChatChunkReader(json.getFactory(), remainder.declared()) : null;
  }

  /**
   * Handles a chunk of the common form without a JSON tree: released text is spliced into the upstream's JSON in
   * place of the original string, so every other byte of the chunk stays as received.
   */
  @Override
  List<SseEvent> fastChunk(SseEvent event, TextStreams streams) {
    String data = event.data();
    if (reader == null || !reader.read(data)) {
      return null;
    }
    remember(data);
    int choices = reader.choices();
    int kinds = ChatChunkReader.KINDS;
    if (released.length < kinds * choices) {
      released = new String[kinds * choices];
    }
    List<SseEvent> out = null;
    boolean changed = false;
    boolean holdsNothing = !reader.usage();
    for (int c = 0; c < choices; c++) {
      int index = reader.index(c);
      touched = Math.max(touched, index);
      if (index < 0) {
        seams.named(index, streams);
      }
      int texts = 0;
      String only = null;
      for (int kind = 0; kind < kinds; kind++) {
        String text = reader.text(c, kind);
        released[kinds * c + kind] = null;
        if (text == null) {
          continue;
        }
        TextKey key = key(kind, index);
        keys.add(key);
        if (index != 0) {
          seams.shown(index, ChatChunkReader.FIELDS[kind], text, streams);
        }
        String sent = streams.open(key).feed(text);
        if (!sent.equals(text)) {
          released[kinds * c + kind] = sent;
          changed = true;
        }
        texts++;
        only = sent;
      }
      holdsNothing &= reader.oneFieldUnfinished(c) && texts == 1 && only.isEmpty();
      if (reader.finished(c)) {
        List<SseEvent> held = flush(streams, index);
        if (!held.isEmpty()) {
          out = out == null ? new ArrayList<>(held.size() + 1) : out;
          out.addAll(held);
        }
        seams.ended(index, streams);
      }
    }
    if (changed && holdsNothing) {
      return out == null ? List.of() : out;
    }
    // Padding goes out as fresh random characters of its length (FieldKind.PADDING): the chunk is always rewritten.
    boolean padded = reader.paddingStart() >= 0;
    SseEvent chunk = changed || padded ? event.withData(splice(data, choices, padded)) : event;
    if (out == null) {
      return List.of(chunk);
    }
    out.add(chunk);
    return out;
  }

  /**
   * Returns {@code data} with each released text in place of the JSON string it replaces, and new padding in place of
   * the chunk's own when {@code padded}, in document order.
   */
  private String splice(String data, int choices, boolean padded) {
    int kinds = ChatChunkReader.KINDS;
    StringBuilder sb = new StringBuilder(data.length() + 16);
    int copied = 0;
    boolean padding = padded;
    while (true) {
      // A few texts per choice: pick the next one by position rather than sorting.
      int next = -1;
      int nextStart = padding ? reader.paddingStart() : Integer.MAX_VALUE;
      for (int k = 0; k < kinds * choices; k++) {
        if (released[k] == null) {
          continue;
        }
        int start = reader.start(k / kinds, k % kinds);
        if (start >= copied && start < nextStart) {
          next = k;
          nextStart = start;
        }
      }
      if (next < 0 && padding) {
        sb.append(data, copied, nextStart).append('"').append(remainder.declared().padding(reader.paddingLength()))
            .append('"');
        copied = reader.paddingEnd();
        padding = false;
        continue;
      }
      if (next < 0) {
        return sb.append(data, copied, data.length()).toString();
      }
      sb.append(data, copied, nextStart).append('"');
      JsonStringEncoder.getInstance().quoteAsString(released[next], sb);
      sb.append('"');
      copied = reader.end(next / kinds, next % kinds);
    }
  }

  @Override
  public List<SseEvent> onEvent(SseEvent event, TextStreams streams) {
    touched = Integer.MIN_VALUE;
    List<SseEvent> out = super.onEvent(event, streams);
    if (!seams.idle()) {
      // A chunk that names no choice (usage, an error) and the stream's end go after every choice.
      boolean done = "[DONE]".equals(event.data());
      out = done ? seams.end(out, streams)
          : seams.route(out, touched == Integer.MIN_VALUE ? ChoiceSeams.AFTER_ALL : touched, streams);
    }
    if (waiting.isEmpty() && audioWaits.isEmpty()) {
      return out;
    }
    for (int i = 0; i < out.size(); i++) {
      // The chunk itself is the last event: the held text of choices it finishes goes before it.
      waiting.add(new Waiting(out.get(i), i == out.size() - 1 ? Map.copyOf(audioWaits) : Map.of()));
    }
    audioWaits.clear();
    return drain(streams, false);
  }

  @Override
  public List<SseEvent> onEnd(TextStreams streams) {
    List<SseEvent> out = seams.end(super.onEnd(streams), streams);
    if (waiting.isEmpty()) {
      return out;
    }
    for (SseEvent e : out) {
      waiting.add(new Waiting(e, Map.of()));
    }
    return drain(streams, true);
  }

  /** Returns the waiting chunks that may go now: up to the first whose audio is ahead of its released transcript. */
  private List<SseEvent> drain(TextStreams streams, boolean all) {
    List<SseEvent> out = new ArrayList<>(waiting.size());
    while (!waiting.isEmpty()) {
      Waiting w = waiting.peekFirst();
      if (!all) {
        for (Map.Entry<Integer, Integer> wait : w.waits().entrySet()) {
          if (transcriptReleased(streams, wait.getKey()) < wait.getValue()) {
            return out;
          }
        }
      }
      out.add(waiting.pollFirst().event());
    }
    return out;
  }

  /** Returns how many units of the transcript of {@code choice} were released so far. */
  private int transcriptReleased(TextStreams streams, int choice) {
    TextStream stream = streams.opened(new TextKey.Choice(choice, TextKey.Choice.TRANSCRIPT));
    return transcriptFed.getOrDefault(choice, 0) - (stream == null ? 0 : stream.pending());
  }

  private TextKey key(int kind, int index) {
    if (index >= 0 && index < CACHED_CHOICES) {
      TextKey key = keyCache[kind][index];
      if (key == null) {
        key = new TextKey.Choice(index, ChatChunkReader.FIELDS[kind]);
        keyCache[kind][index] = key;
      }
      return key;
    }
    return new TextKey.Choice(index, ChatChunkReader.FIELDS[kind]);
  }

  @Override
  List<SseEvent> chunk(SseEvent event, ObjectNode data, TextStreams streams) {
    List<SseEvent> out = new ArrayList<>(2);
    boolean changed = false;
    for (JsonNode choice : data.path("choices")) {
      int index = choice.path("index").asInt(0);
      touched = Math.max(touched, index);
      seams.named(index, streams);
      JsonNode delta = choice.path("delta");
      if (delta instanceof ObjectNode d) {
        for (String field : ChatChunkReader.FIELDS) {
          if (index != 0 && d.path(field).isTextual()) {
            seams.shown(index, field, d.get(field).textValue(), streams);
          }
          changed |= feed(d, field, new TextKey.Choice(index, field), streams);
        }
        if (d.path("audio") instanceof ObjectNode audio) {
          // An audio answer's transcript is streamed text like the content.
          if (audio.path("transcript").isTextual()) {
            transcriptFed.merge(index, audio.get("transcript").textValue().length(), Integer::sum);
            if (index != 0) {
              seams.shown(index, TextKey.Choice.TRANSCRIPT, audio.get("transcript").textValue(), streams);
            }
          }
          changed |= feed(audio, "transcript", new TextKey.Choice(index, TextKey.Choice.TRANSCRIPT), streams);
          int fed = transcriptFed.getOrDefault(index, 0);
          if (!audio.path("data").asText("").isEmpty() && transcriptReleased(streams, index) < fed) {
            audioWaits.put(index, fed);
          }
        }
        if (d.path("function_call") instanceof ObjectNode fn) {
          // The deprecated single call streams its arguments like a tool call's: one text, read as its values.
          if (index != 0 && fn.path("arguments").isTextual()) {
            seams.arguments(index, TextKey.ToolCall.FUNCTION_CALL, fn.get("arguments").textValue(), streams);
          }
          changed |= feed(fn, "arguments", new TextKey.ToolCall(index, TextKey.ToolCall.FUNCTION_CALL), streams);
        }
        for (JsonNode call : d.path("tool_calls")) {
          int callIndex = call.path("index").asInt(0);
          if (call.path("function") instanceof ObjectNode fn) {
            if (index != 0 && fn.path("arguments").isTextual()) {
              seams.arguments(index, callIndex, fn.get("arguments").textValue(), streams);
            }
            changed |= feed(fn, "arguments", new TextKey.ToolCall(index, callIndex), streams);
          }
        }
      }
      if (!choice.path("finish_reason").isNull() && !choice.path("finish_reason").isMissingNode()) {
        out.addAll(flush(streams, index));
        seams.ended(index, streams);
      }
    }
    boolean rest = remainder.inspect(data, streams);
    if (!changed || rest || !holdsNothing(data)) {
      out.add(events.with(event, data, changed || rest));
    }
    return out;
  }

  /**
   * Says whether a chunk only carries one empty text per choice (all of it held back), so it need not be sent: the
   * same rule as the fast path's for a chunk of the common form.
   */
  private static boolean holdsNothing(ObjectNode data) {
    if (data.hasNonNull("usage")) {
      return false;
    }
    for (JsonNode choice : data.path("choices")) {
      JsonNode delta = choice.path("delta");
      if (!choice.path("finish_reason").isNull() || choice.hasNonNull("logprobs") || delta.size() != 1) {
        return false;
      }
      String name = delta.fieldNames().next();
      if (!List.of(ChatChunkReader.FIELDS).contains(name) || !"".equals(delta.get(name).asText(null))) {
        return false;
      }
    }
    return true;
  }

  private boolean feed(ObjectNode holder, String field, TextKey key, TextStreams streams) {
    JsonNode value = holder.get(field);
    if (value == null || !value.isTextual()) {
      return false;
    }
    keys.add(key);
    String released = streams.open(key).feed(value.asText());
    if (released.equals(value.asText())) {
      remainder.handled(value);
      return false;
    }
    holder.put(field, released);
    remainder.handled(holder.get(field));
    return true;
  }

  @Override
  List<SseEvent> flush(TextStreams streams, int choice) {
    List<SseEvent> out = new ArrayList<>(1);
    for (TextKey key : keys) {
      int index = key instanceof TextKey.Choice c ? c.choice() : ((TextKey.ToolCall) key).choice();
      if (choice >= 0 && index != choice) {
        continue;
      }
      TextStream stream = streams.opened(key);
      String held = stream == null ? "" : stream.finish();
      if (held.isEmpty()) {
        continue;
      }
      ObjectNode chunk = template(streams);
      ObjectNode c = ((ArrayNode) chunk.putArray("choices")).addObject();
      c.put("index", index);
      ObjectNode delta = c.putObject("delta");
      if (key instanceof TextKey.Choice k && k.field().equals(TextKey.Choice.TRANSCRIPT)) {
        delta.putObject("audio").put("transcript", held);
      } else if (key instanceof TextKey.Choice k) {
        delta.put(k.field(), held);
      } else if (((TextKey.ToolCall) key).call() == TextKey.ToolCall.FUNCTION_CALL) {
        delta.putObject("function_call").put("arguments", held);
      } else {
        delta.putArray("tool_calls").addObject().put("index", ((TextKey.ToolCall) key).call()).putObject("function")
            .put("arguments", held);
      }
      c.putNull("finish_reason");
      out.add(events.event(null, chunk));
    }
    return out;
  }
}
