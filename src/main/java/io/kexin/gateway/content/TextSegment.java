package io.kexin.gateway.content;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Objects;

/**
 * Holds one piece of text found in a body: where it lives (RFC 6901 pointer), who wrote it, the text, and the form
 * it has there, which decides how it is decoded before matching and whether it can be rewritten. A reading of texts
 * joined by {@link #PART_BREAK} also holds its {@code parts} (null otherwise), the strings whose join is the text
 * ({@link #joined} makes both), so that it is decoded from them without copying the joined text; they are the text,
 * so they take no part in equality.
 */
public record TextSegment(String jsonPointer, Role role, String text, Form form, List<String> parts) {
  public TextSegment {
    requireNonNull(jsonPointer, "jsonPointer");
    requireNonNull(role, "role");
    requireNonNull(text, "text");
    requireNonNull(form, "form");
    if (parts != null && !breaksAt(text, parts)) {
      throw new IllegalArgumentException("parts: do not join to the text (expected: its strings between "
          + "PART_BREAK units)");
    }
  }

  /** Says whether {@code parts}, joined by {@link #PART_BREAK}, have the length and the breaks of {@code text}. */
  private static boolean breaksAt(String text, List<String> parts) {
    int at = -1;
    for (String part : parts) {
      if (at >= 0 && (at >= text.length() || text.charAt(at) != PART_BREAK)) {
        return false;
      }
      at += 1 + part.length();
    }
    return at == text.length();
  }

  /** Returns a segment of text of {@code form}. */
  public TextSegment(String jsonPointer, Role role, String text, Form form) {
    this(jsonPointer, role, text, form, null);
  }

  /** Returns a reading of {@code parts} (two or more) joined by {@link #PART_BREAK}, which keeps them. */
  public static TextSegment joined(String jsonPointer, Role role, List<String> parts, Form form) {
    String text = String.join(String.valueOf(PART_BREAK), parts);
    for (String part : parts) {
      if (part == null) {
        return new TextSegment(jsonPointer, role, text, form);
      }
    }
    return new TextSegment(jsonPointer, role, text, form, List.copyOf(parts));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TextSegment t && jsonPointer.equals(t.jsonPointer) && role == t.role && text.equals(t.text)
        && form == t.form;
  }

  @Override
  public int hashCode() {
    return Objects.hash(jsonPointer, role, text, form);
  }

  @Override
  public String toString() {
    return "TextSegment[jsonPointer=" + jsonPointer + ", role=" + role + ", text=" + text + ", form=" + form + "]";
  }

  /** Returns a segment of plain string text. */
  public TextSegment(String jsonPointer, Role role, String text) {
    this(jsonPointer, role, text, Form.TEXT);
  }

  /**
   * Points at a request's model name, read as {@link Form#METADATA}: it goes to the provider and into the audit
   * trail, so it is inspected, and a finding there keeps it out of the audit trail.
   */
  public static final String MODEL = "/model";

  /** Ends the pointer of the text inside base64 data ({@link Form#DECODED}), so that a block can say what it was. */
  public static final String DECODED_SUFFIX = "#decoded";

  /** Ends the pointer of the text read from a PDF ({@link Form#DECODED}). */
  public static final String PDF_SUFFIX = "#pdf" + DECODED_SUFFIX;

  /** Ends the pointer of the text read from a PDF with its lines joined ({@link Form#DECODED}). */
  public static final String PDF_LINES_SUFFIX = "#pdf-lines" + DECODED_SUFFIX;

  /** Ends the pointer of the text read from an image by OCR ({@link Form#DECODED}). */
  public static final String OCR_SUFFIX = "#ocr" + DECODED_SUFFIX;

  /** Ends the pointer of texts read as one ({@link Form#JOINED}, {@link Form#TURNS}). */
  public static final String JOINED_SUFFIX = "#joined";

  /** Separates the parts of a {@link Form#JOINED} text: invisible, so detectors read the parts as one text. */
  public static final char PART_BREAK = '\u200B';

  /**
   * Sets apart the runs of joined strings in a {@link Form#SIBLINGS} reading: more line breaks than a detector reads
   * as a separator inside a value; a finding across it does not count.
   */
  public static final String RUN_BREAK = "\n\n\n\n\n\n";

  /** Names the forms text takes in a body. */
  public enum Form {
    /** A JSON string value: rewritten in place. */
    TEXT,
    /** A JSON string whose value is itself JSON text (tool call arguments): escapes decoded, rewrites re-escaped. */
    JSON,
    /** An object key: a finding that would rewrite it blocks instead. */
    KEY,
    /** A JSON number, as written: a finding that would rewrite it blocks instead. */
    NUMBER,
    /** A field that exists to carry a credential to the provider: credential rules do not apply to it. */
    CREDENTIAL,
    /**
     * The text parts of one message read as one, as the model reads them, each part after the first preceded by
     * {@link #PART_BREAK}: only a finding that spans a break counts (the parts are inspected on their own too), and
     * it blocks, since no one part can be rewritten to remove it.
     */
    JOINED,
    /**
     * The texts of several messages read as one (a system prompt and the user turns after it), joined as
     * {@link #JOINED}: only a value split across two of them is sought, so detectors that judge what a text asks
     * ({@code Detector#judgesText}) do not read it, and a value one text holds whole, which its own segment finds, is
     * not found again extended by the text beside it.
     */
    TURNS,
    /**
     * The sibling strings of a request that a model reads together (array elements, an object's values, tool call
     * arguments, every turn and tool definition), near the ends where two of them could join into one value, read as
     * {@link #TURNS}: only a value split across two of them is sought, and it blocks.
     */
    SIBLINGS,
    /**
     * A header or query parameter value the request carries to the provider besides its body: a finding that would
     * rewrite it blocks instead.
     */
    METADATA,
    /** An array of token ids, decoded with the model's tokenizer: a finding that would rewrite it blocks instead. */
    TOKENS,
    /**
     * The text inside base64 data (a file, a document, a data URL), decoded: a finding that would rewrite it blocks
     * instead, since the gateway does not re-encode what it sends.
     */
    DECODED,
    /**
     * The transcript of audio an answer carries beside it: a finding that would rewrite it blocks instead, since the
     * audio would still say what the transcript no longer shows.
     */
    TRANSCRIPT,
    /**
     * An id, a model name or a newer enumerated word an answer carries where its schema declares no text: read by the
     * local rules and rewritten in place; a rule that asks a remote service does not judge it (a call per id and
     * model would add a round trip to every answer and to a stream's first event).
     */
    IDENTIFIER;

    /** Says whether text of this form can be rewritten without changing the body's shape. */
    public boolean rewritable() {
      return this == TEXT || this == JSON || this == CREDENTIAL || this == IDENTIFIER;
    }
  }
}
