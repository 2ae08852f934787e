package io.kexin.gateway.document;

/**
 * Reads the text of XML that a PDF carries (XMP metadata, XFA form data, rich-text annotation contents): the text
 * between tags, comments and character data included, and the values of attributes other than namespace
 * declarations, each run on a line of its own; entities are left as written, for the detectors decode them.
 * Hand-written as one linear pass because inspection needs only the text: an XML parser would build a tree, and
 * would have to be kept from fetching or expanding the entities the file declares. Stateless and thread-safe.
 */
final class MarkupText {
  private MarkupText() {
  }

  /** Returns the text of {@code xml}, one run a line. */
  static String of(String xml) {
    StringBuilder out = new StringBuilder(xml.length() / 2);
    int i = 0;
    int n = xml.length();
    while (i < n) {
      int open = xml.indexOf('<', i);
      run(out, xml, i, open < 0 ? n : open);
      if (open < 0) {
        break;
      }
      if (xml.startsWith("<!--", open)) {
        int close = end(xml, "-->", open + 4);
        run(out, xml, open + 4, close);
        i = close + 3;
      } else if (xml.startsWith("<![CDATA[", open)) {
        int close = end(xml, "]]>", open + 9);
        run(out, xml, open + 9, close);
        i = close + 3;
      } else if (xml.startsWith("<?", open)) {
        i = end(xml, "?>", open + 2) + 2;
      } else {
        i = attributes(out, xml, open + 1);
      }
    }
    return out.toString();
  }

  /** Adds the attribute values of the tag from {@code at}, then returns the index after it. */
  private static int attributes(StringBuilder out, String xml, int at) {
    int i = at;
    int nameStart = -1;
    String name = "";
    while (i < xml.length()) {
      char c = xml.charAt(i);
      if (c == '>') {
        return i + 1;
      }
      if (c == '"' || c == '\'') {
        int close = xml.indexOf(c, i + 1);
        close = close < 0 ? xml.length() : close;
        if (!name.equals("xmlns") && !name.startsWith("xmlns:")) {
          run(out, xml, i + 1, close);
        }
        i = close + 1;
        continue;
      }
      if (c == '=' && nameStart >= 0) {
        name = xml.substring(nameStart, i).strip();
        nameStart = -1;
      } else if (Character.isWhitespace(c)) {
        nameStart = i + 1;
      }
      i++;
    }
    return i;
  }

  private static int end(String xml, String mark, int from) {
    int at = xml.indexOf(mark, from);
    return at < 0 ? xml.length() : at;
  }

  private static void run(StringBuilder out, String xml, int from, int to) {
    while (from < to && Character.isWhitespace(xml.charAt(from))) {
      from++;
    }
    while (to > from && Character.isWhitespace(xml.charAt(to - 1))) {
      to--;
    }
    if (from < to) {
      out.append(xml, from, to).append('\n');
    }
  }
}
