package io.kexin.gateway.inspect;

import io.kexin.gateway.content.TextSegment;
import io.kexin.gateway.detect.Finding;
import io.kexin.gateway.policy.CompiledRule;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Remembers what a list of rules found in a segment's text, so that the history chat and agent clients resend on
 * every call (system prompt, earlier turns, tool results) is scanned once, not on every request; answers, new text
 * each time, are not kept, but the engine keeps their ids and model names in a second, smaller instance (a model name
 * comes back on every answer). An entry is found
 * by a 128-bit keyed hash of the segment's text: SipHash-2-4-128 (SipHash's 128-bit output mode) under a 128-bit key
 * drawn at random when the gateway starts and never stored, with a key of its own per form of segment and per whether
 * payloads were read. SipHash is a pseudorandom function, which is all the cache asks of its key, as it asked of
 * HMAC-SHA256 before: without the key the hash says nothing about the text, and nobody can choose two texts that share
 * an entry; by chance, two of a million entries share a 128-bit tag with odds of about one in 10^27. One SipHash
 * state walks the text, half the work of the two 64-bit SipHash-2-4 states under two keys it replaced. It costs less
 * than half of HMAC-SHA256 on a 300-character text (no MAC object, no byte buffer, no digest array, no fixed cost of
 * two extra SHA-256 blocks), which lets texts down to {@link #MIN_LENGTH} be kept. The cache holds neither the text
 * nor any matched value, only rule positions and findings (spans, entity, score, explanation). An
 * entry serves only the very rule objects that produced it, so a policy reload starts afresh; rules that ask a
 * remote service (a guard model, whose verdicts expire in its own cache) are never kept. Texts shorter than
 * {@link #MIN_LENGTH} are scanned every time.
 *
 * <p>Hand-written rather than a general cache because a miss puts an entry on nearly every request: the table is a
 * fixed array of slots in sets of two, a set chosen by the key's own random bits, so a lookup reads one set and a put
 * replaces the slot of its set used less recently, each touching a cache line or two; a general cache's upkeep on
 * every write (a frequency sketch, access-order queues, buffers drained under a lock) touched several lines all over
 * its memory and cost a few microseconds per request in the proxy. Thread-safe: a slot holds an immutable record of
 * key and entry, read and replaced whole.
 */
public final class SegmentCache {
  /**
   * Shortest text worth a lookup, in UTF-16 units. Scanning a text with the shipped pack costs about 1.3 µs however
   * short it is (each detector's pass has a fixed cost), a lookup about 0.2 µs: so a model name, a short turn or a
   * header value, which come back with every request, is worth keeping; only a few units ("ok", "是的") are not.
   */
  static final int MIN_LENGTH = 4;

  /** Bounds the slots, which are allocated up front: beyond this many a larger setting keeps this many. */
  static final int MAX_SLOTS = 1 << 22;

  /** The slots, set {@code s} at {@code 2s} and {@code 2s + 1} (an odd count leaves the last set one slot). */
  private final AtomicReferenceArray<Slot> slots;
  /** How many sets the slots form. */
  private final int sets;
  /** Per set, which of its two slots was used last (a hint, written without ordering: a lost update costs a miss). */
  private final byte[] lastUsed;
  /** The keyed hash per form of segment and per whether payloads were read: index {@code form << 1 | payloads}. */
  private final SipHash[] hashes;

  /** Holds a segment's 128-bit keyed hash: the tag's first eight bytes in {@code high}, the rest in {@code low}. */
  record Key(long high, long low) {}

  /** Holds one kept segment: its key and its entry. */
  private record Slot(long high, long low, Entry entry) {}

  /** Holds what {@code rules} found: per hit, the position of its rule in {@code rules} and its finding. */
  record Entry(List<CompiledRule> rules, int[] ruleAt, Finding[] findings) {
    /** Says whether this entry was made by exactly these rule objects, in this order. */
    boolean madeBy(List<CompiledRule> other) {
      if (other == rules) {
        return true;
      }
      if (other.size() != rules.size()) {
        return false;
      }
      for (int i = 0; i < rules.size(); i++) {
        if (other.get(i) != rules.get(i)) {
          return false;
        }
      }
      return true;
    }
  }

  /** Creates a cache of at most {@code maxEntries} segments (> 0), and at most {@link #MAX_SLOTS}. */
  public SegmentCache(long maxEntries) {
    if (maxEntries <= 0) {
      throw new IllegalArgumentException("maxEntries: " + maxEntries + " (expected: > 0)");
    }
    int n = (int) Math.min(maxEntries, MAX_SLOTS);
    slots = new AtomicReferenceArray<>(n);
    sets = Math.max(1, n >>> 1);
    lastUsed = new byte[sets];
    SecureRandom random = new SecureRandom();
    hashes = new SipHash[TextSegment.Form.values().length << 1];
    for (int i = 0; i < hashes.length; i++) {
      hashes[i] = new SipHash(random.nextLong(), random.nextLong());
    }
  }

  /**
   * Returns the key under which {@code segment}'s findings are kept, or null when it is too short to cache or is a
   * request's system and user turns read as one ({@link TextSegment.Form#TURNS}: that text ends with the newest
   * message, so it is new on every request, and keeping it would cost a hash and evict texts that do come back);
   * findings that include what the rules found in its encoded payloads ({@code payloads}) are kept apart from those
   * that do not.
   */
  Key keyOf(TextSegment segment, boolean payloads) {
    String text = segment.text();
    if (text.length() < MIN_LENGTH || segment.form() == TextSegment.Form.TURNS
        || segment.form() == TextSegment.Form.SIBLINGS) {
      return null;
    }
    return hashes[segment.form().ordinal() << 1 | (payloads ? 1 : 0)].hash(text);
  }

  /** Returns what {@code rules} found in the segment of {@code key}, or null when it was not kept for them. */
  Entry get(Key key, List<CompiledRule> rules) {
    int set = setOf(key);
    for (int i = set << 1, end = last(set); i <= end; i++) {
      Slot s = slots.getAcquire(i);
      if (s != null && s.high == key.high() && s.low == key.low()) {
        lastUsed[set] = (byte) (i & 1);
        return s.entry.madeBy(rules) ? s.entry : null;
      }
    }
    return null;
  }

  /**
   * Keeps what {@code rules} found in the segment of {@code key}, in the slot of its set that already holds the key,
   * else an empty one, else the one used less recently.
   */
  void put(Key key, List<CompiledRule> rules, int[] ruleAt, Finding[] findings) {
    int set = setOf(key);
    int first = set << 1;
    int end = last(set);
    int at = -1;
    for (int i = first; i <= end && at < 0; i++) {
      Slot s = slots.getAcquire(i);
      at = s == null || s.high == key.high() && s.low == key.low() ? i : -1;
    }
    if (at < 0) {
      at = end == first ? first : first + (1 - lastUsed[set]);
    }
    slots.setRelease(at, new Slot(key.high(), key.low(), new Entry(rules, ruleAt, findings)));
    lastUsed[set] = (byte) (at & 1);
  }

  /** Returns the set of {@code key}: the upper half of its low word, uniform as the hash is, scaled without a division. */
  private int setOf(Key key) {
    return (int) (((key.low() >>> 32) * sets) >>> 32);
  }

  /** Returns the last slot of {@code set}. */
  private int last(int set) {
    return Math.min((set << 1) + 1, slots.length() - 1);
  }

  /** Returns how many segments are kept, for tests. */
  long size() {
    long kept = 0;
    for (int i = 0; i < slots.length(); i++) {
      kept += slots.get(i) == null ? 0 : 1;
    }
    return kept;
  }
}
