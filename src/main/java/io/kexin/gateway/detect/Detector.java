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
   * Says whether this detector reads invisible characters itself; every other detector scans the text with them
   * skipped (and escapes decoded), so that a value split by them is still found.
   */
  default boolean readsInvisible() {
    return false;
  }

  /** Says whether this detector finds credentials; it does not apply to fields that exist to carry one. */
  default boolean findsCredentials() {
    return false;
  }
}
