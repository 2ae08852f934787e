package io.kexin.gateway.detect.invisible;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.kexin.gateway.config.EnumNames;

/** Names the kinds of invisible or deceptive text the detector reports. */
public enum InvisibleKind {
  /** Unicode tag characters U+E0000–U+E007F, used to smuggle instructions past human readers. */
  TAG_CHARACTERS,
  /** Bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069). */
  BIDI_CONTROLS,
  /** Zero-width characters between two letters or digits, splitting a word so filters miss it. */
  ZERO_WIDTH_IN_WORD,
  /** A word mixing Latin letters with Cyrillic or Greek ones (homoglyph spoofing). */
  MIXED_SCRIPT_WORD;

  /** The file form of this constant, computed once: it is read on every request. */
  private final String fileForm = EnumNames.of(this);

  /** Returns the kind named in a policy file ({@code tag-characters}, ...). */
  @JsonCreator
  public static InvisibleKind parse(String name) {
    return EnumNames.parse(InvisibleKind.class, "kind", name);
  }

  /** Returns the name used in policy files and explanations. */
  public String label() {
    return fileForm;
  }
}
