package io.kexin.gateway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.content.Role;
import io.kexin.gateway.content.TextSegment;
import io.kexin.gateway.document.ImageText;
import io.kexin.gateway.document.PdfText;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Collects the segments of one body while checking its shape; every shape error names the pointer and never
 * quotes body text. Not thread-safe: one instance per extraction.
 */
final class Collector {

  private final List<TextSegment> segments = new ArrayList<>();
  /** Pointers of the strings added so far, which a {@link Layout} walk then skips. */
  private final Set<String> consumed = new HashSet<>();
  private int mediaParts;
  private final List<PdfData> pdfs = new ArrayList<>();
  private final List<ImageData> images = new ArrayList<>();
  private final List<String> audio = new ArrayList<>();
  /** The texts of the system and user messages read so far, for {@link #message}. */
  private final List<String> turn = new ArrayList<>();
  private String turnAt;
  private int turnMessages;

  /** Adds a text segment. */
  void text(String pointer, Role role, String text) {
    segments.add(new TextSegment(pointer, role, text));
    consumed.add(pointer);
  }

  /**
   * Adds the texts of one message's parts read as one ({@link TextSegment.Form#JOINED}), when there are two or more:
   * a value split across two parts, which the provider puts side by side, is found there.
   */
  void joined(List<String> parts, String pointer, Role role) {
    joined(parts, pointer, role, TextSegment.Form.JOINED);
  }

  private void joined(List<String> parts, String pointer, Role role, TextSegment.Form form) {
    if (parts.size() < 2) {
      return;
    }
    segments.add(TextSegment.joined(pointer + TextSegment.JOINED_SUFFIX, role, parts, form));
  }

  /**
   * Adds an answer's shown texts and the string and number values of its tool calls ({@code tools}) read as one, then
   * the end of those values read with the shown texts after them ({@link TextSegment.Form#TURNS}: values only, and a
   * finding blocks), so that a value split between the text and a call, in either order, or across two calls' values,
   * is found: the client shows the one and hands the other to a tool, and an agent that joins them, or a user who sees
   * both, reads it whole. Each reading ends where its texts end, so a value that ends the calls is not read glued to
   * the words that begin the text ({@code …6467} then {@code my card}).
   */
  void answerWithTools(List<String> shown, List<String> tools, String pointer) {
    if (tools.isEmpty() || shown.isEmpty() && tools.size() < 2) {
      return;
    }
    List<String> all = new ArrayList<>(shown.size() + tools.size());
    all.addAll(shown);
    all.addAll(tools);
    joined(all, pointer, Role.ASSISTANT, TextSegment.Form.TURNS);
    if (!shown.isEmpty()) {
      String values = String.join(String.valueOf(TextSegment.PART_BREAK), tools);
      List<String> after = new ArrayList<>(shown.size() + 1);
      after.add(values.substring(tailStart(values)));
      after.addAll(shown);
      joined(after, pointer, Role.ASSISTANT, TextSegment.Form.TURNS);
    }
  }

  /**
   * Adds texts a client shows side by side as one reading, in order ({@link TextSegment.Form#TURNS}: values only, and
   * a finding blocks): the choices of an answer with {@code n > 1}, each already joined, shown one after the other; an
   * answer's texts with the texts its citations quote (each quote before and after the text that cites it), its
   * search results' and its annotations' titles. A value split across two of them reaches the reader whole.
   */
  void answerShownTogether(List<String> texts, String pointer) {
    joined(texts, pointer, Role.ASSISTANT, TextSegment.Form.TURNS);
  }

  /** Longest end of the calls' values read with the text after them: past any match a rule can make across it. */
  private static final int TOOLS_TAIL = 512;

  /** Returns where the end of {@code values} read before the shown texts starts: at a break or a space. */
  private static int tailStart(String values) {
    if (values.length() <= TOOLS_TAIL) {
      return 0;
    }
    for (int i = values.length() - TOOLS_TAIL; i < values.length(); i++) {
      char c = values.charAt(i);
      if (c == TextSegment.PART_BREAK || Character.isWhitespace(c)) {
        return i + 1;
      }
    }
    return values.length() - TOOLS_TAIL;
  }

  /**
   * Notes that the message at {@code at}, written by {@code role}, holds {@code texts}: the texts of the system and user
   * messages of a conversation are read as one ({@link TextSegment.Form#TURNS}, at the first one's pointer), in order,
   * since the model reads them in one context and a value split across two of them (a system prompt and the user
   * message after it; user turns with an assistant turn between them, "append this to what I said before") reaches it
   * whole. Assistant and tool turns are not part of that reading and do not end it: the sender's own texts are the
   * ones it can split a value across, and an answer between them is skipped as the model is asked to skip it. The
   * texts are set apart by {@link TextSegment#PART_BREAK}, which detectors read through, and only a finding across a
   * break counts, so nothing inside one text is found twice.
   */
  void message(String at, Role role, List<String> texts) {
    if (role != Role.USER && role != Role.SYSTEM || texts.isEmpty()) {
      return;
    }
    if (turnMessages++ == 0) {
      turnAt = at;
    }
    turn.addAll(texts);
  }

