package io.kexin.gateway.document;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.apache.pdfbox.contentstream.PDFGraphicsStreamEngine;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.graphics.image.PDImage;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * Collects the images a PDF's pages draw (scanned pages, screenshots, photos of documents: text a model given the page
 * image reads, and the PDF's text layer does not hold), each once, as bytes an OCR engine reads: a JPEG as stored, any
 * other image decoded by PDFBox (JBIG2 and CCITT scans included) and written as PNG; an image mask (a stencil, painted
 * in the fill colour: how some producers draw scanned text) as black on white. Images below {@value #MIN_PIXELS}
 * pixels (bullets, rules, logos' dots) are not read, but more distinct ones than the reading allows make the PDF
 * unreadable (text split a character an image is in no single image); so do more than {@value #MAX_IMAGES} others,
 * or one whose decoding would take more than {@code maxPixels} pixels. Checks its {@link Deadline} before every page
 * and operator. Not thread-safe: one per reading.
 */
final class PageImages extends PDFGraphicsStreamEngine {
  /** The fewest pixels an image must have to be read: 20 × 20, a character at a size a model still reads. */
  static final int MIN_PIXELS = 400;
  /** The most images read from one PDF. */
  static final int MAX_IMAGES = 64;
  /** The most pixels of an image decoded here (a JPEG is not): an A4 page scanned at 400 dpi, 64 MB as RGB. */
  static final long MAX_DECODED_PIXELS = 16_000_000L;

  private final Deadline deadline;
  private final long maxPixels;
  private final List<byte[]> images;
  private final Set<COSBase> seen;
  private final SmallImages small;
  /** Why an image could not be taken: PDFBox forgives what a {@code Do} operator throws, so it is kept here. */
  private Unreadable failure;

  private PageImages(PDPage page, Deadline deadline, long maxPixels, List<byte[]> images, Set<COSBase> seen,
      SmallImages small) {
    super(page);
    this.deadline = deadline;
    this.maxPixels = maxPixels;
    this.images = images;
    this.seen = seen;
    this.small = small;
  }

  /**
   * Adds the images the pages of {@code document} draw to {@code images}, each image once however often it is drawn,
   * and counts the tiny ones in {@code small}; throws why the PDF cannot be read, never quoting it.
   */
  static void collect(PDDocument document, Deadline deadline, long maxPixels, List<byte[]> images,
      SmallImages small) throws IOException {
    Set<COSBase> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (PDPage page : document.getPages()) {
      deadline.check();
      PageImages engine = new PageImages(page, deadline, maxPixels, images, seen, small);
      engine.processPage(page);
      if (engine.failure != null) {
        throw engine.failure;
      }
    }
  }

  @Override
  protected void processOperator(Operator operator, List<COSBase> operands) throws IOException {
    deadline.check();
    super.processOperator(operator, operands);
  }

  @Override
  public void drawImage(PDImage image) {
    if (failure != null || image instanceof PDImageXObject x && !seen.add(x.getCOSObject())) {
      return;
    }
    try {
      long pixels = (long) image.getWidth() * image.getHeight();
      if (pixels < MIN_PIXELS) {
        if (!small.add(image)) {
          failure = new Unreadable(small.tooMany(), false);
        }
        return;
      }
      long bound = "jpg".equals(image.getSuffix()) ? maxPixels : Math.min(maxPixels, MAX_DECODED_PIXELS);
      if (pixels > bound) {
        failure = new Unreadable("draws an image of more than " + bound + " pixels", false);
      } else if (images.size() == MAX_IMAGES) {
        failure = new Unreadable("draws more than " + MAX_IMAGES + " images", false);
      } else {
        images.add(bytes(image));
      }
    } catch (IOException | RuntimeException e) {
      failure = new Unreadable("draws an image that cannot be decoded (" + e.getClass().getSimpleName() + ")", false);
    }
  }

  private static byte[] bytes(PDImage image) throws IOException {
    // a JPEG is handed over as stored; anything else is decoded here, within the pixel bound checked above
    if ("jpg".equals(image.getSuffix())) {
      try (InputStream in = image.createInputStream(List.of(COSName.DCT_DECODE.getName()))) {
        return in.readAllBytes();
      }
    }
    BufferedImage decoded = image.isStencil() ? onWhite(image.getStencilImage(Color.BLACK)) : image.getImage();
    if (decoded == null) {
      throw new IOException("no image");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(decoded, "png", out);
    return out.toByteArray();
  }

  /** Returns the painted pixels of a stencil black on white, as a scan shows them, for an OCR engine to read. */
  private static BufferedImage onWhite(BufferedImage stencil) {
    BufferedImage page = new BufferedImage(stencil.getWidth(), stencil.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = page.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, page.getWidth(), page.getHeight());
      g.drawImage(stencil, 0, 0, null);
    } finally {
      g.dispose();
    }
    return page;
  }

  @Override
  public void appendRectangle(Point2D p0, Point2D p1, Point2D p2, Point2D p3) {
  }

  @Override
  public void clip(int windingRule) {
  }

  @Override
  public void moveTo(float x, float y) {
  }

  @Override
  public void lineTo(float x, float y) {
  }

  @Override
  public void curveTo(float x1, float y1, float x2, float y2, float x3, float y3) {
  }

  @Override
  public Point2D getCurrentPoint() {
    return new Point2D.Float();
  }

  @Override
  public void closePath() {
  }

  @Override
  public void endPath() {
  }

  @Override
  public void strokePath() {
  }

  @Override
  public void fillPath(int windingRule) {
  }

  @Override
  public void fillAndStrokePath(int windingRule) {
  }

  @Override
  public void shadingFill(COSName shadingName) {
  }
}
