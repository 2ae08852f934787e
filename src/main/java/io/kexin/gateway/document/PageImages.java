package io.kexin.gateway.document;

import io.kexin.gateway.config.ImageLimits;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.apache.pdfbox.contentstream.PDFGraphicsStreamEngine;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType3Font;
import org.apache.pdfbox.pdmodel.graphics.image.PDImage;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.graphics.image.PDInlineImage;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.util.Matrix;
import org.apache.pdfbox.util.Vector;

/**
 * Collects the images a PDF's pages draw (scanned pages, screenshots, photos of documents: text a model given the page
 * image reads, and the PDF's text layer does not hold), each once, as bytes an OCR engine reads: a JPEG as stored, any
 * other image decoded by PDFBox (JBIG2 and CCITT scans included) and written as PNG; an image mask (a stencil, painted
 * in the fill colour: how some producers draw scanned text) as black on white. Images below {@value ImageLimits#SMALL_PIXELS}
 * pixels (bullets, rules, logos' dots) are not read alone. More than {@code maxSmall} distinct tiny images (text a
 * character an image, which no engine reads back as reliably as a model: refused, as in a request's body), more than
 * {@value #MAX_IMAGES} others, or one whose decoding would take more than {@code maxPixels} pixels, make the PDF
 * unreadable. A page that draws text no text layer or single image holds — paths painted as text with at least
 * {@value #DRAWN_TEXT_SEGMENTS} segments (text turned into outlines, filled or stroked; a Type 3 font's glyph
 * procedures; letters drawn a small rectangle a pixel), or tiny images
 * drawn more than {@code maxSmall} times (a few spelling a number by repetition, a bitmap font's glyphs) — is
 * rendered at {@value #RENDER_DPI} dpi and read as one more image. Checks its {@link Deadline} before every page
 * and operator. Not thread-safe: one per reading.
 */
final class PageImages extends PDFGraphicsStreamEngine {
  /** The most images read from one PDF. */
  static final int MAX_IMAGES = 64;
  /** The most pixels of an image decoded here (a JPEG is not): an A4 page scanned at 400 dpi, 64 MB as RGB. */
  static final long MAX_DECODED_PIXELS = 16_000_000L;
  /**
   * The fewest segments of paths painted as text that make a page drawn, not written: text turned into outlines
   * (about ten segments a glyph), filled or stroked, or drawn a pixel a rectangle, has no text layer and no image, so
   * such a page is rendered and read as an image.
   */
  static final int DRAWN_TEXT_SEGMENTS = 64;
  /**
   * The largest side, in points, of a stroked subpath counted as text: a glyph's outline or stroke, up to a
   * 48-point letter; a table's rules and a chart's lines are longer and are not counted.
   */
  static final float STROKED_GLYPH_POINTS = 48f;
  /**
   * The largest side, in points, of a rectangle counted as a pixel of a letter (a 5 × 7 dot font up to a 60-point
   * letter); a table's cells and a page's backgrounds are larger and are not counted.
   */
  static final float PIXEL_POINTS = 12f;
  /** The resolution a page drawn in outlines is rendered at for OCR: letters of 10 points come out 20 pixels high. */
  static final float RENDER_DPI = 150f;

  private final Deadline deadline;
  private final long maxPixels;
  private final List<byte[]> images;
  private final Set<COSBase> seen;
  private final Set<Object> tiny;
  private final int maxSmall;
  /** The inline images taken on this page, by their bytes: one drawn on every line is taken once. */
  private final Set<ByteBuffer> inline = new HashSet<>();
  /** Why an image could not be taken: PDFBox forgives what a {@code Do} operator throws, so it is kept here. */
  private Unreadable failure;
  /**
   * The segments of the path being built: all of them (a fill paints them), those of its glyph-sized subpaths (a
   * stroke paints text only with those) and four for each pixel-sized rectangle; of its last subpath, with its
   * bounds in device space; and the segments painted as text so far on this page.
   */
  private int pathSegments;
  private int glyphSegments;
  private int pixelSegments;
  private int subpathSegments;
  private float minX;
  private float maxX;
  private float minY;
  private float maxY;
  private int drawnSegments;
  /** The tiny images this page draws (and the images a Type 3 font's glyphs draw), each drawing counted. */
  private int smallDrawn;
  /** How deep in a Type 3 glyph's procedure the engine is: its images are glyphs, read with the rendered page. */
  private int glyphDepth;

  private PageImages(PDPage page, Deadline deadline, long maxPixels, List<byte[]> images, Set<COSBase> seen,
      Set<Object> tiny, int maxSmall) {
    super(page);
    this.deadline = deadline;
    this.maxPixels = maxPixels;
    this.images = images;
    this.seen = seen;
    this.tiny = tiny;
    this.maxSmall = maxSmall;
  }

  /**
   * Adds the images the pages of {@code document} draw to {@code images}, each image once however often it is drawn,
   * and the pages that draw text otherwise (more than {@code maxSmall} tiny images or text in outlines) rendered;
   * throws why the PDF cannot be read, never quoting it.
   */
  static void collect(PDDocument document, Deadline deadline, long maxPixels, List<byte[]> images, int maxSmall)
      throws IOException {
    Set<COSBase> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Set<Object> tiny = new HashSet<>();
    PDFRenderer renderer = null;
    int index = 0;
    for (PDPage page : document.getPages()) {
      deadline.check();
      PageImages engine = new PageImages(page, deadline, maxPixels, images, seen, tiny, maxSmall);
      engine.processPage(page);
      if (engine.failure != null) {
        throw engine.failure;
      }
      if (tiny.size() > maxSmall) {
        throw new Unreadable("draws more than " + maxSmall + " distinct images under 20 x 20 pixels (text split over"
            + " many tiny images, a character each, is not read whole)", false);
      }
      if (engine.drawnSegments >= DRAWN_TEXT_SEGMENTS || engine.smallDrawn > maxSmall) {
        if (renderer == null) {
          renderer = new PDFRenderer(document);
          // tiny images are drawn larger than they are: smooth them, as a viewer does, for the engine to read
          renderer.setRenderingHints(new RenderingHints(Map.of(
              RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC,
              RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON,
              RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY)));
        }
        engine.render(renderer, index);
      }
      index++;
    }
  }

