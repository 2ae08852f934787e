package io.kexin.gateway.detect.pii;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Holds the GB/T 2260 codes of every revision shipped ({@code gb2260-counties.txt}, built by
 * {@code tools/gb2260/build.sh}) as a sorted array, each with the year from which no new ID number carries it, and
 * says whether an ID's six-digit area code fits its holder's birth year. Looks up without allocating. Immutable.
 */
final class CountyCodes {
  /** Names what the table says of an area code for a birth year. */
  enum Verdict {
    /** The code is in the table and was in force when or after the holder was born. */
    KNOWN,
    /** The code is in the table and was gone before the holder was born: no number could be given with it. */
    ABOLISHED,
    /** The code is not in the table and the holder was born between the first and the last revision: never real. */
    NEVER,
    /**
     * The code is not in the table and the holder was born in or before the year of the first revision or in or
     * after that of the last: the code may have been abolished before the first one or created after the last.
     */
    UNCOVERED
  }

  static final String RESOURCE = "gb2260-counties.txt";

  private final int[] codes;
  /** Per code, the year from which it is gone, or {@link Integer#MAX_VALUE} while in force. */
  private final int[] until;
  private final int firstYear;
  private final int lastYear;

  private CountyCodes(int[] codes, int[] until, int firstYear, int lastYear) {
    this.codes = codes;
    this.until = until;
    this.firstYear = firstYear;
    this.lastYear = lastYear;
  }

  /** Returns the shipped table. */
  static CountyCodes shipped() {
    try (InputStream in = CountyCodes.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
    }
  }

  /**
   * Returns the table written in {@code text}: {@code #} comments, one line {@code revisions YEAR…}, then one
   * six-digit code per line in ascending order, followed by the year it was gone from when it no longer is in force.
   */
  static CountyCodes parse(String text) {
    String[] lines = text.split("\n");
    int[] codes = new int[lines.length];
    int[] until = new int[lines.length];
    int n = 0;
    int first = -1;
    int last = -1;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split(" ");
      if (parts[0].equals("revisions")) {
        first = year(parts[1], i);
        last = year(parts[parts.length - 1], i);
        continue;
      }
      if (parts.length > 2 || !sixDigits(parts[0])) {
        throw new IllegalArgumentException(RESOURCE + " line " + (i + 1) + ": " + line
            + " (expected: a six-digit code, optionally followed by a year)");
      }
      int code = Integer.parseInt(parts[0]);
      if (n > 0 && code <= codes[n - 1]) {
        throw new IllegalArgumentException(RESOURCE + " line " + (i + 1) + ": " + code
            + " (expected: codes in ascending order, each once)");
      }
      codes[n] = code;
      until[n++] = parts.length == 2 ? year(parts[1], i) : Integer.MAX_VALUE;
    }
    if (first < 0 || n == 0) {
      throw new IllegalArgumentException(RESOURCE + ": no revisions line or no codes");
    }
    return new CountyCodes(Arrays.copyOf(codes, n), Arrays.copyOf(until, n), first, last);
  }

  /** Says what the table knows of area {@code code} for a holder born in {@code birthYear}. */
  Verdict verdict(int code, int birthYear) {
    int at = Arrays.binarySearch(codes, code);
    if (at >= 0) {
      return birthYear > until[at] ? Verdict.ABOLISHED : Verdict.KNOWN;
    }
    return birthYear <= firstYear || birthYear >= lastYear ? Verdict.UNCOVERED : Verdict.NEVER;
  }

  /** Returns the years of the first and the last revision, as {@code 1998–2023}. */
  String years() {
    return firstYear + "–" + lastYear;
  }

  private static boolean sixDigits(String s) {
    if (s.length() != 6 || s.charAt(0) == '0') {
      return false;
    }
    for (int i = 0; i < 6; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static int year(String s, int line) {
    if (s.length() != 4 || !(s.startsWith("19") || s.startsWith("20")) || !Character.isDigit(s.charAt(2))
        || !Character.isDigit(s.charAt(3))) {
      throw new IllegalArgumentException(RESOURCE + " line " + (line + 1) + ": year " + s
          + " (expected: four digits 1900-2099)");
    }
    return Integer.parseInt(s);
  }
}