  /** Ends the system and user texts (see {@link #message}), adding them read as one when there were two or more. */
  private void endTurn() {
    if (turnMessages >= 2) {
      joined(new ArrayList<>(turn), turnAt, Role.USER, TextSegment.Form.TURNS);
    }
    turn.clear();
    turnMessages = 0;
  }

  /** Returns how many segments were added so far. */
  int size() {
    return segments.size();
  }

  /** Returns the plain texts ({@link TextSegment.Form#TEXT}) of the segments added from position {@code from} on. */
  List<String> textsFrom(int from) {
    List<String> texts = new ArrayList<>(segments.size() - from);
    for (int i = from; i < segments.size(); i++) {
      if (segments.get(i).form() == TextSegment.Form.TEXT) {
        texts.add(segments.get(i).text());
      }
    }
    return texts;
  }

  /** Returns the text of the segment added last: the part an adapter just read. */
  String last() {
    return segments.get(segments.size() - 1).text();
  }

  /** Adds a segment found by a layout walk. */
  void segment(TextSegment segment) {
    segments.add(segment);
  }

  /** Notes that the string at {@code pointer} was added as a segment of its own, so the layout walk skips it. */
  void consume(String pointer) {
    consumed.add(pointer);
  }

  /** Says whether the string at {@code pointer} was added already. */
  boolean consumed(String pointer) {
    return consumed.contains(pointer);
  }

  /** Adds the string at {@code field}, whose value is JSON text (tool arguments); fails if it is not a string. */
  void requiredJson(ObjectNode node, String field, String pointer, Role role) throws UnknownShapeException {
    JsonNode value = node.get(field);
    String at = child(pointer, field);
    if (value == null || !value.isTextual()) {
      throw unexpected(at, value, "string");
    }
    segments.add(new TextSegment(at, role, value.textValue(), TextSegment.Form.JSON));
    consumed.add(at);
  }

  /**
   * Reads the string at {@code pointer}/{@code field} of {@code node} as data when it is base64 (alone, or as a
   * {@code data:} URL) of at least {@value #MIN_DATA} characters, such as an image, audio, a file, a thinking
   * signature or encrypted reasoning: when its bytes are text (a text file, an SVG image, a text document; see
   * {@link DataText}), that text is added as {@link TextSegment.Form#DECODED}, written by {@code role}; either way the
   * string itself is not read as text. Anything else there, a short or non-base64 string included, is left for the
   * layout walk to inspect as text: a value cannot hide in a media field by looking like one. A PDF is kept for the
   * inspection to read ({@link Extraction#pdfs}), and so is an image ({@link Extraction#images}).
   */
  void data(JsonNode node, String field, String pointer, Role role) {
    JsonNode value = node == null ? null : node.get(field);
    if (value == null || !value.isTextual() || !isData(value.textValue())) {
      return;
    }
    byte[] bytes = DataText.bytes(value.textValue());
    if (bytes == null) {
      return;
    }
    JsonNode declared = node.get("media_type");
    String at = child(pointer, field);
    String text = DataText.text(bytes, value.textValue(), declared != null && declared.isTextual()
        ? declared.textValue() : null);
    if (text != null) {
      segments.add(new TextSegment(at + TextSegment.DECODED_SUFFIX, role, text, TextSegment.Form.DECODED));
    }
    if (PdfText.isPdf(bytes)) {
      pdfs.add(new PdfData(at, role, bytes));
    } else if (ImageText.isImage(bytes)) {
      images.add(new ImageData(at, role, bytes));
    }
    consumed.add(at);
  }

