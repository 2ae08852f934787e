package io.kexin.gateway.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kexin.gateway.config.PdfLimits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDMetadata;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.graphics.optionalcontent.PDOptionalContentGroup;
import org.apache.pdfbox.pdmodel.graphics.optionalcontent.PDOptionalContentProperties;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationFileAttachment;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationFreeText;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationText;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDDocumentOutline;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDTextField;
import org.apache.pdfbox.pdmodel.interactive.form.PDXFAResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hides a value in each place of a PDF, besides its page text, that goes to the provider with the file (and that a
 * model given the file may read), in English and in Chinese, and reads it.
 */
public class PdfHiddenTextTest {
  private static final PdfText READER = new PdfText(PdfLimits.DEFAULT);
  private static final String EN = "AKIAQ3EGRT5LMWX2ZUTB";
  private static final String ZH = "身份证 11010519491231002X";

  /** A place in a PDF beside its page text, and how a value is put there. */
  public enum Place {
    /** A note (a sticky-note annotation): its text shows in a popup. */
    NOTE(false) {
      @Override
      public void hide(PDDocument doc, String value) throws IOException {
        PDAnnotationText note = new PDAnnotationText();
        note.setRectangle(new PDRectangle(50, 500, 20, 20));
        note.setContents(value);
        annotate(doc, note);
      }
    },
    /** A free-text annotation: its contents, and an appearance that draws them on the page. */
    FREE_TEXT(true) {
      @Override
      public void hide(PDDocument doc, String value) throws IOException {
        PDAnnotationFreeText box = new PDAnnotationFreeText();
        box.setRectangle(new PDRectangle(50, 400, 400, 20));
        box.setContents("see the box");
        TestPdfs.drawn(doc, box, value);
        annotate(doc, box);
      }
    },
    /** A form field whose widget draws a value other than the one the field holds. */
    WIDGET_APPEARANCE(true) {
      @Override
      public void hide(PDDocument doc, String value) throws IOException {
        PDAnnotationWidget widget = field(doc, "n/a").getWidgets().get(0);
        TestPdfs.drawn(doc, widget, value);
      }
    },
    /** A form field's value, with no appearance. */
    FIELD_VALUE(false) {
      @Override
      public void hide(PDDocument doc, String value) throws IOException {
        field(doc, value);
      }
    },
    /** An XFA form's data. */
    XFA(false) {
      @Override
      public void hide(PDDocument doc, String value) throws IOException {
        PDAcroForm form = new PDAcroForm(doc);
        doc.getDocumentCatalog().setAcroForm(form);
        COSStream xfa = doc.getDocument().createCOSStream();
        try (OutputStream out = xfa.createOutputStream()) {
          out.write(("<xdp:xdp xmlns:xdp=\"http://ns.adobe.com/xdp/\"><xfa:datasets xmlns:xfa=\"http://www.xfa.org/"
              + "schema/xfa-data/1.0/\"><xfa:data><form><note>" + value + "</note></form></xfa:data></xfa:datasets>"
              + "</xdp:xdp>").getBytes(StandardCharsets.UTF_8));
        }
        form.setXFA(new PDXFAResource(xfa));
      }
    },
    /** The document information's title, subject, keywords and author. */
    INFO(false) {
      @Override
      public void hide(PDDocument doc, String value) throws IOException {
        doc.getDocumentInformation().setTitle("t " + value);
        doc.getDocumentInformation().setSubject("s " + value);
        doc.getDocumentInformation().setKeywords("k " + value);
        doc.getDocumentInformation().setAuthor("a " + value);
      }
    },
    /** The XMP metadata's description. */
    XMP(false) {
      @Override
      public void hide(PDDocument doc, String value) throws IOException {
        String xmp = "<?xpacket begin=\"\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?><x:xmpmeta xmlns:x=\"adobe:ns:meta/\">"
            + "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description rdf:about=\"\""
            + " xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">"
            + value + "</rdf:li></rdf:Alt></dc:description></rdf:Description></rdf:RDF></x:xmpmeta>"
            + "<?xpacket end=\"w\"?>";
        doc.getDocumentCatalog().setMetadata(new PDMetadata(doc,
            new ByteArrayInputStream(xmp.getBytes(StandardCharsets.UTF_8))));
      }
    },
    /** A bookmark's title, under another bookmark. */
    OUTLINE(false) {
      @Override
      public void hide(PDDocument doc, String value) throws IOException {
        PDDocumentOutline outline = new PDDocumentOutline();
        PDOutlineItem chapter = new PDOutlineItem();
        chapter.setTitle("Chapter 1");
        PDOutlineItem section = new PDOutlineItem();
        section.setTitle(value);
        chapter.addLast(section);
        outline.addLast(chapter);
        doc.getDocumentCatalog().setDocumentOutline(outline);
      }
    },
    /** A text file attached to the document. */
    TEXT_ATTACHMENT(false) {
      @Override
      public void hide(PDDocument doc, String value) throws IOException {
        attach(doc, "notes.txt", ("notes: " + value + "\n").getBytes(StandardCharsets.UTF_8));
      }
    },
    /** A PDF attached to the document, whose page shows the value. */
    PDF_ATTACHMENT(true) {
      @Override
      public void hide(PDDocument doc, String value) throws IOException {
        attach(doc, "inner.pdf", TestPdfs.pdf("inner page", value));
      }
    },
    /** A text file attached to a page as a file-attachment annotation. */
    ANNOTATION_ATTACHMENT(false) {
      @Override
      public void hide(PDDocument doc, String value) throws IOException {
        PDAnnotationFileAttachment pin = new PDAnnotationFileAttachment();
        pin.setRectangle(new PDRectangle(50, 300, 20, 20));
        pin.setFile(file(doc, "pinned.txt", value.getBytes(StandardCharsets.UTF_8)));
        annotate(doc, pin);
      }
    },
    /** Page text in an optional-content layer that is off: not drawn on the page image, but in its text. */
    HIDDEN_LAYER(true) {
      @Override
      public void hide(PDDocument doc, String value) throws IOException {
        PDOptionalContentProperties layers = new PDOptionalContentProperties();
        PDOptionalContentGroup hidden = new PDOptionalContentGroup("hidden");
        layers.addGroup(hidden);
        layers.setGroupEnabled(hidden, false);
        doc.getDocumentCatalog().setOCProperties(layers);
        PDPage page = doc.getPage(0);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page, PDPageContentStream.AppendMode.APPEND,
            true)) {
          cs.beginMarkedContent(COSName.OC, hidden);
          cs.beginText();
          cs.newLineAtOffset(50, 200);
          TestPdfs.show(cs, doc, 10, value);
          cs.endText();
          cs.endMarkedContent();
        }
      }
    };

    /** Whether the value is drawn with a font, which for Chinese must be on the machine. */
    final boolean drawn;

    Place(boolean drawn) {
      this.drawn = drawn;
    }

    /** Puts {@code value} in this place of {@code doc}. */
    public abstract void hide(PDDocument doc, String value) throws IOException;

    static void annotate(PDDocument doc, PDAnnotation annotation) throws IOException {
      PDPage page = doc.getPage(0);
      annotation.setPage(page);
      page.getAnnotations().add(annotation);
    }

    static PDTextField field(PDDocument doc, String value) throws IOException {
      PDAcroForm form = new PDAcroForm(doc);
      doc.getDocumentCatalog().setAcroForm(form);
      PDTextField field = new PDTextField(form);
      field.setPartialName("note");
      form.getFields().add(field);
      PDAnnotationWidget widget = field.getWidgets().get(0);
      widget.setRectangle(new PDRectangle(50, 450, 400, 20));
      annotate(doc, widget);
      // the value itself, without the appearance PDFBox would build for it
      field.getCOSObject().setString(COSName.V, value);
      return field;
    }

    static PDComplexFileSpecification file(PDDocument doc, String name, byte[] bytes) throws IOException {
      PDEmbeddedFile embedded = new PDEmbeddedFile(doc, new ByteArrayInputStream(bytes), COSName.FLATE_DECODE);
      embedded.setSize(bytes.length);
      PDComplexFileSpecification file = new PDComplexFileSpecification();
      file.setFile(name);
      file.setEmbeddedFile(embedded);
      return file;
    }

    static void attach(PDDocument doc, String name, byte[] bytes) throws IOException {
      PDEmbeddedFilesNameTreeNode files = new PDEmbeddedFilesNameTreeNode();
      files.setNames(Map.of(name, file(doc, name, bytes)));
      PDDocumentNameDictionary names = new PDDocumentNameDictionary(doc.getDocumentCatalog());
      names.setEmbeddedFiles(files);
      doc.getDocumentCatalog().setNames(names);
    }
  }

  static Stream<Arguments> places() {
    return Stream.of(Place.values()).flatMap(p -> Stream.of(Arguments.of(p, "en", EN), Arguments.of(p, "zh", ZH)));
  }

  @ParameterizedTest(name = "{0} ({1})")
  @MethodSource("places")
  void aValueBesideThePageTextIsRead(Place place, String language, String value) {
    assumeTrue(!place.drawn || value.equals(EN) || TestPdfs.cjkFont() != null, "no CJK TrueType font on this machine");
    byte[] pdf = TestPdfs.edited(doc -> place.hide(doc, value), "Quarterly report.");

    FileReading reading = READER.read(pdf);

    assertThat(reading.read()).as(reading.unreadable()).isTrue();
    assertThat(reading.text()).contains("Quarterly report.").contains(value);
  }

  @Test
  void aDrawnAnnotationIsReadWhereItShowsOnThePage() {
    byte[] pdf = TestPdfs.edited(doc -> Place.WIDGET_APPEARANCE.hide(doc, "Signed: J. Smith"), "Quarterly report.");

    FileReading reading = READER.read(pdf);

    // the widget sits below the page's first line, as the page image shows it
    assertThat(reading.text()).startsWith("Quarterly report.\nSigned: J. Smith\n");
  }

  @Test
  void anAttachmentThatIsNeitherTextNorAPdfIsUnreadable() {
    byte[] zip = {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0, (byte) 0x9c, 0x11, 0x01, 0x02, (byte) 0xff, (byte) 0xfe, 0, 0,
        (byte) 0x80, (byte) 0x81, 0x7f, 0x05, 0x06, 0x07, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17};
    byte[] pdf = TestPdfs.edited(doc -> Place.attach(doc, "data.zip", zip), "Quarterly report.");

    FileReading reading = READER.read(pdf);

    assertThat(reading.read()).isFalse();
    assertThat(reading.unreadable()).isEqualTo("has an attachment that is neither text nor a PDF");
  }

  @Test
  void aNestedPdfCountsAgainstTheSameBounds() {
    byte[] pdf = TestPdfs.edited(doc -> Place.attach(doc, "inner.pdf", TestPdfs.pages(2, null, "inner page")),
        "outer page");

    assertThat(new PdfText(new PdfLimits(null, 3, null, null, null, null)).read(pdf).read()).isTrue();
    assertThat(new PdfText(new PdfLimits(null, 2, null, null, null, null)).read(pdf).unreadable())
        .isEqualTo("has 3 pages, over the 2 read");
  }

  @Test
  void anEncryptedAttachmentIsUnreadable() {
    byte[] pdf = TestPdfs.edited(doc -> Place.attach(doc, "locked.pdf", TestPdfs.pages(1, "user-secret", "x")),
        "outer page");

    assertThat(READER.read(pdf).unreadable()).isEqualTo("has an attachment that is encrypted with a password");
  }
}
