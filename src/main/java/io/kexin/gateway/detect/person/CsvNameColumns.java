package io.kexin.gateway.detect.person;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds names in the columns of a CSV or tab-separated table whose header names them ({@code first_name},
 * {@code Last Name}, {@code 姓名}, {@code 联系人} …): the value of such a column on each row under the header, when it
 * is one to three capitalized Latin words or two to four Chinese characters starting with a surname. A header of a
 * first or last name takes one word, a header of a whole name two or more, so a company in a {@code name} column
 * ({@code Acme}) is left alone, and so is one whose last word makes it a company's ({@code ACME CORP}). Immutable and
 * thread-safe.
 */
final class CsvNameColumns {
  /** Headers of a column holding one part of a name: one word is a name there. */
  private static final Set<String> PART_HEADERS = Set.of("first name", "first_name", "firstname", "last name",
      "last_name", "lastname", "given name", "given_name", "givenname", "surname", "family name", "family_name",
      "familyname");
  /** Headers of a column holding a whole name: two or three words, or a Chinese name. */
  private static final Set<String> WHOLE_HEADERS = Set.of("name", "full name", "full_name", "fullname",
      "contact name", "contact_name", "guest name", "guest_name", "cardholder", "card holder", "holder name",
      "shipping_name", "billing_name", "shipping name", "billing name", "recipient name", "recipient_name", "customer name", "customer_name",
      "employee name", "employee_name", "patient name", "patient_name", "姓名", "名字", "联系人", "聯絡人", "联络人",
      "聯繫人", "收件人", "收货人", "收貨人", "客户姓名", "客戶姓名", "学生姓名", "學生姓名", "乘客姓名", "住客姓名",
      "户名", "戶名", "对方户名", "對方戶名", "收款人", "付款人", "收款人姓名", "付款人姓名");
  /** Bounds the columns of a header and the rows read under it. */
  private static final int MAX_COLUMNS = 40;
  private static final int MAX_ROWS = 2000;
  /** Bounds a header field's length with its quotes and spaces. */
  private static final int MAX_HEADER = 20;
  private static final double SCORE = 0.85;
  /** Numerals that, alone after a surname, number a stand-in (张三, 李四, 孙八). */
  private static final String NUMERALS = "一二三四五六七八九十";
  private static final String WHY = "a value in a name column under a table's header";

  private final HanTables han;

  CsvNameColumns(HanTables han) {
    this.han = han;
  }

  /**
   * What a header line holds when it names a name column: found with {@link String#indexOf(String, int)}, so a text
   * with none of them costs a few vectorized searches and no walk of its own.
   */
  private static final String[] TELLTALES = {"ame", "AME", "urname", "URNAME", "older", "OLDER", "姓名", "名字",
      "联系人", "聯絡人", "联络人", "聯繫人", "收件人", "收货人", "收貨人", "户名", "戶名", "款人"};

  /** Adds to {@code out} the names in name columns of the tables in {@code text}, whose units are {@code units}. */
  void find(String text, char[] units, int n, List<NameSpan> out) {
    // a header's rows stand on lines after it, each with a separator: no separator after a line break, no table
    int firstBreak = text.indexOf('\n');
    if (firstBreak < 0 || text.indexOf(',', firstBreak) < 0 && text.indexOf('\t', firstBreak) < 0) {
      return;
    }
    int[] headers = null;
    int count = 0;
    for (String t : TELLTALES) {
      for (int at = text.indexOf(t); at >= 0 && at < n; at = text.indexOf(t, at + 1)) {
        int from = at;
        while (from > 0 && units[from - 1] != '\n') {
          from--;
        }
        int to = lineEnd(units, n, at);
        if (to - from <= 600 && separated(units, from, to) && header(units, from, to) != null) {
          if (headers == null) {
            headers = new int[4];
          } else if (count == headers.length) {
            headers = Arrays.copyOf(headers, count * 2);
          }
          headers[count++] = from;
        }
        at = to;
      }
    }
    if (count == 0) {
      return;
    }
    Arrays.sort(headers, 0, count);
    int done = -1;
    for (int i = 0; i < count; i++) {
      if (headers[i] > done) {
        int to = lineEnd(units, n, headers[i]);
        done = rows(units, n, headers[i], to, header(units, headers[i], to), out);
      }
    }
  }

