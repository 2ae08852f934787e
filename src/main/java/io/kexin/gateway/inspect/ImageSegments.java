package io.kexin.gateway.inspect;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.kexin.gateway.config.ImageLimits;
import io.kexin.gateway.content.Role;
import io.kexin.gateway.content.TextSegment;
import io.kexin.gateway.document.FileReading;
import io.kexin.gateway.document.ImageText;
import io.kexin.gateway.provider.ImageData;
import io.kexin.gateway.provider.Vocabulary;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Reads the text drawn in a body's images ({@link ImageText}) as segments ({@link TextSegment#OCR_SUFFIX}), and
 * remembers which images the same policies found clean, so that a conversation that sends its images again with every
 * turn pays for their reading once. An image's text is inspected on its own (no joined reading takes it in), so a
 * clean verdict holds for the image whatever else the body says. What is remembered is only that verdict, under a
 * keyed hash of the image's bytes (a key drawn per process), the policy revision, the route's policies, the direction
 * and the writer's role: never the image or its text. Thread-safe.
 */
final class ImageSegments {
  /** The pointer of a streamed image: its place in an event is not part of its verdict. */
  private static final String STREAMED = "/stream";
  private final ImageText ocr;
  private final Cache<String, Boolean> clean;
  private final SecretKeySpec key;

  ImageSegments(ImageText ocr) {
    this.ocr = requireNonNull(ocr, "ocr");
    this.clean = Caffeine.newBuilder().maximumSize(10_000).expireAfterAccess(Duration.ofHours(1)).build();
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    this.key = new SecretKeySpec(k, "HmacSHA256");
  }

  /** Says whether images are read at all. */
  boolean reads() {
    return ocr.limits().reads();
  }

  /** Returns the most pixels of an image that is read. */
  long maxPixels() {
    return ocr.limits().maxPixels();
  }

  /** Returns the most images under 20 × 20 pixels a body (or a PDF in it) may carry and still be read. */
  int maxSmallImages() {
    return ocr.limits().maxSmallImages();
  }

  /** Says whether an image that cannot be read is refused, rather than passed uninspected. */
  boolean refusesUnreadable() {
    return ocr.limits().unreadable() == ImageLimits.Unreadable.REFUSE;
  }

  /**
   * Reads {@code images} under {@code scope} (what decides a verdict: revision, policies, direction), adding the text of
   * each image not already known clean to {@code segments}. An image that cannot be read is noted; when such images
   * are refused, reading stops at the first (images given by reference are looked at first, since they cost nothing).
   */
  Reading read(List<ImageData> images, String scope, List<TextSegment> segments, DecisionRecorder recorder) {
    boolean stop = refusesUnreadable();
    List<Unread> unread = new ArrayList<>();
    Unread split = split(images);
    if (split != null) {
      recorder.imageRead("unreadable", 0);
      unread.add(split);
      if (stop) {
        return new Reading(Map.of(), unread);
      }
    }
    for (ImageData image : images) {
      if (image.remote()) {
        recorder.imageRead("unreadable", 0);
        unread.add(new Unread(image.pointer(), "is given by a URL or a file id, which the gateway does not fetch"));
        if (stop) {
          return new Reading(Map.of(), unread);
        }
      }
    }
    long deadline = ocr.deadline();
    Map<String, String> pending = new HashMap<>();
    for (ImageData image : images) {
      if (image.remote()) {
        continue;
      }
      String id = id(image, scope);
      if (clean.getIfPresent(id) != null) {
        recorder.imageRead("cached", 0);
        continue;
      }
      long start = System.nanoTime();
      FileReading reading = ocr.read(image.bytes(), deadline);
      recorder.imageRead(reading.read() ? "read" : "unreadable", System.nanoTime() - start);
      if (!reading.read()) {
        unread.add(new Unread(image.pointer(), reading.unreadable()));
        if (stop) {
          return new Reading(pending, unread);
        }
        continue;
      }
      String at = image.pointer() + TextSegment.OCR_SUFFIX;
      segments.add(new TextSegment(at, image.role(), reading.text(), TextSegment.Form.DECODED));
      pending.put(at, id);
    }
    return new Reading(pending, unread);
  }

  /**
   * Returns the first of a body's images under 20 × 20 pixels when it carries more of them than
   * {@code limits.images.maxSmallImages}, or null: text split a character an image (a key as twenty images of one
   * letter each) is in no single image, and reading each alone finds at best one character, so such a body is not
   * one the gateway can read. A few small images (icons, an emoji) are read as any other.
   */
  private Unread split(List<ImageData> images) {
    int max = ocr.limits().maxSmallImages();
    int small = 0;
    String first = null;
    for (ImageData image : images) {
      if (image.remote()) {
        continue;
      }
      long pixels = ImageText.pixels(image.bytes());
      if (pixels >= 0 && pixels < ImageLimits.SMALL_PIXELS && small++ == 0) {
        first = image.pointer();
      }
    }
    if (small <= max) {
      return null;
    }
    return new Unread(first, "is one of " + small + " images under 20 x 20 pixels in the body, more than the " + max
        + " it reads (text split over many tiny images, a character each, is not read whole)");
  }

  /**
   * Reads one image of a streamed answer, written by the assistant, under {@code scope}; returns null when the same
   * policies found the same image clean before (see {@link #clean}).
   */
  FileReading readStreamed(byte[] bytes, String scope, DecisionRecorder recorder) {
    ImageData image = new ImageData(STREAMED, Role.ASSISTANT, bytes);
    if (clean.getIfPresent(id(image, scope)) != null) {
      recorder.imageRead("cached", 0);
      return null;
    }
    long start = System.nanoTime();
    FileReading reading = ocr.read(bytes, ocr.deadline());
    recorder.imageRead(reading.read() ? "read" : "unreadable", System.nanoTime() - start);
    return reading;
  }

  /** Remembers as clean the streamed image {@code bytes}, whose text the policies of {@code scope} let pass unchanged. */
  void clean(byte[] bytes, String scope) {
    clean.put(id(new ImageData(STREAMED, Role.ASSISTANT, bytes), scope), Boolean.TRUE);
  }

  /** Remembers as clean each image of {@code reading} in whose text {@code outcome} holds no hit, of any rule. */
  void settle(Reading reading, Outcome outcome) {
    if (reading.pending().isEmpty() || outcome.failed() != null || !outcome.errors().isEmpty()) {
      return;
    }
    // A hit names its text by the pointer an audit line may show (a key the sender chose as *): an image is clean only
    // when no hit names its text either way.
    Set<String> found = new HashSet<>();
    for (Hit hit : outcome.hits()) {
      found.add(hit.jsonPointer());
    }
    reading.pending().forEach((at, id) -> {
      if (!found.contains(at) && !found.contains(Vocabulary.safePointer(at))) {
        clean.put(id, Boolean.TRUE);
      }
    });
  }

  private String id(ImageData image, String scope) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return HexFormat.of().formatHex(mac.doFinal(image.bytes())) + '|' + image.role() + '|' + scope;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /** Holds an image that could not be read: its pointer and why, in words that never quote it. */
  record Unread(String pointer, String why) {}

  /**
   * Holds what reading a body's images gave: the pointers of the segments added, each with its image's cache id, and
   * the images that could not be read.
   */
  record Reading(Map<String, String> pending, List<Unread> unread) {}
}
