package io.kexin.gateway.inspect;

import io.kexin.gateway.content.Replacement;
import io.kexin.gateway.content.Role;
import io.kexin.gateway.content.TextSegment;
import io.kexin.gateway.document.FileReading;
import io.kexin.gateway.policy.CompiledPolicy;
import io.kexin.gateway.policy.CompiledRule;
import io.kexin.gateway.policy.Direction;
import io.kexin.gateway.stream.SseEvent;
import io.kexin.gateway.stream.SseException;
import io.kexin.gateway.stream.StreamShape;
import io.kexin.gateway.stream.TextKey;
import io.kexin.gateway.stream.TextStream;
import io.kexin.gateway.stream.TextStreams;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Inspects one streamed response: the provider's shape finds the text deltas, each text gets its own hold-back
 * {@link TextChannel}, every other string is inspected whole in a channel of its own, and the first block, failed
 * detector, overflow or unreadable event stops the stream: nothing of the upstream event that stopped it goes out,
 * only the provider's own error event, which is always the last event. A stream that ends without its terminal
 * event gets its held text (inspected) and then that error too. One instance per response, used from one thread.
 */
final class StreamInspection implements TextStreams {
  private final StreamShape shape;
  private final List<CompiledPolicy> policies;
  private final PolicyEngine engine;
  private final PseudonymVault vault;
  private final int window;
  private final int maxHeld;
  private final Map<TextKey, TextChannel> channels = new HashMap<>();
  /** The text streams handed out: a channel, or a text of a run read joined with others ({@link JoinedRun}). */
  private final Map<TextKey, TextStream> streams = new HashMap<>();
  private final Map<TextKey.Run, JoinedRun> runs = new HashMap<>();
  private final List<Hit> hits = new ArrayList<>();
  /** The rules that failed where their policy's {@code onError} allows it: the text passed without them. */
  private final List<CompiledRule> failures = new ArrayList<>();
  private Hit block;
  private CompiledRule failed;
  private String failure;
  /** How the stream's images are read, or null when they are not. */
  private final StreamImages images;
  /** Whether an image went out unread (OCR off, or an unreadable one let pass): noted once per stream. */
  private boolean unreadNoted;

  /**
   * Holds what reading a stream's images needs: the reader, what decides a verdict ({@code scope}), the recorder,
   * and where an image that went out unread is noted (in words that never quote it).
   */
  record StreamImages(ImageSegments reader, String scope, DecisionRecorder recorder, Consumer<String> unread) {}

  StreamInspection(StreamShape shape, List<CompiledPolicy> policies, PolicyEngine engine, PseudonymVault vault,
      int window, int maxHeld) {
    this(shape, policies, engine, vault, window, maxHeld, null);
  }

  StreamInspection(StreamShape shape, List<CompiledPolicy> policies, PolicyEngine engine, PseudonymVault vault,
      int window, int maxHeld, StreamImages images) {
    this.shape = shape;
    this.policies = policies;
    this.engine = engine;
    this.vault = vault;
    this.window = window;
    this.maxHeld = maxHeld;
    this.images = images;
  }

  /** Returns the events to send for one upstream event. */
  List<SseEvent> onEvent(SseEvent event) {
    if (stopped()) {
      return List.of();
    }
    try {
      return checked(shape.onEvent(event, this));
    } catch (SseException e) {
      failure = "the upstream sent " + e.getMessage() + ", which the gateway cannot inspect";
      return checked(List.of());
    }
  }

  /**
   * Returns the events that carry held text at the end of the upstream stream, followed by the provider's error
   * when the upstream ended (or broke off) before the event that ends its stream.
   */
  List<SseEvent> onEnd() {
    if (stopped()) {
      return List.of();
    }
    List<SseEvent> held = checked(shape.onEnd(this));
    if (stopped() || shape.ended()) {
      return held;
    }
    failure = "the upstream ended the stream before its last event";
    List<SseEvent> out = new ArrayList<>(held);
    out.addAll(error());
    return out;
  }

  /** Says whether the stream was stopped. */
  boolean stopped() {
    return block != null || failed != null || failure != null;
  }

  /** Returns what the stream's policies decided, for the audit. */
  Outcome outcome() {
    List<CompiledRule> errors = new ArrayList<>(failures);
    if (failed != null) {
      errors.add(failed);
    }
    return new Outcome(hits, List.<Replacement>of(), block, failed, errors);
  }

  @Override
  public TextStream open(TextKey key) {
    TextStream stream = streams.get(key);
    return stream != null ? stream : opening(key, hits);
  }

  @Override
  public TextStream beside(TextKey key) {
    TextStream stream = streams.get(key);
    // Its findings are those of the whole reading of the same text: kept apart, they are not counted twice.
    return stream != null ? stream : opening(key, new ArrayList<>());
  }

  private TextStream opening(TextKey key, List<Hit> found) {
    if (key.seam()) {
      TextChannel seam = TextChannel.joined(policies, engine, vault, window, maxHeld, hits, failures);
      channels.put(key, seam);
      streams.put(key, seam);
      return seam;
    }
    TextChannel channel = new TextChannel(policies, engine, vault, window, maxHeld, found, failures, key.json());
    if (key.rewriteBlocks()) {
      channel.blockingRewrites();
    }
    channels.put(key, channel);
    TextKey.Run run = key.run();
    TextStream stream = run == null ? channel : runs.computeIfAbsent(run, r -> new JoinedRun(
        () -> TextChannel.joined(policies, engine, vault, window, maxHeld, hits, failures), window)).member(channel,
        key.json(), key.aside());
    streams.put(key, stream);
    return stream;
  }

