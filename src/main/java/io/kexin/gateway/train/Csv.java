package io.kexin.gateway.train;

import java.util.ArrayList;
import java.util.List;

/** Parses RFC 4180 CSV text: quoted fields may hold commas, quotes ({@code ""}) and line breaks. Stateless. */
final class Csv {
  private Csv() {}

  /** Returns the rows of {@code text}, a leading byte-order mark dropped; blank lines are skipped. */
  static List<List<String>> parse(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    int i = !text.isEmpty() && text.charAt(0) == '\uFEFF' ? 1 : 0;
    for (; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        row.add(field.toString());
        field.setLength(0);
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        endRow(rows, row, field);
        row = new ArrayList<>();
      } else {
        field.append(c);
      }
    }
    endRow(rows, row, field);
    return rows;
  }

  private static void endRow(List<List<String>> rows, List<String> row, StringBuilder field) {
    row.add(field.toString());
    field.setLength(0);
    if (row.size() > 1 || !row.get(0).isEmpty()) {
      rows.add(row);
    }
  }
}
