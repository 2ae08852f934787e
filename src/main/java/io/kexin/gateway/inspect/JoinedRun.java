package io.kexin.gateway.inspect;

import io.kexin.gateway.content.TextSegment;
import io.kexin.gateway.provider.ArgumentView;
import io.kexin.gateway.stream.TextStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reads the texts of one run of a streamed answer joined, as the client shows them side by side (a choice's content,
 * refusal and reasoning; an answer's text blocks; a Responses answer's reasoning and message parts), so that a value
 * split across two of them is found as in the whole answer's joined reading. Each text keeps its own
 * {@link TextChannel}, which finds and rewrites what lies inside it; once a second text of the run has text, a joined
 * channel ({@link TextChannel#joined}) reads them all in the order they came, a break ({@link TextSegment#PART_BREAK})
 * wherever the text changes, starting from what the first still held: a match across a break starts where that text's
 * own channel still held it back, as more text could complete it. Texts that interleave (content, reasoning, content)
 * stay in that reading, each switch a break, so a value split at any switch is found, and each text's own channel
 * reads its text across the switches. Each text releases only what the joined reading has decided; a text that
 * finishes before the joined reading decided it ends the run. Once the last break has left what the joined reading
 * holds, it can find nothing more until the next switch, and ends: the next switch starts another, so a long text after
 * a switch is read twice only near it. One instance per run, used from one thread.
 */
final class JoinedRun {
  private final Supplier<TextChannel> reader;
  /** The joined reading, or null while only one text has text or the last break is out of its reach. */
  private TextChannel joined;
  private Member last;
  /** Units of joined text fed so far. */
  private int length;
  /** Where the last break stands in the joined text. */
  private int lastBreak;
  private boolean finished;
  private final List<Member> members = new ArrayList<>(4);
  /** How much of the last shown text is read again after a text aside: the longest match of any rule. */
  private final int keep;
  /** The end of the shown texts (not aside) fed so far, at most twice {@link #keep} units. */
  private final StringBuilder shownTail = new StringBuilder();
  /** The end of every text fed so far, shown and aside (arguments as their values), at most twice {@link #keep} units. */
  private final StringBuilder tail = new StringBuilder();
  /** The text that fed {@link #tail} last, or null. */
  private Member lastFed;
  /** The last shown text that had text, or null. */
  private Member lastShown;
  /** The bridge (see {@link #shown}), the text after its break, where that break stands, and that text's units before. */
  private TextChannel bridge;
  private Member bridgeFor;
  private int bridgeBreak;
  private int bridgeStart;

  /**
   * Creates a run whose joined reading {@code reader} makes when a second text of the run has text; {@code keep} is the
   * longest match of any rule, in units.
   */
  JoinedRun(Supplier<TextChannel> reader, int keep) {
    this.reader = reader;
    this.keep = keep;
  }

  /**
   * Returns a text of this run read by {@code channel}; a tool call's arguments ({@code json}) are read joined as their
   * values ({@link ArgumentView}), and from their first unit on, since the client hands each value to the tool whole.
   * A text {@code aside} (arguments, thinking) is read with the texts either side of it, and those two are read
   * together as well, as if it did not stand between them: the client shows them as one.
   */
  Member member(TextChannel channel, boolean json, boolean aside) {
    Member m = new Member(channel, json ? new ArgumentView() : null, aside);
    members.add(m);
    return m;
  }

  /** Returns the joined reading, or null when none is under way. */
  TextChannel joined() {
    return joined;
  }

  /**
   * Returns the end of the texts fed so far, shown and aside (a tool call's arguments as their values), a break between
   * two: at least {@code keep} units, at most twice.
   */
  String end() {
    return tail.toString();
  }

  /** Returns the reading of a shown text's end with the next shown text across a text aside, or null. */
  TextChannel bridge() {
    return bridge;
  }

  private void append(Member m, String delta) {
    if (delta.isEmpty()) {
      // An empty delta shows nothing: it is no switch of text, which a break would make one.
      return;
    }
    if (lastFed != m && lastFed != null) {
      tail.append(TextSegment.PART_BREAK);
    }
    tail.append(delta);
    if (tail.length() > 2 * keep) {
      tail.delete(0, tail.length() - keep);
    }
    lastFed = m;
    if (finished) {
      return;
    }
    if (!m.aside) {
      shown(m, delta);
    }
    if (m.aside && last != null && last != m && !last.aside && last.cap < 0) {
      // Aside from a shown text: what that text's own reading still holds waits for the next shown text (or the end).
      last.cap = last.fed - last.channel.pendingChars();
      last.bridged = false;
    }
    if (joined == null) {
      if ((last == null || last == m) && m.view == null) {
        last = m;
        return;
      }
      // Arguments are read joined from their first unit: the end of a value ends no match of the text beside it.
      joined = reader.get();
      String seed = last == null || last == m ? "" : last.held();
      if (!seed.isEmpty()) {
        last.span(0, last.fed - seed.length(), seed.length());
      }
      length = seed.length();
      lastBreak = length;
      joined.feed(last == null || last == m ? delta : seed + TextSegment.PART_BREAK + delta);
      length += last == null || last == m ? 0 : 1;
    } else if (m != last) {
      lastBreak = length;
      joined.feed(TextSegment.PART_BREAK + delta);
      length++;
    } else {
      joined.feed(delta);
    }
    m.span(length, m.fed, delta.length());
    length += delta.length();
    last = m;
    if (m.view == null && length - joined.heldLength() > lastBreak && joined.blockedBy() == null
        && joined.failedRule() == null && !joined.overflowed() && !capped()) {
      // The last break left what the joined reading holds: it released everything before it, and it counts only
      // findings across a break, so until the next switch it could find nothing more. It ends, and the next switch
      // starts a new one from what the last text still holds, as the first did: a long text then costs one reading.
      joined = null;
      for (Member each : members) {
        each.first = 0;
        each.count = 0;
        each.before = 0;
        // The texts before the break are decided: the joined reading released all of them.
        each.decided = each == m ? each.decided : each.fed;
      }
    }
  }

  /**
   * Notes {@code delta} of shown text {@code m}. Back from a text aside, a shown text that waits for the next one (see
   * {@link Member#cap}) is its own continuation, whose own reading reads on, or another text's end: then that end and
   * this text are read together in a reading of their own, the bridge, until it has decided past the break between
   * them, and each lets go only what the bridge decided.
   */
  private void shown(Member m, String delta) {
    boolean back = last != null && last != m && last.aside;
    String tail = shownTail.toString();
    if (lastShown != m && lastShown != null) {
      shownTail.append(TextSegment.PART_BREAK);
    }
    shownTail.append(delta);
    if (shownTail.length() > 2 * keep) {
      shownTail.delete(0, shownTail.length() - keep);
    }
    lastShown = m;
    if (bridge != null && bridgeFor == m && !back) {
      bridge.feed(delta);
      endBridge();
      return;
    }
    if (!back) {
      return;
    }
    boolean waits = false;
    for (Member each : members) {
      if (each.cap >= 0 && !each.bridged) {
        if (each == m) {
          each.cap = -1;
        } else {
          each.bridged = true;
          waits = true;
        }
      }
    }
    if (!waits || tail.isEmpty()) {
      releaseBridged();
      return;
    }
    if (bridge != null) {
      bridge.finish();
      if (bridge.blockedBy() != null || bridge.failedRule() != null || bridge.overflowed()) {
        // It stopped the stream: it stays, so that the stream notes it.
        return;
      }
    }
    bridge = reader.get();
    bridgeFor = m;
    bridgeBreak = tail.length();
    bridgeStart = m.fed;
    bridge.feed(tail + TextSegment.PART_BREAK + delta);
    endBridge();
  }

  /** Ends the bridge once it decided past its break (nothing across it is left to find), and lets its texts go. */
  private void endBridge() {
    if (bridge.released() > bridgeBreak && bridge.blockedBy() == null && bridge.failedRule() == null
        && !bridge.overflowed()) {
      bridge = null;
      bridgeFor = null;
      releaseBridged();
    }
  }

  private void releaseBridged() {
    for (Member each : members) {
      if (each.bridged) {
        each.cap = -1;
        each.bridged = false;
      }
    }
  }

  /** Says whether a shown text still waits for the next one (see {@link Member#cap}). */
  private boolean capped() {
    for (Member each : members) {
      if (each.cap >= 0) {
        return true;
      }
    }
    return false;
  }

  private void finish() {
    if (!finished) {
      finished = true;
      if (joined != null) {
        joined.finish();
      }
      if (bridge != null) {
        bridge.finish();
      }
    }
  }

  /** One text of the run: its own channel, released as far as the joined reading allows. */
  final class Member implements TextStream {
    private final TextChannel channel;
    /** Units of this text fed so far. */
    private int fed;
    /**
     * Per piece of joined text from this one not yet wholly decided, from index {@link #first}: where it starts in the
     * joined text, in this text, and its length; a piece that continues the one before in both is merged into it.
     */
    private int[] spans = new int[0];
    private int first;
    private int count;
    /** Units of this text before the first piece still listed: decided, or fed before the joined reading began. */
    private long before;
    /** Units of this text a joined reading that has ended decided. */
    private int decided;

    /** Reads a tool call's arguments as their values, or null for a text read as it is. */
    private final ArgumentView view;
    /** The view of the arguments' last units, at least as many as {@link #channel} holds. */
    private final StringBuilder shown;

    /** Whether this text stands aside from the shown texts of the run (see {@link #member}). */
    private final boolean aside;
    /**
     * Units of this shown text let go while what its own reading held when a text aside followed it waits for the next
     * shown text, or -1; {@code bridged} once the bridge reads its end with that text (see {@link #shown}).
     */
    private int cap = -1;
    private boolean bridged;

    private Member(TextChannel channel, ArgumentView view, boolean aside) {
      this.channel = channel;
      this.view = view;
      this.aside = aside;
      this.shown = view == null ? null : new StringBuilder();
    }

    /** Returns what this text's channel holds, as the joined reading reads it. */
    private String held() {
      String held = channel.heldText();
      return view == null ? held : shown.substring(shown.length() - held.length());
    }

    @Override
    public String feed(String delta) {
      if (view != null) {
        String seen = view.of(delta);
        shown.append(seen);
        append(this, seen);
      } else {
        append(this, delta);
      }
      fed += delta.length();
      channel.limit(allowed());
      String released = channel.feed(delta);
      if (view != null && shown.length() > 2 * channel.heldLength() + 8192) {
        shown.delete(0, shown.length() - channel.heldLength() - 4096);
      }
      return released;
    }

    @Override
    public String finish() {
      if (!settled()) {
        // It ends before the joined reading decided all of it: the run ends here.
        JoinedRun.this.finish();
      }
      channel.limit(Integer.MAX_VALUE);
      return channel.finish();
    }

    @Override
    public boolean settled() {
      if (joined == null && !finished && cap < 0 && (bridge == null || bridgeFor != this)) {
        // Read alone so far: what its own channel released no later text can take into a match (the channel released
        // it because no match can start there), so only text it still holds waits for the next text, unless a joined
        // reading decided it before it ended.
        return fed <= decided || channel.pendingChars() == 0;
      }
      return finished || allowed() >= fed;
    }

    @Override
    public int pending() {
      return channel.pendingChars();
    }

    /**
     * Returns how many units of this text the joined reading lets go: those it has decided, and those before it.
     * Pieces wholly decided are folded into {@link #before}, so that each call reads only the pieces still open.
     */
    private int allowed() {
      if (finished) {
        return Integer.MAX_VALUE;
      }
      int allowed = cap >= 0 ? Math.min(cap, regular()) : regular();
      if (bridge != null && bridgeFor == this) {
        allowed = Math.min(allowed, bridgeStart + Math.max(0, bridge.released() - bridgeBreak - 1));
      }
      return allowed;
    }

    /** Returns how many units of this text the joined reading lets go, as if it waited for no later shown text. */
    private int regular() {
      if (joined == null || count == 0) {
        return Integer.MAX_VALUE;
      }
      int decided = joined.released();
      while (first < count && decided >= spans[first] + spans[first + 2]) {
        before = spans[first + 1] + (long) spans[first + 2];
        first += 3;
      }
      long allowed = before;
      if (first < count) {
        allowed = Math.max(allowed, spans[first + 1]);
        for (int i = first; i < count; i += 3) {
          allowed += Math.max(0, Math.min(spans[i + 2], decided - spans[i]));
        }
      }
      return (int) Math.min(Integer.MAX_VALUE, allowed);
    }

    private void span(int joinedStart, int start, int units) {
      if (count > first && spans[count - 3] + spans[count - 1] == joinedStart
          && spans[count - 2] + spans[count - 1] == start) {
        spans[count - 1] += units;
        return;
      }
      if (first > 0 && first == count) {
        first = 0;
        count = 0;
      }
      if (count + 3 > spans.length) {
        if (first > 0) {
          System.arraycopy(spans, first, spans, 0, count - first);
          count -= first;
          first = 0;
        }
        if (count + 3 > spans.length) {
          spans = Arrays.copyOf(spans, Math.max(6, spans.length * 2));
        }
      }
      spans[count++] = joinedStart;
      spans[count++] = start;
      spans[count++] = units;
    }
  }
}
