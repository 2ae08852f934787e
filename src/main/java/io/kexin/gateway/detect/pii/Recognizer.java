package io.kexin.gateway.detect.pii;

import java.util.List;

/**
 * Recognizes one entity among the candidates of the shared digit/alnum pass: candidate patterns, a validator
 * and context words, in the shape of a Presidio recognizer. Implementations are immutable and thread-safe.
 */
interface Recognizer {

  /** Returns the entity name, e.g. {@code CN_ID_CARD}. */
  String entity();

  /**
   * Returns whether a candidate of {@code length} characters in {@code groups} groups, starting with a letter
   * or not, with a {@code +} or {@code (} sign or not, may be this entity; a cheap filter before {@link #match}.
   */
  boolean mayMatch(int length, int groups, boolean letterFirst, boolean signed);

  /** Returns the match for {@code candidate}, or null when no pattern of this entity fits it. */
  Match match(Candidate candidate);

  /** Returns the lower-case context words, Chinese and English, that raise the score when found just before. */
  List<String> contextWords();
}
