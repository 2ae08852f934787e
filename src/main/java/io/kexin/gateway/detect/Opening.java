package io.kexin.gateway.detect;

import io.kexin.gateway.text.ScanText;

/**
 * Holds what opens a detector on a text: one of the keywords {@code ids} of a set that several detectors share must
 * be in it (in any case), or the detector finds nothing there. A caller running many such detectors over one text
 * reads the set's presence once and skips every detector none of whose keywords the text holds, without touching it.
 */
public record Opening(Keywords keywords, int[] ids) {

  /** Tells which keywords of one set a text holds; computed once per text for all the detectors sharing the set. */
  public interface Keywords {
    /** Returns, by keyword id, whether {@code text} holds the keyword in any case; do not modify the array. */
    boolean[] present(ScanText text);
  }
}
