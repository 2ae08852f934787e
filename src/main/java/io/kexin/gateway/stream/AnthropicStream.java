package io.kexin.gateway.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.provider.EventFields;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Anthropic message streams: each content block is one text — the initial {@code text} or {@code thinking} of
 * its {@code content_block_start}, then its {@code text_delta.text}, {@code input_json_delta.partial_json} or
 * {@code thinking_delta.thinking}. Held text is emitted in a {@code content_block_delta} of the block's kind just
 * before its {@code content_block_stop}. The text blocks of a message form one run, read joined as well
 * ({@link TextKey#run()}), whatever tool calls or thinking come between them, since the client shows them as one
 * message and a value split across two blocks reaches it whole: a text block's stop, and every event after it, wait
 * until the joined reading has decided the block's text — its own reading holds nothing back, the next text block's
 * text moved past its end, or the message ends. A {@code citations_delta}'s {@code cited_text} and a web search
 * result's {@code title}, which the client shows beside the text, also join the run, aside from the text, when they
 * come. Every other string and key (a tool call's initial input, those two too, a {@code message_start}'s content, an
 * error's message) is inspected whole.
 */
final class AnthropicStream implements StreamShape {
  private static final Map<String, String> TEXT_FIELD = Map.of(
      "text_delta", "text", "input_json_delta", "partial_json", "thinking_delta", "thinking");
  /** The delta type that carries more of a block started with this type, for the block types with initial text. */
  private static final Map<String, String> START_DELTA = Map.of("text", "text_delta", "thinking", "thinking_delta");
  private final JsonEvents events;
  private final Remainder remainder;
  /** Remembers each block's delta type, to wrap its held text. */
  private final Map<Integer, String> blockTypes = new HashMap<>();
  private static final String JSON_DELTA = "input_json_delta";
  /** Per text block, the index of the first text block of its run. */
  private final Map<Integer, Integer> runOf = new HashMap<>();
  /** The run a text block starting now joins: the message's first text block, or -1 before it. */
  private int openRun = -1;
  /** Events waiting behind a text block's stop, in order: an {@link SseEvent} or a {@link HeldStop}. */
  private final ArrayDeque<Object> waiting = new ArrayDeque<>();
  private boolean ended;
  /** The cited texts and search results' titles read in the run so far ({@link #quote}). */
  private final TextsBeside beside = new TextsBeside();
  /** The first index of the texts beside, far past any content block's. */
  private static final int QUOTED = 1 << 24;

  /** A text block's stop, sent once the block's text is decided, after the text it still holds. */
  private record HeldStop(int index, SseEvent stop) {}

  AnthropicStream(ObjectMapper json, EventFields fields) {
    this.remainder = new Remainder(fields);
    this.events = new JsonEvents(json);
  }

  @Override
  public List<SseEvent> onEvent(SseEvent event, TextStreams streams) {
    if (event.data() == null) {
      return List.of(event);
    }
    ObjectNode data = events.object(event);
    String type = data.path("type").asText(event.event() == null ? "" : event.event());
    int index = data.path("index").asInt(0);
    List<SseEvent> out = new ArrayList<>(2);
    boolean changed = false;
    boolean held = false;
    switch (type) {
      case "content_block_start" -> {
        if (data.path("content_block") instanceof ObjectNode block) {
          String blockType = block.path("type").asText();
          if (blockType.equals("text") || blockType.equals("thinking")) {
            joinRun(index);
          } else if (blockType.equals("web_search_tool_result")) {
            for (JsonNode result : block.path("content")) {
              quote(result.get("title"), index, streams);
            }
          }
          String deltaType = START_DELTA.get(blockType);
          if (deltaType != null) {
            changed = feed(block, deltaType.equals("text_delta") ? "text" : "thinking", index, deltaType, streams);
          }
        }
      }
      case "content_block_delta" -> {
        if (data.path("delta") instanceof ObjectNode delta) {
          String deltaType = delta.path("type").asText();
          String field = TEXT_FIELD.get(deltaType);
          if (field != null) {
            changed = feed(delta, field, index, deltaType, streams);
          } else if (deltaType.equals("citations_delta") && delta.path("citation") instanceof ObjectNode citation) {
            quote(citation.get("cited_text"), index, streams);
          }
        }
      }
      case "content_block_stop" -> {
        if (runOf.containsKey(index) && blockTypes.containsKey(index)) {
          held = true;
        } else {
          out.addAll(flush(streams, index));
        }
      }
      case "message_delta" -> {
        openRun = -1;
        out.addAll(drain(streams, true));
      }
      case "message_stop" -> {
        ended = true;
        out.addAll(onEnd(streams));
      }
      default -> { }
    }
    changed |= remainder.inspect(data, streams);
    SseEvent self = changed && "content_block_delta".equals(type) && released(data).isEmpty() ? null
        : events.with(event, data, changed);
    if (held) {
      waiting.addAll(out);
      waiting.add(new HeldStop(index, self));
      return drain(streams, false);
    }
    if (self != null) {
      out.add(self);
    }
    if (waiting.isEmpty()) {
      return out;
    }
    waiting.addAll(out);
    return drain(streams, false);
  }

  /** Notes that the text block at {@code index} starts: it joins the open run, or opens one. */
  private void joinRun(int index) {
    if (!runOf.containsKey(index)) {
      runOf.put(index, openRun >= 0 ? openRun : index);
    }
    openRun = runOf.get(index);
  }

  /**
   * Returns the waiting events that may go now: up to the first held stop whose block's text the joined reading has
   * not decided, or all of them when the run ended ({@code all}), each stop after its block's held text.
   */
  private List<SseEvent> drain(TextStreams streams, boolean all) {
    if (waiting.isEmpty()) {
      return List.of();
    }
    // Sized as it fills: a long wait must not cost a copy of the queue per event.
    List<SseEvent> out = new ArrayList<>();
    while (!waiting.isEmpty()) {
      if (waiting.peekFirst() instanceof HeldStop stop) {
        TextStream stream = streams.opened(key(stop.index(), blockTypes.get(stop.index())));
        if (!all && stream != null && !stream.settled()) {
          break;
        }
        waiting.pollFirst();
        out.addAll(flush(streams, stop.index()));
        out.add(stop.stop());
      } else {
        out.add((SseEvent) waiting.pollFirst());
      }
    }
    return out;
  }

  private TextKey.Block key(int index, String deltaType) {
    return new TextKey.Block(index, JSON_DELTA.equals(deltaType), runOf.getOrDefault(index, -1),
        "thinking_delta".equals(deltaType));
  }

  /** Returns the text a changed content_block_delta still carries. */
  private static String released(ObjectNode data) {
    JsonNode delta = data.path("delta");
    String field = TEXT_FIELD.get(delta.path("type").asText());
    return field == null || delta.size() != 2 ? "-" : delta.path(field).asText("-");
  }

  private boolean feed(ObjectNode holder, String field, int index, String deltaType, TextStreams streams) {
    JsonNode value = holder.get(field);
    if (value == null || !value.isTextual()) {
      return false;
    }
    if (blockTypes.putIfAbsent(index, deltaType) == null) {
      // Text, thinking and tool input are read as one run: the client shows the first two and hands the third's values
      // to a tool, and an agent or a user reads them together.
      joinRun(index);
    }
    String text = value.asText();
    String released = streams.open(key(index, blockTypes.get(index))).feed(text);
    if (released.equals(text)) {
      remainder.handled(value);
      return false;
    }
    holder.put(field, released);
    remainder.handled(holder.get(field));
    return true;
  }

  /** Reads a citation's {@code cited_text} or a search result's {@code title} in the run of block {@code index}. */
  private void quote(JsonNode value, int index, TextStreams streams) {
    if (TextsBeside.readable(value)) {
      joinRun(index);
      int first = runOf.get(index);
      beside.read(value, n -> new TextKey.Block(QUOTED + n, false, first, true), streams);
    }
  }

  @Override
  public List<SseEvent> onEnd(TextStreams streams) {
    List<SseEvent> out = new ArrayList<>(drain(streams, true));
    for (int index : List.copyOf(blockTypes.keySet())) {
      out.addAll(flush(streams, index));
    }
    beside.finish(streams);
    return out;
  }

  @Override
  public boolean ended() {
    return ended;
  }

  private List<SseEvent> flush(TextStreams streams, int index) {
    String deltaType = blockTypes.remove(index);
    TextStream stream = streams.opened(key(index, deltaType));
    String held = stream == null || deltaType == null ? "" : stream.finish();
    if (held.isEmpty()) {
      return List.of();
    }
    ObjectNode data = events.object().put("type", "content_block_delta").put("index", index);
    data.putObject("delta").put("type", deltaType).put(TEXT_FIELD.get(deltaType), held);
    return List.of(events.event("content_block_delta", data));
  }

  @Override
  public List<SseEvent> error(String type, String code, String message) {
    ObjectNode data = events.object().put("type", "error");
    data.putObject("error").put("type", type).put("message", message);
    return List.of(events.event("error", data));
  }
}
