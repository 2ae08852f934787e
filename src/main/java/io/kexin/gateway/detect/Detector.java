package io.kexin.gateway.detect;

import io.kexin.gateway.text.ScanText;
import java.util.List;

/** Finds one kind of sensitive content in a text. Implementations are immutable, thread-safe and never block. */
public interface Detector {

  /** Returns the findings in {@code text}; offsets index {@link ScanText#original()} in UTF-16 code units. */
  List<Finding> scan(ScanText text);

  /** Returns the longest possible match in UTF-16 code units of original text; sizes the stream hold-back window. */
  int maxMatchLength();
}
