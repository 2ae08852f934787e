package io.kexin.gateway.provider;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.content.Role;
import io.kexin.gateway.document.ImageText;
import java.util.Base64;

/**
 * Holds an image a body carries: the pointer of the string that gives it, who wrote it, and its decoded bytes (not
 * copied: the extraction that holds it is the only reader), or null for an image given by URL or file id, which the
 * gateway does not fetch.
 */
public record ImageData(String pointer, Role role, byte[] bytes) {
  public ImageData {
    requireNonNull(pointer, "pointer");
    requireNonNull(role, "role");
  }

  /** The fewest characters of base64 that hold an image: the smallest PNG is about 90. */
  private static final int MIN_CHARS = 64;
  /** The base64 characters read first, to tell an image from any other string: 27 bytes, every format's mark. */
  private static final int HEAD_CHARS = 36;

  /**
   * Returns the bytes of the image that {@code value} gives as base64, alone or as a data URL, as a stream event may
   * carry one in any field; an empty array for an image data URL ({@code data:image/…}, not SVG, which is text) whose
   * base64 does not decode into an image, which a lenient decoder might still read; null for anything else. Its first
   * characters are looked at before anything is decoded, so a string that is no image costs a few comparisons.
   */
  public static byte[] carried(String value) {
    if (value.length() < MIN_CHARS) {
      return null;
    }
    boolean dataUrl = value.startsWith("data:");
    int from = 0;
    if (dataUrl) {
      int comma = value.indexOf(";base64,");
      if (comma < 0) {
        return null;
      }
      from = comma + 8;
    }
    boolean claimed = dataUrl && value.startsWith("data:image/") && !value.startsWith("data:image/svg+xml");
    if (!claimed && !imageHead(value, from)) {
      return null;
    }
    byte[] bytes = DataText.bytes(value);
    if (bytes != null && ImageText.isImage(bytes)) {
      return bytes;
    }
    return claimed ? new byte[0] : null;
  }

  /** Says whether the base64 at {@code from} starts with the bytes of an image format the gateway reads. */
  private static boolean imageHead(String value, int from) {
    if (value.length() - from < HEAD_CHARS) {
      return false;
    }
    String head = value.substring(from, from + HEAD_CHARS);
    try {
      return ImageText.isImage((head.indexOf('-') >= 0 || head.indexOf('_') >= 0 ? Base64.getUrlDecoder()
          : Base64.getDecoder()).decode(head));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Says whether the image is given by reference (a URL, a file id) rather than by its bytes. */
  public boolean remote() {
    return bytes == null;
  }
}