  @Override
  public TextStream opened(TextKey key) {
    return streams.get(key);
  }

  @Override
  public String runEnd(TextKey.Run run, String before) {
    JoinedRun joined = runs.get(run);
    String end = joined == null ? "" : joined.end();
    String all = before.isEmpty() ? end : end.isEmpty() ? before : before + TextSegment.PART_BREAK + end;
    return all.length() <= 2 * window ? all : all.substring(all.length() - 2 * window);
  }

  @Override
  public int maxHeld() {
    return maxHeld;
  }

  @Override
  public void refuse(String reason) {
    if (failure == null) {
      failure = reason;
    }
  }

  @Override
  public String whole(String text) {
    return whole(text, false);
  }

  @Override
  public String identifier(String text) {
    return whole(text, true);
  }

  /**
   * Reads an image an event carries, with OCR when it is on: its drawn text is inspected whole by the answer's rules,
   * and a finding that would rewrite it stops the stream as a block does (an image cannot be rewritten); an image that
   * cannot be read stops it unless {@code limits.images.unreadable} is {@code pass}. An image found clean is remembered
   * as in whole bodies, so the final image that an item's done event and the completed response repeat is read once.
   * With OCR off the image is noted as uninspected and its string is read as text, as before.
   */
  @Override
  public String image(String value, byte[] bytes) {
    if (stopped()) {
      return "";
    }
    if (images == null || !images.reader().reads()) {
      if (images != null && bytes.length > 0) {
        noteUnread("an image in a streamed answer (OCR is off)");
      }
      return null;
    }
    FileReading reading = images.reader().readStreamed(bytes, images.scope(), images.recorder());
    if (reading == null) {
      return value;
    }
    if (!reading.read()) {
      if (images.reader().refusesUnreadable()) {
        failure = "the upstream sent an image that " + reading.unreadable() + ", which the gateway cannot inspect";
        return "";
      }
      noteUnread("an image in a streamed answer that " + reading.unreadable());
      return value;
    }
    int before = hits.size();
    TextChannel channel = new TextChannel(policies, engine, vault, window, Math.max(maxHeld, reading.text().length()),
        hits, failures, false).blockingRewrites();
    channel.feed(reading.text());
    channel.finish();
    note(channel);
    if (stopped()) {
      return "";
    }
    if (hits.size() == before) {
      images.reader().clean(bytes, images.scope());
    }
    return value;
  }

  private void noteUnread(String what) {
    if (!unreadNoted) {
      unreadNoted = true;
      images.unread().accept(what);
    }
  }

  /** Inspects a whole text; a {@code local} one only with the rules that ask no remote service. */
  private String whole(String text, boolean local) {
    if (stopped()) {
      return "";
    }
    // Bounded by the event's own size, which the decoder caps: a whole text needs no safe point.
    int held = Math.max(maxHeld, text.length());
    TextChannel channel = local ? TextChannel.local(policies, engine, vault, window, held, hits, failures)
        : new TextChannel(policies, engine, vault, window, held, hits, failures, false);
    String sent = channel.feed(text);
    sent += channel.finish();
    note(channel);
    return stopped() ? "" : sent;
  }

  private void note(TextChannel c) {
    if (block == null && c.blockedBy() != null) {
      block = c.blockedBy();
    }
    if (failed == null && c.failedRule() != null) {
      failed = c.failedRule();
    }
    if (failure == null && c.overflowed()) {
      failure = "the response held more than " + maxHeld + " characters of one text without a safe point";
    }
  }

  /** Returns the characters of streamed text held back for inspection, over every text of the stream. */
  int heldChars() {
    int held = 0;
    for (TextChannel c : channels.values()) {
      held += c.pendingChars();
    }
    return held;
  }

  /** Returns {@code events} while the stream runs; once stopped, only the error: nothing of the stopping event. */
  private List<SseEvent> checked(List<SseEvent> events) {
    for (TextChannel c : channels.values()) {
      note(c);
    }
    for (JoinedRun r : runs.values()) {
      if (r.joined() != null) {
        note(r.joined());
      }
      if (r.bridge() != null) {
        note(r.bridge());
      }
    }
    if (!stopped()) {
      return events;
    }
    shape.dropped();
    return error();
  }

  private List<SseEvent> error() {
    List<SseEvent> out = new ArrayList<>(2);
    if (block != null) {
      out.addAll(shape.error("invalid_request_error", "content_policy_violation", "response blocked by policy rule "
          + block.rule().id() + (block.rule().message() == null ? "" : ": " + block.rule().message())));
    } else if (failed != null) {
      out.addAll(shape.error("api_error", "policy_error", "policy '" + failed.policy() + "' could not be applied"
          + " (rule " + failed.id() + " failed), so the response was stopped as the policy declares"));
    } else {
      out.addAll(shape.error("api_error", "stream_inspection_failed", failure + "; the response was stopped"));
    }
    return out;
  }

  /**
   * Returns the hold-back window for these policies: the longest response-rule match, plus one, among the rules that
   * do not bound their matches in letters (those are bounded by {@link TextChannel} itself).
   */
  static int window(List<CompiledPolicy> policies) {
    long longest = 0;
    for (CompiledPolicy p : policies) {
      for (CompiledRule r : p.rules()) {
        if (r.appliesTo(Direction.RESPONSE, Role.ASSISTANT) && r.detector().maxMatchLetters() < 0) {
          longest = Math.max(longest, r.detector().maxMatchLength());
        }
      }
    }
    return (int) Math.min(Integer.MAX_VALUE - 1, longest) + 1;
  }
}