  /**
   * Keeps the image that the string at {@code pointer}/{@code field} of {@code node} gives, where {@link #data} did not
   * already: base64 of an image (alone or as a data URL) whatever its size, or anything else but a data URL (a URL, a
   * file id, an image data URL that does not decode into an image), which the gateway cannot read. A data URL of
   * something else (or of SVG, which is text) is left to the layout walk, as {@link #data} leaves it.
   */
  void image(JsonNode node, String field, String pointer, Role role) {
    JsonNode value = node == null ? null : node.get(field);
    String at = child(pointer, field);
    if (value == null || !value.isTextual() || value.textValue().isEmpty() || consumed.contains(at)) {
      return;
    }
    String v = value.textValue();
    byte[] bytes = DataText.bytes(v);
    if (bytes != null && ImageText.isImage(bytes)) {
      images.add(new ImageData(at, role, bytes));
    } else if (!v.startsWith("data:")) {
      images.add(new ImageData(at, role, null));
    } else if (v.startsWith("data:image/") && !v.startsWith("data:image/svg+xml")
        && (bytes == null || !ImageText.isImage(bytes))) {
      // An image data URL the gateway cannot decode into an image (an invisible character or a space inside its
      // base64, a percent-encoded body) may still be one to a lenient decoder: it is kept, as bytes that are no
      // image, so that OCR calls it unreadable instead of letting it pass unread. SVG is text, read as text.
      images.add(new ImageData(at, role, bytes == null ? new byte[0] : bytes));
    }
  }

  /**
   * Reads an opaque token at {@code pointer}/{@code field} of {@code node} ({@link FieldKind#OPAQUE}: a thinking
   * signature, redacted thinking, encrypted reasoning) as {@link #data} does, and a shorter one too: base64 whose
   * bytes are text is read as that text ({@link OpaqueText}), since a client can decode it; a shorter token is also
   * left for the layout walk to read as text.
   */
  void opaque(JsonNode node, String field, String pointer, Role role) {
    JsonNode value = node == null ? null : node.get(field);
    if (value == null || !value.isTextual()) {
      return;
    }
    if (isData(value.textValue())) {
      data(node, field, pointer, role);
      return;
    }
    String text = OpaqueText.of(value.textValue());
    if (text != null) {
      segments.add(new TextSegment(child(pointer, field) + TextSegment.DECODED_SUFFIX, role, text,
          TextSegment.Form.DECODED));
    }
  }

  /** The shortest string taken as binary data; a credential is shorter than this. */
  static final int MIN_DATA = 256;

