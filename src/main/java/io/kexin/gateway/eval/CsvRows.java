package io.kexin.gateway.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits RFC 4180 CSV text into rows of fields: quoted fields may hold commas, doubled quotes and line breaks; a
 * leading byte-order mark is dropped. Read by the evaluation sets and the classifier's training corpus alike.
 * Stateless and thread-safe.
 */
public final class CsvRows {
  private CsvRows() {}

  /** Returns every row of {@code text}, the header included; blank lines are skipped. */
  public static List<List<String>> parse(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    int i = text.startsWith("\uFEFF") ? 1 : 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < n && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        row.add(field.toString());
        field.setLength(0);
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
          i++;
        }
        row.add(field.toString());
        field.setLength(0);
        if (row.size() > 1 || !row.get(0).isEmpty()) {
          rows.add(row);
        }
        row = new ArrayList<>();
      } else {
        field.append(c);
      }
      i++;
    }
    if (field.length() > 0 || !row.isEmpty()) {
      row.add(field.toString());
      rows.add(row);
    }
    return rows;
  }
}
