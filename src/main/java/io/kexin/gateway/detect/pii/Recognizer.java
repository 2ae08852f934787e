package io.kexin.gateway.detect.pii;

import java.util.List;

/**
 * Recognizes one entity among the candidates of the shared digit/alnum pass: candidate patterns, a validator
 * and context words, in the shape of a Presidio recognizer. Implementations are immutable and thread-safe.
 */
interface Recognizer {

  /** Returns the entity name, e.g. {@code CN_ID_CARD}. */
  String entity();

  /** Returns the match for {@code candidate}, or null when no pattern of this entity fits it. */
  Match match(Candidate candidate);

  /** Returns the lower-case context words, Chinese and English, that raise the score when found just before. */
  List<String> contextWords();
}
