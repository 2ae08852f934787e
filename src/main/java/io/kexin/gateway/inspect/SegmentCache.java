package io.kexin.gateway.inspect;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.kexin.gateway.content.TextSegment;
import io.kexin.gateway.detect.Finding;
import io.kexin.gateway.policy.CompiledRule;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Remembers what a list of rules found in a segment's text, so that the history chat and agent clients resend on
 * every call (system prompt, earlier turns, tool results) is scanned once, not on every request. An entry is found
 * by 128 bits of an HMAC-SHA256 of the segment's form and text under a key drawn at random when the gateway starts
 * and never stored: the cache holds neither the text nor any matched value, only rule positions and findings
 * (spans, entity, score, explanation), and nobody who does not know the key can make two texts share an entry. An
 * entry serves only the very rule objects that produced it, so a policy reload starts afresh; rules that ask a
 * remote service (a guard model, whose verdicts expire in its own cache) are never kept. Texts shorter than
 * {@link #MIN_LENGTH} are scanned every time: they cost less to scan than to look up. Thread-safe.
 */
public final class SegmentCache {
  /** Shortest text worth a lookup, in UTF-16 units. */
  static final int MIN_LENGTH = 256;
  private static final String ALGORITHM = "HmacSHA256";
  /** Units hashed per update: the text goes through a small per-thread buffer instead of a copy of it. */
  private static final int CHUNK = 2048;

  private final Cache<Key, Entry> entries;
  private final SecretKeySpec key;
  private final ThreadLocal<Hasher> hashers;

  /** Holds one thread's MAC and the buffer the text's units pass through on their way to it. */
  private record Hasher(Mac mac, byte[] buffer) {}

  /** Holds the first 128 bits of a segment's keyed hash. */
  record Key(long high, long low) {}

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

  /** Creates a cache of at most {@code maxEntries} segments (> 0). */
  public SegmentCache(long maxEntries) {
    if (maxEntries <= 0) {
      throw new IllegalArgumentException("maxEntries: " + maxEntries + " (expected: > 0)");
    }
    entries = Caffeine.newBuilder().maximumSize(maxEntries).build();
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    key = new SecretKeySpec(secret, ALGORITHM);
    hashers = ThreadLocal.withInitial(this::newHasher);
  }

  private Hasher newHasher() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return new Hasher(mac, new byte[2 * CHUNK]);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /**
   * Returns the key under which {@code segment}'s findings are kept, or null when it is too short to cache; findings
   * that include what the rules found in its encoded payloads ({@code payloads}) are kept apart from those that do
   * not.
   */
  Key keyOf(TextSegment segment, boolean payloads) {
    String text = segment.text();
    if (text.length() < MIN_LENGTH) {
      return null;
    }
    Hasher hasher = hashers.get();
    Mac mac = hasher.mac();
    byte[] buffer = hasher.buffer();
    mac.update((byte) (segment.form().ordinal() << 1 | (payloads ? 1 : 0)));
    // UTF-16 units as they are, little-endian: an encoding that maps every unit sequence, unpaired surrogates
    // included, apart.
    for (int from = 0; from < text.length(); from += CHUNK) {
      int to = Math.min(text.length(), from + CHUNK);
      for (int i = from, b = 0; i < to; i++, b += 2) {
        char c = text.charAt(i);
        buffer[b] = (byte) c;
        buffer[b + 1] = (byte) (c >>> 8);
      }
      mac.update(buffer, 0, 2 * (to - from));
    }
    byte[] digest = mac.doFinal();
    ByteBuffer d = ByteBuffer.wrap(digest);
    return new Key(d.getLong(), d.getLong());
  }

  /** Returns what {@code rules} found in the segment of {@code key}, or null when it was not kept for them. */
  Entry get(Key key, List<CompiledRule> rules) {
    Entry e = entries.getIfPresent(key);
    return e != null && e.madeBy(rules) ? e : null;
  }

  /** Keeps what {@code rules} found in the segment of {@code key}. */
  void put(Key key, List<CompiledRule> rules, int[] ruleAt, Finding[] findings) {
    entries.put(key, new Entry(rules, ruleAt, findings));
  }

  /** Returns how many segments are kept, for tests and metrics. */
  long size() {
    entries.cleanUp();
    return entries.estimatedSize();
  }
}