  /** Adds page {@code index} rendered in grey, as a model shown the page sees it; throws when it cannot. */
  private void render(PDFRenderer renderer, int index) throws IOException {
    PDRectangle box = getPage().getCropBox();
    long pixels = (long) Math.ceil(box.getWidth() / 72f * RENDER_DPI) * (long) Math.ceil(box.getHeight() / 72f
        * RENDER_DPI);
    if (pixels > Math.min(maxPixels, MAX_DECODED_PIXELS)) {
      throw new Unreadable("draws text as shapes or tiny images on a page of more than "
          + Math.min(maxPixels, MAX_DECODED_PIXELS) + " pixels at " + (int) RENDER_DPI + " dpi", false);
    }
    if (images.size() == MAX_IMAGES) {
      throw new Unreadable("draws more than " + MAX_IMAGES + " images", false);
    }
    BufferedImage drawn = renderer.renderImageWithDPI(index, RENDER_DPI, ImageType.GRAY);
    deadline.check();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(drawn, "png", out);
    images.add(out.toByteArray());
  }

  @Override
  protected void showType3Glyph(Matrix matrix, PDType3Font font, int code, Vector displacement) throws IOException {
    glyphDepth++;
    try {
      super.showType3Glyph(matrix, font, code, displacement);
    } finally {
      glyphDepth--;
    }
  }

  @Override
  protected void processOperator(Operator operator, List<COSBase> operands) throws IOException {
    deadline.check();
    super.processOperator(operator, operands);
  }

  @Override
  public void drawImage(PDImage image) {
    if (failure != null) {
      return;
    }
    if (glyphDepth > 0 || (long) image.getWidth() * image.getHeight() < ImageLimits.SMALL_PIXELS) {
      // every drawing counts: one tiny image drawn at many places may spell a number as well as many images do
      smallDrawn++;
      if (glyphDepth == 0) {
        tiny.add(image instanceof PDImageXObject x ? x.getCOSObject()
            : image instanceof PDInlineImage i ? ByteBuffer.wrap(i.getData()) : image);
      }
      return;
    }
    if (image instanceof PDImageXObject x && !seen.add(x.getCOSObject())
        || image instanceof PDInlineImage i && !inline.add(ByteBuffer.wrap(i.getData()))) {
      return;
    }
    try {
      long pixels = (long) image.getWidth() * image.getHeight();
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
    endSubpath();
    double w = Math.max(Math.max(p0.getX(), p1.getX()), Math.max(p2.getX(), p3.getX()))
        - Math.min(Math.min(p0.getX(), p1.getX()), Math.min(p2.getX(), p3.getX()));
    double h = Math.max(Math.max(p0.getY(), p1.getY()), Math.max(p2.getY(), p3.getY()))
        - Math.min(Math.min(p0.getY(), p1.getY()), Math.min(p2.getY(), p3.getY()));
    if (Math.max(w, h) <= PIXEL_POINTS) {
      pixelSegments += 4;
    }
  }

  @Override
  public void clip(int windingRule) {
  }

  @Override
  public void moveTo(float x, float y) {
    endSubpath();
    minX = maxX = x;
    minY = maxY = y;
    subpathSegments = 1;
    pathSegments++;
  }

  @Override
  public void lineTo(float x, float y) {
    bound(x, y);
    subpathSegments++;
    pathSegments++;
  }

  @Override
  public void curveTo(float x1, float y1, float x2, float y2, float x3, float y3) {
    bound(x1, y1);
    bound(x2, y2);
    lineTo(x3, y3);
  }

  /** Widens the subpath's bounds, in device space, to (x, y). */
  private void bound(float x, float y) {
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }

  /** Counts the subpath just drawn with those a stroke paints as text, when it is no larger than a glyph. */
  private void endSubpath() {
    if (subpathSegments > 0 && Math.max(maxX - minX, maxY - minY) <= STROKED_GLYPH_POINTS) {
      glyphSegments += subpathSegments;
    }
    subpathSegments = 0;
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
    resetPath();
  }

  @Override
  public void strokePath() {
    endSubpath();
    drawn(glyphSegments + pixelSegments);
  }

  @Override
  public void fillPath(int windingRule) {
    endSubpath();
    drawn(pathSegments + pixelSegments);
  }

  @Override
  public void fillAndStrokePath(int windingRule) {
    fillPath(windingRule);
  }

  /** Adds {@code segments} painted to the page's count, and starts a new path. */
  private void drawn(int segments) {
    drawnSegments = (int) Math.min(Integer.MAX_VALUE, (long) drawnSegments + segments);
    resetPath();
  }

  private void resetPath() {
    pathSegments = 0;
    glyphSegments = 0;
    pixelSegments = 0;
    subpathSegments = 0;
  }

  @Override
  public void shadingFill(COSName shadingName) {
  }
}
