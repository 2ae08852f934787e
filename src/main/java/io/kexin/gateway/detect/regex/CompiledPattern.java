package io.kexin.gateway.detect.regex;

import com.google.re2j.Pattern;
import java.util.OptionalInt;
import org.apache.lucene.util.automaton.CharacterRunAutomaton;

/**
 * Holds what a pattern compiles to, apart from the rule that uses it: immutable, so detectors of several rules and
 * several loads share it.
 *
 * @param pattern the RE2J program
 * @param boundedLength the longest match, when bounded
 * @param prefilter DFA accepting wherever a match may end, or null
 * @param anchoredDfa DFA of a superset of the matches from their start, or null
 * @param condition what every match contains
 * @param anchored the pattern anchored at the input's start when the condition starts with a literal and it does
 *     not open with plain words, else null
 * @param opening the pattern's opening words and the rest, when the condition starts with a literal and the pattern
 *     opens with an alternation of plain words, else null
 * @param literals the literal prefilter of the condition alone, or null when the condition is absent
 */
record CompiledPattern(Pattern pattern, OptionalInt boundedLength, CharacterRunAutomaton prefilter,
    CharacterRunAutomaton anchoredDfa, Condition condition, Pattern anchored, OpeningWords opening,
    RegexPrefilter literals) {

  /** Names a compiled pattern by everything it depends on. */
  record Key(String pattern, boolean caseInsensitive, boolean normalized, int maxProgramSize) {}
}
