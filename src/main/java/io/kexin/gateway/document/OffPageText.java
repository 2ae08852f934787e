package io.kexin.gateway.document;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentCatalog;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDMetadata;
import org.apache.pdfbox.pdmodel.common.PDNameTreeNode;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.common.filespecification.PDFileSpecification;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationFileAttachment;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationMarkup;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDDocumentOutline;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineNode;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDField;

/**
 * Writes the text a PDF holds beside what its pages draw, which goes to the provider with the file and which a model
 * given the file may be shown: the document information (title, subject, keywords, author and any other string), the
 * XMP metadata, the bookmarks' titles, the annotations' contents (notes, popups, rich text), the form fields' values
 * and an XFA form's data; and collects the files attached to it (to the document or to a page), for the reading to
 * read as text or as PDFs. Checks its {@link Deadline} between objects. Not thread-safe: one per document.
 */
final class OffPageText {
  /** Document information entries that hold dates or names of the PDF's kind, not text anyone wrote. */
  private static final Set<COSName> NOT_TEXT = Set.of(COSName.CREATION_DATE, COSName.MOD_DATE, COSName.TRAPPED);

  private final PDDocument document;
  private final BoundedText out;
  private final Deadline deadline;
  private final List<Attachment> attachments = new ArrayList<>();
  private final Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
  private final long maxBytes;
  private long bytesLeft;

  /** Holds a file attached to a PDF: its decoded bytes, and whether its declared type says it is text. */
  record Attachment(byte[] bytes, boolean declaredText) {
  }

  /**
   * Creates a reader of {@code document}'s text beside its pages into {@code out}; the decoded bytes of what it
   * reads from streams (metadata, XFA, attachments) are at most {@code maxBytes} together.
   */
  OffPageText(PDDocument document, BoundedText out, Deadline deadline, long maxBytes) {
    this.document = document;
    this.out = out;
    this.deadline = deadline;
    this.maxBytes = maxBytes;
    this.bytesLeft = maxBytes;
  }

  /** Returns the decoded bytes that may still be read beside the pages. */
  long bytesLeft() {
    return bytesLeft;
  }

  /** Writes the text beside the pages, and returns the files attached to the document and its pages. */
  List<Attachment> read() throws IOException {
    PDDocumentCatalog catalog = document.getDocumentCatalog();
    info();
    PDMetadata metadata = catalog.getMetadata();
    if (metadata != null) {
      out.line(MarkupText.of(xml(metadata.getCOSObject())));
    }
    PDDocumentOutline outline = catalog.getDocumentOutline();
    if (outline != null) {
      outline(outline);
    }
    for (PDPage page : document.getPages()) {
      for (PDAnnotation annotation : page.getAnnotations()) {
        annotation(annotation);
      }
    }
    PDAcroForm form = catalog.getAcroForm(null);
    if (form != null) {
      for (PDField field : form.getFieldTree()) {
        deadline.check();
        value(field.getCOSObject().getDictionaryObject(COSName.V));
      }
      xfa(form.getCOSObject().getDictionaryObject(COSName.XFA));
    }
    PDDocumentNameDictionary names = catalog.getNames();
    if (names != null && names.getEmbeddedFiles() != null) {
      files(names.getEmbeddedFiles());
    }
    return attachments;
  }

  private void info() throws Unreadable {
    COSDictionary info = document.getDocumentInformation().getCOSObject();
    for (COSName key : info.keySet()) {
      if (!NOT_TEXT.contains(key) && info.getDictionaryObject(key) instanceof COSString s) {
        out.line(s.getString());
      }
    }
  }

  private void outline(PDOutlineNode node) throws Unreadable {
    for (PDOutlineItem item : node.children()) {
      deadline.check();
      if (!seen.add(item.getCOSObject())) {
        return;
      }
      out.line(item.getTitle());
      outline(item);
    }
  }

  private void annotation(PDAnnotation annotation) throws IOException {
    deadline.check();
    out.line(annotation.getContents());
    if (annotation instanceof PDAnnotationMarkup markup) {
      out.line(markup.getTitlePopup());
      String rich = markup.getRichContents();
      if (rich != null) {
        out.line(MarkupText.of(rich));
      }
    }
    if (annotation instanceof PDAnnotationFileAttachment pin) {
      file(pin.getFile());
    }
  }

  /** Writes a field's value: a string, a name (a check box's state), or a list of them (a list box's choices). */
  private void value(COSBase value) throws Unreadable {
    if (value instanceof COSString s) {
      out.line(s.getString());
    } else if (value instanceof COSName n) {
      out.line(n.getName());
    } else if (value instanceof COSArray array) {
      for (int i = 0; i < array.size(); i++) {
        if (array.getObject(i) instanceof COSString s) {
          out.line(s.getString());
        }
      }
    }
  }

  /** Writes the text of an XFA form: one stream, or an array of names and streams (its packets). */
  private void xfa(COSBase xfa) throws IOException {
    if (xfa instanceof COSStream stream) {
      out.line(MarkupText.of(xml(stream)));
    } else if (xfa instanceof COSArray packets) {
      for (int i = 0; i < packets.size(); i++) {
        deadline.check();
        if (packets.getObject(i) instanceof COSStream stream) {
          out.line(MarkupText.of(xml(stream)));
        }
      }
    }
  }

  private void files(PDNameTreeNode<PDComplexFileSpecification> node) throws IOException {
    deadline.check();
    if (!seen.add(node.getCOSObject())) {
      return;
    }
    Map<String, PDComplexFileSpecification> named = node.getNames();
    if (named != null) {
      for (PDComplexFileSpecification file : named.values()) {
        file(file);
      }
    }
    List<PDNameTreeNode<PDComplexFileSpecification>> kids = node.getKids();
    if (kids != null) {
      for (PDNameTreeNode<PDComplexFileSpecification> kid : kids) {
        files(kid);
      }
    }
  }

  /** Collects the files a file specification embeds, in each of the forms it may hold them. */
  private void file(PDFileSpecification specification) throws IOException {
    deadline.check();
    if (!(specification instanceof PDComplexFileSpecification file) || !seen.add(file.getCOSObject())) {
      return;
    }
    out.line(file.getFileDescription());
    for (PDEmbeddedFile embedded : new PDEmbeddedFile[] {file.getEmbeddedFile(), file.getEmbeddedFileUnicode(),
        file.getEmbeddedFileDos(), file.getEmbeddedFileMac(), file.getEmbeddedFileUnix()}) {
      if (embedded != null && seen.add(embedded.getCOSObject())) {
        String type = embedded.getSubtype();
        attachments.add(new Attachment(bytes(embedded.getCOSObject()), type != null && FileText.textType(type)));
      }
    }
  }

  /** Returns the text of an XML stream: UTF-8, or UTF-16 after a byte-order mark or by its zero bytes. */
  private String xml(COSStream stream) throws IOException {
    return FileText.text(bytes(stream), true);
  }

  /** Returns the decoded bytes of {@code stream}, counted against the bytes left. */
  private byte[] bytes(COSStream stream) throws IOException {
    try (InputStream in = stream.createInputStream()) {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, bytesLeft + 1));
      bytesLeft -= bytes.length;
      if (bytesLeft < 0) {
        throw new Unreadable("holds metadata, forms or attachments of more than " + maxBytes
            + " bytes", true);
      }
      return bytes;
    }
  }
}
