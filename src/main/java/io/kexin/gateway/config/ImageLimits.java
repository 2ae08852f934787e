package io.kexin.gateway.config;

import static java.util.Objects.requireNonNullElse;

import java.util.List;

/**
 * Says whether the text drawn in images that bodies carry is read by OCR ({@code ocr: true}; off by default, when
 * images pass uninspected and are counted as such), with which engine command and languages, within which bounds
 * (decoded bytes, pixels, wall time of one reading, readings at once), and what happens to an image that cannot be
 * read: {@code refuse} (the default) or {@code pass} uninspected. An image given by URL or by file id, which the
 * gateway does not fetch, is one that cannot be read, and so are the images of a body that carries more than
 * {@code maxSmallImages} images under 20 × 20 pixels (text split a character an image, which no reading of one image
 * sees whole).
 */
public record ImageLimits(Boolean ocr, String command, List<String> languages, Integer maxBytes, Long maxPixels,
    Integer maxMillis, Integer maxConcurrent, Unreadable unreadable, Integer maxSmallImages) {
  /**
   * Holds the defaults: OCR off; when on, {@code tesseract} with Chinese and English, 10 MiB, 40 M pixels, 15 s, 2,
   * and at most 8 images under 20 × 20 pixels in one body.
   */
  public static final ImageLimits DEFAULT = new ImageLimits(null, null, null, null, null, null, null, null, null);

  /** The fewest pixels of an image that is not small: 20 × 20, about one character at a size a model still reads. */
  public static final int SMALL_PIXELS = 400;

  public ImageLimits {
    ocr = requireNonNullElse(ocr, false);
    command = requireNonNullElse(command, "tesseract");
    if (command.isBlank()) {
      throw new IllegalArgumentException("images.command: empty (expected: the OCR engine's executable)");
    }
    languages = List.copyOf(requireNonNullElse(languages, List.of("chi_sim", "eng")));
    if (languages.isEmpty()) {
      throw new IllegalArgumentException("images.languages: empty (expected: at least one, e.g. chi_sim, eng)");
    }
    for (String language : languages) {
      if (!language.matches("[A-Za-z0-9_]{1,32}")) {
        throw new IllegalArgumentException("images.languages: '" + language + "' (expected: an OCR language name"
            + " such as chi_sim, chi_tra, eng)");
      }
    }
    maxBytes = PositiveSetting.orDefault("images.maxBytes", maxBytes, 10 << 20);
    maxPixels = PositiveSetting.orDefault("images.maxPixels", maxPixels, 40_000_000L);
    maxMillis = PositiveSetting.orDefault("images.maxMillis", maxMillis, 15_000);
    maxConcurrent = PositiveSetting.orDefault("images.maxConcurrent", maxConcurrent, 2);
    unreadable = requireNonNullElse(unreadable, Unreadable.REFUSE);
    if (maxSmallImages != null && maxSmallImages < 0) {
      throw new IllegalArgumentException("images.maxSmallImages: " + maxSmallImages + " (expected: >= 0)");
    }
    maxSmallImages = maxSmallImages == null ? 8 : maxSmallImages;
  }

  /** Says whether images are read. */
  public boolean reads() {
    return ocr;
  }

  /** Says what happens to an image the gateway cannot read. */
  public enum Unreadable {
    REFUSE,
    PASS;

    /** Returns the choice named in the config. */
    @com.fasterxml.jackson.annotation.JsonCreator
    public static Unreadable parse(String name) {
      return EnumNames.parse(Unreadable.class, "unreadable", name);
    }
  }
}
