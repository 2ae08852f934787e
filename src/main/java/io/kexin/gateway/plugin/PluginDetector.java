package io.kexin.gateway.plugin;

import java.util.List;

/**
 * Finds one kind of content in a text. Same contract as the gateway's own detectors: immutable, thread-safe, never
 * blocks, bounded in time (the gateway gives up on a call past its time budget and applies the policy's
 * {@code onError}), offsets index the text it was given in UTF-16 code units ({@link String} indexes).
 */
public interface PluginDetector {
  /** Returns the matches in {@code text}; an empty list when there are none. */
  List<Match> scan(String text);

  /**
   * Returns the longest match this detector can report, in UTF-16 code units, counting whatever it reads after a
   * match (a boundary character, a context word); a streamed response is held back by that much for it. At most
   * 16384 for a rule that applies to responses.
   */
  int maxMatchLength();
}
