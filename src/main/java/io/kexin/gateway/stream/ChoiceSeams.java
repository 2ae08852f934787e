package io.kexin.gateway.stream;

import io.kexin.gateway.content.TextSegment;
import io.kexin.gateway.provider.ArgumentView;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the choices of a streamed chat answer with {@code n > 1} as a client shows them, one after the other or side
 * by side: the end of the texts (content, refusal, reasoning, audio transcript, and tool call arguments as their
 * values) of the choices before a choice is read with the start of that choice's ({@link TextKey.Seam}), so that a
 * value split between choice 0 and choice 1 stops the stream before the piece that completes it goes out. A choice
 * whose index never comes (0, then 2) is waited for until the answer ends, and the choices after it with it: the
 * provider never skips one, and any order of arrival is the provider's to choose, so no arrival tells a gap from a
 * choice still to come; waiting is bounded like any other. Each later choice's chunks wait until every choice before it has ended
 * and that reading has decided past the break between them; choice 0 never waits, and a stream of one choice passes
 * through untouched. What waits is bounded: the waiting choices' shown text by {@link TextStreams#maxHeld()}, their
 * chunks by {@link #EVENT_FACTOR} times that in characters of JSON; beyond it the stream stops with the provider's
 * error. One per stream, used from one thread.
 */
final class ChoiceSeams {
  /** How many characters of waiting chunks' JSON are allowed per character of text one text may hold back. */
  static final int EVENT_FACTOR = 64;
  /** The index that events naming no choice (a usage chunk, an error chunk) wait behind: every choice. */
  static final int AFTER_ALL = Integer.MAX_VALUE;

  private final TreeMap<Integer, Choice> choices = new TreeMap<>();
  /** The view of each tool call's arguments of a later choice, by choice and call. */
  private final Map<Long, ArgumentView> views = new HashMap<>();
  /** Events that name no choice, sent once no choice waits. */
  private final ArrayDeque<SseEvent> last = new ArrayDeque<>();
  /** Whether a choice other than 0 was seen: until then nothing waits. */
  private boolean several;
  private long heldText;
  private long heldJson;
  private boolean refused;
  /** The index up to which every choice was seen and ended, as the last {@link #advance} found. */
  private int endedBefore;

  /** One choice: whether it ended, its waiting chunks, and the reading of its start with the choices before it. */
  private static final class Choice {
    private boolean ended;
    /** The shown text fed while the choices before it stream, or null once the seam reads it. */
    private StringBuilder head = new StringBuilder();
    private String field;
    private TextStream seam;
    /** Units of the seam's text fed, and where its break stands. */
    private int fed;
    private int breakAt;
    private boolean decided;
    /** The end of the shown texts of this choice and those before it, once it ended and they did. */
    private String end;
    private final ArrayDeque<SseEvent> events = new ArrayDeque<>();
  }

  /** Says whether nothing waits and no choice but 0 was seen: the stream is read as one choice. */
  boolean idle() {
    return !several;
  }

  /**
   * Notes {@code text} of the field {@code field} of choice {@code index} (a shown text, a transcript, or the view of a
   * tool call's arguments), as the upstream sent it.
   */
  void shown(int index, String field, String text, TextStreams streams) {
    if (index <= 0 || text.isEmpty()) {
      return;
    }
    boolean first = !several;
    several = true;
    Choice c = choice(index);
    if (c.decided) {
      return;
    }
    String piece = c.field != null && !c.field.equals(field) ? TextSegment.PART_BREAK + text : text;
    c.field = field;
    if (c.seam == null) {
      c.head.append(piece);
      heldText += piece.length();
      if (heldText > streams.maxHeld()) {
        refuse(streams, "the response held more than " + streams.maxHeld() + " characters of later choices while an"
            + " earlier choice streamed");
      } else if (first || index <= endedBefore) {
        // Every choice before it has ended: its seam opens now.
        advance(streams, false);
      }
      return;
    }
    c.seam.feed(piece);
    c.fed += piece.length();
    settle(c);
  }

  /**
   * Notes the piece {@code raw} of the arguments of tool call {@code call} of choice {@code index}, as the upstream
   * sent it: read as the values the tool receives ({@link ArgumentView}).
   */
  void arguments(int index, int call, String raw, TextStreams streams) {
    if (index <= 0 || raw.isEmpty()) {
      return;
    }
    ArgumentView view = views.computeIfAbsent((long) index << 32 | call & 0xFFFFFFFFL, k -> new ArgumentView());
    shown(index, "tool_calls/" + call, view.of(raw), streams);
  }

  /**
   * Stops the stream when a chunk names the negative choice {@code index}: no provider numbers a choice so, and a client
   * may show it before choice 0, or in a choice's place, where no seam reads it.
   */
  void named(int index, TextStreams streams) {
    if (index < 0) {
      refuse(streams, "the upstream sent a choice with a negative index");
    }
  }

  /** Notes that choice {@code index} ended (its held text was flushed). */
  void ended(int index, TextStreams streams) {
    if (index != 0) {
      several = true;
    }
    choice(index).ended = true;
    if (several) {
      // Its end may open the next choice's seam, or end its own.
      advance(streams, false);
    }
  }

  /**
   * Returns the events to send now of {@code out}, the events of one upstream chunk whose highest choice is
   * {@code index} ({@link #AFTER_ALL} for none), and of those that waited and may go now.
   */
  List<SseEvent> route(List<SseEvent> out, int index, TextStreams streams) {
    if (!several) {
      return out;
    }
    if (index == 0 && last.isEmpty() && !waiting()) {
      return out;
    }
    if (index == AFTER_ALL) {
      last.addAll(out);
    } else {
      choice(index).events.addAll(out);
    }
    for (SseEvent e : out) {
      heldJson += e.data() == null ? 0 : e.data().length();
    }
    List<SseEvent> sent = drain();
    if (heldJson > (long) EVENT_FACTOR * streams.maxHeld()) {
      refuse(streams, "the response held more than " + (long) EVENT_FACTOR * streams.maxHeld() + " characters of"
          + " later choices' chunks while an earlier choice streamed");
    }
    return sent;
  }

  /** Ends every choice (the stream ends): reads what is left of each seam and returns every waiting event, in order. */
  List<SseEvent> end(List<SseEvent> out, TextStreams streams) {
    if (!several) {
      return out;
    }
    for (Choice c : choices.values()) {
      c.ended = true;
    }
    advance(streams, true);
    last.addAll(out);
    return drain();
  }

  private Choice choice(int index) {
    Choice c = choices.get(index);
    if (c == null) {
      c = new Choice();
      choices.put(index, c);
    }
    return c;
  }

  /**
   * Opens the seam of each choice whose choices before it all ended, in order, and ends the seam of a choice that
   * ended; {@code all}: the answer ended, and a choice never seen is no longer waited for.
   */
  private void advance(TextStreams streams, boolean all) {
    String before = "";
    int expected = 0;
    for (Map.Entry<Integer, Choice> e : choices.entrySet()) {
      int index = e.getKey();
      Choice c = e.getValue();
      if (index != expected && !all) {
        // A choice before it was never seen: until the answer ends it may still come.
        return;
      }
      expected = index + 1;
      endedBefore = index;
      if (index > 0 && c.seam == null && !c.decided) {
        open(index, c, before, streams);
      }
      if ((all || c.ended) && c.seam != null && !c.decided) {
        c.seam.finish();
        c.decided = true;
      }
      if (!c.ended) {
        return;
      }
      if (c.end == null) {
        c.end = streams.runEnd(new TextKey.Run("choice", index), before);
      }
      before = c.end;
      endedBefore = index + 1;
    }
  }

  private void open(int index, Choice c, String before, TextStreams streams) {
    String head = c.head.toString();
    heldText -= head.length();
    c.head = null;
    if (before.isEmpty() || head.isEmpty() && c.ended) {
      c.decided = true;
      return;
    }
    c.seam = streams.open(new TextKey.Seam(index));
    c.breakAt = before.length();
    String text = before + TextSegment.PART_BREAK + head;
    c.seam.feed(text);
    c.fed = text.length();
    settle(c);
  }

  /** Marks the seam decided once its reading released past the break: nothing across it is left to find. */
  private void settle(Choice c) {
    if (c.fed - c.seam.pending() > c.breakAt) {
      c.seam.finish();
      c.decided = true;
    }
  }

  private boolean waiting() {
    for (Choice c : choices.values()) {
      if (!c.events.isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** Returns the waiting events that may go: each choice's once its seam is decided, in order; then the rest. */
  private List<SseEvent> drain() {
    List<SseEvent> out = new ArrayList<>();
    boolean blocked = false;
    for (Map.Entry<Integer, Choice> e : choices.entrySet()) {
      Choice c = e.getValue();
      if (e.getKey() <= 0 || c.decided) {
        take(c.events, out);
      } else {
        blocked = true;
      }
    }
    if (!blocked) {
      take(last, out);
    }
    return out;
  }

  private void take(ArrayDeque<SseEvent> from, List<SseEvent> to) {
    while (!from.isEmpty()) {
      SseEvent e = from.pollFirst();
      heldJson -= e.data() == null ? 0 : e.data().length();
      to.add(e);
    }
  }

  private void refuse(TextStreams streams, String reason) {
    if (!refused) {
      refused = true;
      streams.refuse(reason);
    }
  }
}
