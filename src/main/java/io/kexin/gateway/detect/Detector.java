package io.kexin.gateway.detect;

import io.kexin.gateway.text.ScanText;
import java.util.List;

/** Finds one kind of sensitive content in a text. Implementations are immutable, thread-safe and never block. */
public interface Detector {

  /** Returns the findings in {@code text}; offsets index {@link ScanText#original()} in UTF-16 code units. */
  List<Finding> scan(ScanText text);

  /** Returns the longest possible match in UTF-16 code units of original text; sizes the stream hold-back window. */
  int maxMatchLength();

  /**
   * Returns a bound on the letters a match spans, reading before and after it included, or -1 when only
   * {@link #maxMatchLength()} bounds it: letters as {@link io.kexin.gateway.text.Normalizer#emitsOwnUnit} counts them
   * in the text the detector reads. A detector that matches normalized units can give the longest match in units,
   * which no number of spaces, marks or removed characters inside a match can stretch; a stream then keeps and
   * bounds held text by letters for this rule instead of by {@link #maxMatchLength()}, which has to allow for them.
   */
  default int maxMatchLetters() {
    return -1;
  }

  /**
   * Returns the earliest index in {@code text.original()} where a match may start that more text appended to
   * {@code text} could still create, extend, shorten, change or cancel: whatever text follows, every match that
   * {@link #scan} reports starting before the returned index is reported the same (same span, entity and score),
   * and no new match starting before it appears. A stream releases text up to this index as soon as it arrives.
   *
   * <p>The result is in {@code [0, text.original().length()]}; it must not exceed what the text proves final (an
   * unfinished prefix of a match, or a finished match that the next character could still extend or cancel,
   * such as a whole-word term at the very end), and it must account for everything {@link #scan} reads after a
   * match (a boundary character, a context word). Reading before a match is free: the caller keeps at least
   * {@link #maxMatchLength()} characters of released text before the scanned text. The default,
   * {@code max(0, length - maxMatchLength())}, holds back the longest possible match, which the contract of
   * {@link #maxMatchLength()} makes final. Detectors that can prove a later index should return it; when in doubt,
   * return the default: correctness before latency.
   */
  default int liveFrom(ScanText text) {
    return Math.max(0, text.original().length() - maxMatchLength());
  }

  /**
   * Says whether {@link #scan} may report a finding that starts at or after index {@code from} of
   * {@code text.original()}; false only when the detector proves that it reports none there. A stream asks before
   * each rescan of its held text, where only findings that start in the text not yet released count, and skips the
   * scan of a detector that cannot find one; the default, {@code true}, always scans. The answer must cost much less
   * than {@link #scan} (read the end of the text, not all of it).
   */
  default boolean mayFindFrom(ScanText text, int from) {
    return true;
  }

  /**
   * Says whether this detector reads invisible characters itself; every other detector scans the text with them
   * skipped (and escapes decoded), so that a value split by them is still found.
   */
  default boolean readsInvisible() {
    return false;
  }

  /**
   * Says whether {@link #scan} may wait on a remote service (up to a timeout it bounds); the proxy then inspects
   * on its pool, never on an event loop.
   */
  default boolean blocks() {
    return false;
  }

  /**
   * Returns the keywords one of which a text must hold for {@link #scan} to find anything in it, or null when this
   * detector reads every text: a caller may skip the scan of a text that holds none of them.
   */
  default Opening opening() {
    return null;
  }

  /** Says whether this detector finds credentials; it does not apply to fields that exist to carry one. */
  default boolean findsCredentials() {
    return false;
  }

  /**
   * Says whether this detector judges what a text asks or says (a harmful request, an injection, a classifier's
   * category) rather than finding values in it: such a judgement reads one message, and is not asked about the
   * texts of several messages read as one, where only a value split across them is sought.
   */
  default boolean judgesText() {
    return false;
  }
}
