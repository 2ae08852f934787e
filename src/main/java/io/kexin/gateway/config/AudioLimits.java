package io.kexin.gateway.config;

import static java.util.Objects.requireNonNullElse;

/**
 * Says what happens to the audio a request gives a model to hear (chat {@code input_audio}, Responses
 * {@code input_audio}), which the gateway cannot read: {@code refuse} (the default, as for an image or a PDF it cannot
 * read) or {@code pass} uninspected, counted and audited as such.
 */
public record AudioLimits(ImageLimits.Unreadable unreadable) {
  /** Holds the default: audio is refused where policies apply. */
  public static final AudioLimits DEFAULT = new AudioLimits(null);

  public AudioLimits {
    unreadable = requireNonNullElse(unreadable, ImageLimits.Unreadable.REFUSE);
  }

  /** Says whether audio is refused, rather than passed uninspected. */
  public boolean refuses() {
    return unreadable == ImageLimits.Unreadable.REFUSE;
  }
}
