package io.kexin.gateway.provider;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.content.TextSegment;
import java.util.List;

/**
 * Holds the text segments found in a body, in document order, and how many media parts (images, audio, files,
 * non-text documents) could not be inspected, the PDFs it carries, whose page text the inspection reads, and the
 * images it carries or points to, whose drawn text the inspection reads when OCR is on, and the pointers of the audio
 * parts a model hears, which the gateway cannot read.
 */
public record Extraction(List<TextSegment> segments, int mediaParts, List<PdfData> pdfs, List<ImageData> images,
    List<String> audio) {
  public Extraction {
    segments = List.copyOf(requireNonNull(segments, "segments"));
    pdfs = List.copyOf(requireNonNull(pdfs, "pdfs"));
    images = List.copyOf(requireNonNull(images, "images"));
    audio = List.copyOf(requireNonNull(audio, "audio"));
    if (mediaParts < 0) {
      throw new IllegalArgumentException("mediaParts: " + mediaParts + " (expected: >= 0)");
    }
  }

  /** Returns an extraction that carries no PDF and no image. */
  public Extraction(List<TextSegment> segments, int mediaParts) {
    this(segments, mediaParts, List.of(), List.of(), List.of());
  }

  /** Returns an extraction with no text and nothing uninspected. */
  public static Extraction empty() {
    return new Extraction(List.of(), 0);
  }

  /** Returns whether some part of the body was not inspected as text. */
  public boolean hasUninspected() {
    return mediaParts > 0;
  }
}
