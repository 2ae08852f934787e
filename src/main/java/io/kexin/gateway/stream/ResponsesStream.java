package io.kexin.gateway.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.provider.EventFields;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads OpenAI Responses API streams. Each {@code <kind>.delta} event's {@code delta} (output text, refusal,
 * reasoning text and summary, function and custom tool call arguments, …) feeds one text per item and part; held
 * text is emitted as a last delta before the matching {@code <kind>.done}, whose full text — and that of later events
 * repeating it ({@code content_part.done}, {@code output_item.done}, {@code response.completed} …) — is replaced with
 * what the client was actually sent. A done text no delta produced is inspected whole (once, and then repeated as
 * sent); every other string and key is inspected whole. The reasoning and message texts of an answer form one run,
 * read joined as well ({@link TextKey#run()}), across parts and items, since the client shows them as one answer: a
 * text's done event, and every event after it, wait until the joined reading has decided the text — its own reading
 * holds nothing back, the next text moved past its end, or the answer ended — while later deltas are still fed. Events
 * keep a gap-free, increasing {@code sequence_number} in the order the client receives them: events the gateway adds
 * take the next number, and the upstream's later ones move up. Audio ({@code response.audio.delta}) is declared
 * not-text; it waits until the transcript that came before it is released, and a transcript finding that would rewrite
 * it blocks ({@link TextKey#rewriteBlocks()}), since the audio says the same and cannot be rewritten.
 */
final class ResponsesStream implements StreamShape {
  /** How one kind of streamed text is laid out: the field of its done event, and its index field (or null). */
  private record Kind(String doneField, String indexField) {}

  /**
   * An upstream event waiting to go (see {@link #waiting}); {@code data} is null for an event without data, and
   * {@code transcript} is how many units of the audio transcript must be released before it goes (audio), or 0.
   */
  private record Waiting(SseEvent event, ObjectNode data, boolean changed, boolean ready, long transcript) {}

  private static final String TRANSCRIPT = "response.audio.transcript";
  private static final Map<String, Kind> KINDS = Map.of(
      "response.output_text", new Kind("text", "content_index"),
      "response.refusal", new Kind("refusal", "content_index"),
      "response.reasoning_text", new Kind("text", "content_index"),
      "response.reasoning_summary_text", new Kind("text", "summary_index"),
      "response.function_call_arguments", new Kind("arguments", null),
      "response.custom_tool_call_input", new Kind("input", null),
      "response.mcp_call_arguments", new Kind("arguments", null),
      "response.code_interpreter_call_code", new Kind("code", null),
      TRANSCRIPT, new Kind("transcript", null));
  /** The kind of text a content or summary part of each type holds, and the field holding it. */
  private static final Map<String, String[]> PARTS = Map.of(
      "output_text", new String[] {"response.output_text", "text"},
      "refusal", new String[] {"response.refusal", "refusal"},
      "reasoning_text", new String[] {"response.reasoning_text", "text"},
      "summary_text", new String[] {"response.reasoning_summary_text", "text"});
  /** The events after which no text of the answer goes on: every held done goes then. */
  private static final Set<String> ENDS = Set.of("response.completed", "response.incomplete", "response.failed",
      "error");
  private final JsonEvents events;
  private final Remainder remainder;
  /**
   * Events waiting behind the done event of a text the run's joined reading has not decided, in order: a delta is
   * fed when it arrives ({@code ready}, its event made), any other event is handled when it goes.
   */
  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
  /** Holds, per text, everything sent to the client so far, in the order the texts opened. */
  private final Map<TextKey.Part, StringBuilder> sent = new LinkedHashMap<>();
  /** Per streamed text, its first delta event without the text: what a delta the gateway adds copies. */
  private final Map<TextKey.Part, ObjectNode> templates = new LinkedHashMap<>();
  /** The texts of the audio transcript, and how many units of them were fed. */
  private final Set<TextKey.Part> transcripts = new java.util.HashSet<>(2);
  /** The annotations' titles read in the answer's run so far. */
  private final TextsBeside beside = new TextsBeside();
  private long transcriptFed;
  /** How far the upstream's sequence numbers move up for the events the gateway added. */
  private long shift;
  /** The last sequence number sent, or -1. */
  private long lastNumber = -1;
  /** {@link #lastNumber} and {@link #shift} before the last call, for {@link #dropped}. */
  private long lastNumberBefore = -1;
  private long shiftBefore;
  private boolean ended;

  ResponsesStream(ObjectMapper json, EventFields fields) {
    this.remainder = new Remainder(fields);
    this.events = new JsonEvents(json);
  }

  @Override
  public List<SseEvent> onEvent(SseEvent event, TextStreams streams) {
    lastNumberBefore = lastNumber;
    shiftBefore = shift;
    if (event.data() == null) {
      if (waiting.isEmpty()) {
        return List.of(event);
      }
      waiting.add(new Waiting(event, null, false, true, 0));
      return drain(streams, false);
    }
    ObjectNode data = events.object(event);
    String type = data.path("type").asText();
    if (type.endsWith(".delta")) {
      // A delta is fed at once, held or not: the next text's deltas are what decide a held text's end.
      boolean changed = false;
      long transcript = 0;
      if (type.equals("response.audio.delta")) {
        remainder.handled(data.get("delta"));
        // The audio says what its transcript shows: it goes no further than the transcript released before it.
        transcript = transcriptFed > transcriptReleased(streams) ? transcriptFed : 0;
      } else {
        changed = delta(data, type.substring(0, type.length() - ".delta".length()), streams);
      }
      changed |= remainder.inspect(data, streams);
      if (waiting.isEmpty() && transcript == 0) {
        changed |= number(data);
        return List.of(events.with(event, data, changed));
      }
      waiting.add(new Waiting(event, data, changed, true, transcript));
      return drain(streams, false);
    }
    waiting.add(new Waiting(event, data, false, false, 0));
    return drain(streams, ENDS.contains(type));
  }

  /**
   * Returns the waiting events that may go now, in order: up to the first done event of a text the run's joined
   * reading has not decided, or all of them when the answer ended ({@code all}); events not yet handled are handled
   * as they go, so that what they repeat is what the client was sent.
   */
  private List<SseEvent> drain(TextStreams streams, boolean all) {
    // Sized as it fills: a long wait must not cost a copy of the queue per event.
    List<SseEvent> out = new ArrayList<>();
    while (!waiting.isEmpty()) {
      Waiting w = waiting.peekFirst();
      if (!all && (w.ready() ? w.transcript() > transcriptReleased(streams) : undecided(w.data(), streams))) {
        break;
      }
      waiting.pollFirst();
      if (w.data() == null) {
        out.add(w.event());
        continue;
      }
      boolean changed = w.changed();
      if (!w.ready()) {
        changed = handle(w.data(), out, streams);
      }
      changed |= number(w.data());
      out.add(events.with(w.event(), w.data(), changed));
    }
    return out;
  }

  /** Returns how many units of the audio transcript were released so far, over its texts. */
  private long transcriptReleased(TextStreams streams) {
    long released = transcriptFed;
    for (TextKey.Part key : transcripts) {
      TextStream stream = streams.opened(key);
      released -= stream == null ? 0 : stream.pending();
    }
    return released;
  }

  /** Says whether {@code data} is the done event of a text that its run's joined reading has not decided. */
  private boolean undecided(ObjectNode data, TextStreams streams) {
    String type = data.path("type").asText();
    if (!type.endsWith(".done")) {
      return false;
    }
    String kind = type.substring(0, type.length() - ".done".length());
    if (!KINDS.containsKey(kind)) {
      return false;
    }
    TextStream stream = streams.opened(key(data, kind));
    return stream != null && !stream.settled();
  }

  /** Handles an event that is not a delta: done texts, parts and items repeating them; returns whether it changed. */
  private boolean handle(ObjectNode data, List<SseEvent> out, TextStreams streams) {
    String type = data.path("type").asText();
    boolean changed = false;
    if (type.endsWith(".done") && KINDS.containsKey(type.substring(0, type.length() - ".done".length()))) {
      changed = done(data, type.substring(0, type.length() - ".done".length()), out, streams);
    } else {
      switch (type) {
        case "response.content_part.done", "response.reasoning_summary_part.done" -> {
          String indexField = type.contains("summary") ? "summary_index" : "content_index";
          changed = replacePart(data.path("part"), data.path("item_id").asText(""), data.path(indexField).asInt(0));
        }
        case "response.output_item.done" -> changed = replaceItem(data.path("item"));
        case "response.output_text.annotation.added" -> {
          JsonNode title = data.path("annotation").get("title");
          if (TextsBeside.readable(title)) {
            String item = data.path("item_id").asText("");
            beside.read(title, n -> new TextKey.Part(item, TextKey.Part.ANNOTATION, n), streams);
          }
        }
        case "response.completed", "response.incomplete", "response.failed" -> {
          ended = true;
          for (JsonNode output : data.path("response").path("output")) {
            changed |= replaceItem(output);
          }
        }
        default -> { }
      }
    }
    return changed | remainder.inspect(data, streams);
  }

  /** Feeds a delta event's text; returns whether the event changed. */
  private boolean delta(ObjectNode data, String kind, TextStreams streams) {
    JsonNode value = data.get("delta");
    if (value == null || !value.isTextual()) {
      return false;
    }
    TextKey.Part key = key(data, kind);
    if (!templates.containsKey(key)) {
      ObjectNode template = data.deepCopy();
      template.remove(List.of("delta", "sequence_number", "obfuscation", "logprobs"));
      templates.put(key, template);
    }
    String text = value.asText();
    if (kind.equals(TRANSCRIPT)) {
      transcripts.add(key);
      transcriptFed += text.length();
    }
    String released = streams.open(key).feed(text);
    sent.computeIfAbsent(key, k -> new StringBuilder()).append(released);
    if (released.equals(text)) {
      remainder.handled(value);
      return false;
    }
    data.put("delta", released);
    remainder.handled(data.get("delta"));
    return true;
  }

  /**
   * Handles the done event of a streamed text: emits its held text as a delta first, then puts in its text field
   * what the client was sent (a done text that no delta produced is inspected whole).
   */
  private boolean done(ObjectNode data, String kind, List<SseEvent> out, TextStreams streams) {
    TextKey.Part key = key(data, kind);
    String field = KINDS.get(kind).doneField();
    JsonNode value = data.get(field);
    TextStream stream = streams.opened(key);
    String held = stream == null ? "" : stream.finish();
    if (!held.isEmpty()) {
      sent.get(key).append(held);
      out.add(added(key, held, data.path("sequence_number"), streams));
    }
    StringBuilder all = sent.get(key);
    if (all == null) {
      if (value == null || !value.isTextual()) {
        return false;
      }
      all = new StringBuilder(streams.whole(value.asText()));
      sent.put(key, all);
    }
    if (value != null && value.isTextual() && all.toString().equals(value.asText())) {
      remainder.handled(value);
      return false;
    }
    data.put(field, all.toString());
    remainder.handled(data.get(field));
    return true;
  }

  private static TextKey.Part key(ObjectNode data, String kind) {
    Kind k = KINDS.get(kind);
    String indexField = k == null ? "content_index" : k.indexField();
    int index = indexField == null ? -1 : data.path(indexField).asInt(k == null ? -1 : 0);
    return new TextKey.Part(data.path("item_id").asText(""), kind, index);
  }

  /**
   * Returns a delta event the gateway adds for held text; it takes the number of the upstream event it precedes, and
   * its ids and words are those the client was sent (the template and the key hold the upstream's).
   */
  private SseEvent added(TextKey.Part key, String held, JsonNode before, TextStreams streams) {
    ObjectNode template = templates.get(key);
    ObjectNode data = template == null ? events.object() : template.deepCopy();
    data.put("type", key.kind() + ".delta").put("item_id", key.item());
    Kind kind = KINDS.get(key.kind());
    String indexField = kind == null ? (key.index() >= 0 ? "content_index" : null) : kind.indexField();
    if (indexField != null) {
      data.put(indexField, key.index());
    }
    data.put("delta", held);
    remainder.handled(data.get("delta"));
    remainder.inspect(data, streams);
    if (before.isIntegralNumber()) {
      data.put("sequence_number", before.asLong() + shift);
      shift++;
    } else if (before.isMissingNode() && lastNumber >= 0) {
      data.put("sequence_number", ++lastNumber);
    }
    return events.event(key.kind() + ".delta", data);
  }

  /** Moves the event's sequence number up past the events the gateway added; returns whether it changed. */
  private boolean number(ObjectNode data) {
    JsonNode n = data.get("sequence_number");
    if (n == null || !n.isIntegralNumber()) {
      return false;
    }
    lastNumber = n.asLong() + shift;
    if (shift == 0) {
      return false;
    }
    data.put("sequence_number", lastNumber);
    return true;
  }

  /** Puts in a content or summary part the text sent for it, if a text was streamed for it. */
  private boolean replacePart(JsonNode part, String item, int index) {
    String[] kind = PARTS.get(part.path("type").asText());
    return kind != null && replace(part, kind[1], new TextKey.Part(item, kind[0], index));
  }

  /** Puts in an output item every text sent for it: its content and summary parts, its arguments, input or code. */
  private boolean replaceItem(JsonNode item) {
    if (!(item instanceof ObjectNode o)) {
      return false;
    }
    String id = o.path("id").asText("");
    boolean changed = false;
    for (String array : List.of("content", "summary")) {
      int index = 0;
      for (JsonNode part : o.path(array)) {
        changed |= replacePart(part, id, index++);
      }
    }
    for (Map.Entry<String, Kind> e : KINDS.entrySet()) {
      if (e.getValue().indexField() == null) {
        changed |= replace(o, e.getValue().doneField(), new TextKey.Part(id, e.getKey(), -1));
      }
    }
    return changed;
  }

  /** Puts {@code holder.field} the text sent for {@code key}, if one was; returns whether it changed. */
  private boolean replace(JsonNode holder, String field, TextKey.Part key) {
    StringBuilder all = sent.get(key);
    if (all == null || !(holder instanceof ObjectNode h) || !h.path(field).isTextual()) {
      return false;
    }
    if (all.toString().equals(h.get(field).asText())) {
      remainder.handled(h.get(field));
      return false;
    }
    h.put(field, all.toString());
    remainder.handled(h.get(field));
    return true;
  }

  @Override
  public List<SseEvent> onEnd(TextStreams streams) {
    lastNumberBefore = lastNumber;
    shiftBefore = shift;
    List<SseEvent> out = drain(streams, true);
    for (TextKey.Part key : List.copyOf(sent.keySet())) {
      TextStream stream = streams.opened(key);
      String held = stream == null ? "" : stream.finish();
      if (!held.isEmpty()) {
        sent.get(key).append(held);
        out.add(added(key, held, MissingNode.getInstance(), streams));
      }
    }
    beside.finish(streams);
    return out;
  }

  @Override
  public boolean ended() {
    return ended;
  }

  @Override
  public void dropped() {
    lastNumber = lastNumberBefore;
    shift = shiftBefore;
  }

  @Override
  public List<SseEvent> error(String type, String code, String message) {
    ObjectNode data = events.object().put("type", "error").put("code", code).put("message", message).putNull("param");
    data.put("sequence_number", lastNumber + 1);
    return List.of(events.event("error", data));
  }
}