  /** Says whether {@code s} is base64 of at least {@value #MIN_DATA} characters, alone or as a data URL. */
  static boolean isData(String s) {
    int from = 0;
    if (s.startsWith("data:")) {
      int comma = s.indexOf(";base64,");
      if (comma < 0) {
        return false;
      }
      from = comma + 8;
    }
    if (s.length() - from < MIN_DATA) {
      return false;
    }
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/'
          || c == '=' || c == '-' || c == '_' || c == '\n' || c == '\r')) {
        return false;
      }
    }
    return true;
  }

  /**
   * Notes the audio a model hears at {@code pointer}/{@code field} of {@code node}: any value there but null, since the
   * gateway cannot hear audio whatever form it is given in (its bytes are still read as text by {@link #data} when they
   * are text).
   */
  void audio(JsonNode node, String field, String pointer) {
    JsonNode value = node == null ? null : node.get(field);
    if (value != null && !value.isNull()) {
      audio.add(child(pointer, field));
    }
  }

  /** Counts one media part that is not inspected. */
  void media() {
    mediaParts++;
  }

  /** Returns what was collected. */
  Extraction finish() {
    endTurn();
    return new Extraction(segments, mediaParts, pdfs, images, audio);
  }

  /**
   * Returns what was collected from a request, with its sibling strings read as one where two of them could join into
   * a value ({@link SiblingReading}).
   */
  Extraction finishRequest() {
    endTurn();
    TextSegment siblings = SiblingReading.of(segments);
    if (siblings != null) {
      segments.add(siblings);
    }
    return new Extraction(segments, mediaParts, pdfs, images, audio);
  }

  /** Adds the string at {@code field} if present and not null; fails on any other type. */
  void optionalText(ObjectNode node, String field, String pointer, Role role) throws UnknownShapeException {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return;
    }
    String at = child(pointer, field);
    if (!value.isTextual()) {
      throw unexpected(at, value, "string");
    }
    text(at, role, value.textValue());
  }

  /** Adds the string at {@code field}; fails if it is missing or not a string. */
  void requiredText(ObjectNode node, String field, String pointer, Role role) throws UnknownShapeException {
    JsonNode value = node.get(field);
    String at = child(pointer, field);
    if (value == null || !value.isTextual()) {
      throw unexpected(at, value, "string");
    }
    text(at, role, value.textValue());
  }

  /** Adds every {@code description} string anywhere under a JSON schema or tool definition, as SYSTEM. */
  void schemaDescriptions(JsonNode node, String pointer) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        String at = child(pointer, field.getKey());
        JsonNode value = field.getValue();
        if (value.isTextual() && field.getKey().equals("description")) {
          text(at, Role.SYSTEM, value.textValue());
        } else if (value.isContainerNode()) {
          schemaDescriptions(value, at);
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        schemaDescriptions(node.get(i), child(pointer, i));
      }
    }
  }

  /** Adds every string leaf under {@code node} (object values and array elements, not keys). */
  void stringLeaves(JsonNode node, String pointer, Role role) {
    if (node.isTextual()) {
      text(pointer, role, node.textValue());
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        stringLeaves(field.getValue(), child(pointer, field.getKey()), role);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        stringLeaves(node.get(i), child(pointer, i), role);
      }
    }
  }

  /** Adds the description and parameter descriptions of each tool in an optional {@code tools}-like array. */
  void tools(ObjectNode body, String field, String... nested) throws UnknownShapeException {
    ArrayNode tools = optionalArray(body, field, "");
    if (tools == null) {
      return;
    }
    for (int i = 0; i < tools.size(); i++) {
      String at = child("", field) + "/" + i;
      ObjectNode tool = object(tools.get(i), at);
      schemaParts(tool, at);
      for (String name : nested) {
        JsonNode inner = tool.get(name);
        if (inner != null && !inner.isNull()) {
          schemaParts(object(inner, child(at, name)), child(at, name));
        }
      }
    }
  }

  private void schemaParts(ObjectNode tool, String pointer) throws UnknownShapeException {
    optionalText(tool, "description", pointer, Role.SYSTEM);
    for (String schema : new String[] {"parameters", "input_schema"}) {
      JsonNode value = tool.get(schema);
      if (value != null && value.isContainerNode()) {
        schemaDescriptions(value, child(pointer, schema));
      }
    }
  }

  /** Returns the array at {@code field}; fails if it is missing or not an array. */
  static ArrayNode requiredArray(ObjectNode node, String field, String pointer) throws UnknownShapeException {
    JsonNode value = node.get(field);
    if (value == null || !value.isArray()) {
      throw unexpected(child(pointer, field), value, "array");
    }
    return (ArrayNode) value;
  }

  /** Returns the array at {@code field}, or null if it is missing or null; fails on any other type. */
  static ArrayNode optionalArray(ObjectNode node, String field, String pointer) throws UnknownShapeException {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isArray()) {
      throw unexpected(child(pointer, field), value, "array");
    }
    return (ArrayNode) value;
  }

  /** Returns {@code node} as an object; fails on any other type. */
  static ObjectNode object(JsonNode node, String pointer) throws UnknownShapeException {
    if (node == null || !node.isObject()) {
      throw unexpected(pointer, node, "object");
    }
    return (ObjectNode) node;
  }

  /** Returns the {@code role} of a message; fails if it is missing or not a known role. */
  static Role role(ObjectNode message, String pointer) throws UnknownShapeException {
    JsonNode role = message.get("role");
    String at = child(pointer, "role");
    if (role == null || !role.isTextual()) {
      throw unexpected(at, role, "string");
    }
    try {
      return Role.parse(role.textValue());
    } catch (IllegalArgumentException e) {
      throw new UnknownShapeException(at, "role " + printable(role.textValue())
          + " (expected: system, developer, user, assistant, tool, function)");
    }
  }

  /** Returns the {@code type} string of a part or item; fails if it is missing. */
  static String type(ObjectNode node, String pointer) throws UnknownShapeException {
    JsonNode type = node.get("type");
    if (type == null || !type.isTextual()) {
      throw unexpected(child(pointer, "type"), type, "string");
    }
    return type.textValue();
  }

  /** Returns the error for a part or item type the adapter does not know. */
  static UnknownShapeException unknownType(String pointer, String type, String expected) {
    return new UnknownShapeException(child(pointer, "type"), "type " + printable(type) + " (expected: " + expected + ")");
  }

  /** Returns the error for a node of an unexpected JSON type. */
  static UnknownShapeException unexpected(String pointer, JsonNode found, String expected) {
    String what = found == null ? "missing" : found.getNodeType().name().toLowerCase(Locale.ROOT);
    return new UnknownShapeException(pointer, what + " (expected: " + expected + ")");
  }

  /** Returns a body-supplied name fit for an error message, or a stand-in if it could carry text. */
  static String printable(String name) {
    // Only a fixed word of the schemas: any other name may be a value (a key, a code name) the sender hid there.
    return Vocabulary.contains(name) ? "'" + name + "'" : "<unprintable>";
  }

  /** Returns the pointer to a field of the node at {@code pointer}, escaping per RFC 6901. */
  static String child(String pointer, String field) {
    if (field.indexOf('~') < 0 && field.indexOf('/') < 0) {
      return pointer + "/" + field;
    }
    return pointer + "/" + field.replace("~", "~0").replace("/", "~1");
  }

  /** Returns the pointer to an element of the array at {@code pointer}. */
  static String child(String pointer, int index) {
    return pointer + "/" + index;
  }
}
