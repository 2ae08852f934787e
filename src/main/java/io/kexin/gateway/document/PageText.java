package io.kexin.gateway.document;

import java.io.IOException;
import java.util.List;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * Writes the text of a PDF's pages as the page images show it: each page's content and the appearances of its
 * annotations (free text, stamps, form fields' widgets), which a viewer draws over the page and which PDFBox's
 * stripper alone leaves out, sorted by position into the page's lines. Checks its {@link Deadline} before every page
 * and every content-stream operator, forms and annotations included. Not thread-safe: one per reading.
 */
final class PageText extends PDFTextStripper {
  private final Deadline deadline;
  private PDPage page;

  PageText(Deadline deadline) {
    this.deadline = deadline;
    setLineSeparator("\n");
    setSortByPosition(true);
  }

  @Override
  protected void startPage(PDPage page) throws IOException {
    deadline.check();
    this.page = page;
    super.startPage(page);
  }

  @Override
  protected void processOperator(Operator operator, List<COSBase> operands) throws IOException {
    deadline.check();
    super.processOperator(operator, operands);
  }

  /** Draws the page's annotations into its text, after its content and before its lines are written. */
  @Override
  protected void writePage() throws IOException {
    for (PDAnnotation annotation : page.getAnnotations()) {
      deadline.check();
      showAnnotation(annotation);
    }
    super.writePage();
  }
}