  private static boolean separated(char[] units, int from, int to) {
    for (int p = from; p < to; p++) {
      if (units[p] == ',' || units[p] == '\t') {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns the name columns of the header {@code [from, to)}, each as its index times two plus one for a whole
   * name, in column order, or null when it names none.
   */
  private static int[] header(char[] units, int from, int to) {
    char sep = separator(units, from, to);
    int[] columns = null;
    int count = 0;
    int p = from;
    for (int column = 0; p <= to && column < MAX_COLUMNS; column++) {
      int end = fieldEnd(units, p, to, sep);
      // headers are short: a longer field is prose or a value, and is not copied to be looked up
      int kind = end - p > MAX_HEADER || !mayName(units, p, end) ? -1
          : kind(unquoted(units, p, end).toLowerCase(Locale.ROOT));
      if (kind >= 0) {
        if (columns == null) {
          columns = new int[MAX_COLUMNS];
        }
        columns[count++] = column * 2 + kind;
      }
      p = end + 1;
    }
    return columns == null ? null : Arrays.copyOf(columns, count);
  }

  /**
   * Reads the rows under the header {@code [from, to)} whose name columns are {@code whole} (see {@link #header}),
   * adding their names; returns the end of the last row read.
   */
  private int rows(char[] units, int n, int from, int to, int[] whole, List<NameSpan> out) {
    char sep = separator(units, from, to);
    int line = to + 1;
    int last = to;
    for (int row = 0; row < MAX_ROWS && line < n; row++) {
      int lineEnd = lineEnd(units, n, line);
      if (lineEnd == line || !separated(units, line, lineEnd)) {
        break;
      }
      int column = 0;
      int q = line;
      int k = 0;
      while (q <= lineEnd && k < whole.length) {
        int end = fieldEnd(units, q, lineEnd, sep);
        if (column == whole[k] / 2) {
          name(units, q, end, (whole[k] & 1) == 1, out);
          k++;
        }
        column++;
        q = end + 1;
      }
      last = lineEnd;
      line = lineEnd + 1;
    }
    return last;
  }

  /** Adds the field {@code [from, to)} as a name when it reads as one ({@code whole}: a whole name is asked). */
  private void name(char[] units, int from, int to, boolean whole, List<NameSpan> out) {
    while (from < to && (units[from] == ' ' || units[from] == '"')) {
      from++;
    }
    while (to > from && (units[to - 1] == ' ' || units[to - 1] == '"' || units[to - 1] == '\r')) {
      to--;
    }
    int length = to - from;
    if (length == 0) {
      return;
    }
    if (HanTables.han(units[from])) {
      // a surname and a numeral (张三, 孙八, 钱九) is a stand-in, the way tables of examples number their rows
      if (length >= 2 && length <= 4 && han.mayBeginName(units[from]) && allHan(units, from, to)
          && (han.surname(units[from]) != 0 || han.compound(units, from, to))
          && !(length == 2 && NUMERALS.indexOf(units[from + 1]) >= 0)) {
        out.add(new NameSpan(from, to, SCORE, WHY));
      }
      return;
    }
    int words = 0;
    boolean startOfWord = true;
    for (int p = from; p < to; p++) {
      char c = units[p];
      if (c == ' ') {
        if (startOfWord || p - 1 == from || units[p - 2] == ' ') {
          // a letter standing alone (Person A) numbers a stand-in; an initial has its dot
          return;
        }
        startOfWord = true;
      } else if (startOfWord) {
        if (!LatinNames.upper(c)) {
          return;
        }
        words++;
        startOfWord = false;
      } else if (!Character.isLetter(c) && c != '-' && c != '\'' && c != '.') {
        return;
      }
    }
    if (words >= (whole ? 2 : 1) && words <= 3 && length >= 2 && length <= 40 && units[to - 2] != ' '
        && !firm(units, from, to)) {
      out.add(new NameSpan(from, to, SCORE, WHY));
    }
  }

  /** Last words, lower-case, that make a value a company's name ({@code ACME CORP}, {@code Northwind Ltd.}). */
  private static final Set<String> FIRM_ENDS = Set.of("corp", "corp.", "inc", "inc.", "llc", "ltd", "ltd.", "co.",
      "gmbh", "plc", "company", "limited", "group");

  /** Says whether the last word of the value {@code [from, to)} makes it a company's name. */
  private static boolean firm(char[] units, int from, int to) {
    int p = to;
    while (p > from && units[p - 1] != ' ') {
      p--;
    }
    return p > from && to - p <= 8 && FIRM_ENDS.contains(new String(units, p, to - p).toLowerCase(Locale.ROOT));
  }

  /**
   * Says whether the field {@code [from, to)} may be a header of the lists: it holds {@code am} (name, surname), {@code
   * ol} (holder) or a Chinese header's character, ignoring case; the others are not copied to be looked up.
   */
  private static boolean mayName(char[] units, int from, int to) {
    for (int p = from; p < to; p++) {
      char c = units[p];
      if (c == '名' || c == '人') {
        return true;
      }
      if (p + 1 < to) {
        int a = c | 0x20;
        int b = units[p + 1] | 0x20;
        if (a == 'a' && b == 'm' || a == 'o' && b == 'l') {
          return true;
        }
      }
    }
    return false;
  }

  /** Returns 0 for a header of a part of a name, 1 for one of a whole name, else -1. */
  private static int kind(String field) {
    return PART_HEADERS.contains(field) ? 0 : WHOLE_HEADERS.contains(field) ? 1 : -1;
  }

  private static boolean allHan(char[] units, int from, int to) {
    for (int p = from; p < to; p++) {
      if (!HanTables.han(units[p])) {
        return false;
      }
    }
    return true;
  }

  /** Returns the separator of a header line: a tab when it holds one, else a comma. */
  private static char separator(char[] units, int from, int to) {
    for (int p = from; p < to; p++) {
      if (units[p] == '\t') {
        return '\t';
      }
    }
    return ',';
  }

  /** Returns where the field starting at {@code from} ends: the next separator outside quotes, or {@code to}. */
  private static int fieldEnd(char[] units, int from, int to, char sep) {
    boolean quoted = false;
    for (int p = from; p < to; p++) {
      if (units[p] == '"') {
        quoted = !quoted;
      } else if (units[p] == sep && !quoted) {
        return p;
      }
    }
    return to;
  }

  private static String unquoted(char[] units, int from, int to) {
    while (from < to && (units[from] == ' ' || units[from] == '"')) {
      from++;
    }
    while (to > from && (units[to - 1] == ' ' || units[to - 1] == '"' || units[to - 1] == '\r')) {
      to--;
    }
    return new String(units, from, to - from);
  }

  private static int lineEnd(char[] units, int n, int from) {
    int p = from;
    while (p < n && units[p] != '\n') {
      p++;
    }
    return p;
  }
}
