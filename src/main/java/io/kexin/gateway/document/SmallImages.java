package io.kexin.gateway.document;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.apache.pdfbox.pdmodel.graphics.image.PDImage;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.graphics.image.PDInlineImage;

/**
 * Counts the distinct images under {@value PageImages#MIN_PIXELS} pixels a PDF and its attachments draw, up to
 * {@code max}: a few (bullets, icons) are left unread, more are text split a character an image. An image object
 * counts once however often it is drawn; an inline image by its bytes. Not thread-safe: one per reading.
 */
final class SmallImages {
  private final int max;
  private final Set<Object> seen = new HashSet<>();

  SmallImages(int max) {
    this.max = max;
  }

  /** Counts {@code image}; says false when the PDF now draws more distinct tiny images than {@code max}. */
  boolean add(PDImage image) throws IOException {
    if (image instanceof PDImageXObject x) {
      seen.add(x.getCOSObject());
    } else if (image instanceof PDInlineImage inline) {
      seen.add(new InlineKey(inline.getData()));
    } else {
      seen.add(image);
    }
    return seen.size() <= max;
  }

  /** Says why a PDF with too many tiny images is not read. */
  String tooMany() {
    return "draws more than " + max + " distinct images under 20 x 20 pixels (text split over many tiny images, a"
        + " character each, is not read whole)";
  }

  /** Names an inline image by its bytes: the same bullet drawn inline on every line counts once. */
  private record InlineKey(byte[] data) {
    @Override
    public boolean equals(Object o) {
      return o instanceof InlineKey k && Arrays.equals(data, k.data);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(data);
    }
  }
}
