package com.example.kexin.bank;

import io.kexin.gateway.plugin.Match;
import io.kexin.gateway.plugin.PluginDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds runs of digits (ASCII or full-width, optionally grouped by single spaces or hyphens) of an allowed length and
 * prefix whose last digit is the Luhn check digit; with context required, only after a context word (English or
 * Chinese) within {@link #WINDOW} characters. Immutable and thread-safe.
 */
final class BankAccountDetector implements PluginDetector {
  static final int WINDOW = 24;
  private final int minDigits;
  private final int maxDigits;
  private final List<String> prefixes;
  private final List<String> context;
  private final boolean requireContext;

  BankAccountDetector(int minDigits, int maxDigits, List<String> prefixes, List<String> context,
      boolean requireContext) {
    this.minDigits = minDigits;
    this.maxDigits = maxDigits;
    this.prefixes = List.copyOf(prefixes);
    this.context = context.stream().map(w -> w.toLowerCase(Locale.ROOT)).toList();
    this.requireContext = requireContext;
  }

  @Override
  public List<Match> scan(String text) {
    List<Match> out = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      if (Character.digit(text.charAt(i), 10) < 0 || i > 0 && asciiWord(text.charAt(i - 1))) {
        i++;
        continue;
      }
      StringBuilder digits = new StringBuilder();
      int end = i;
      int j = i;
      while (j < text.length()) {
        char c = text.charAt(j);
        int d = Character.digit(c, 10);
        if (d >= 0) {
          digits.append((char) ('0' + d));
          end = ++j;
        } else if ((c == ' ' || c == '-') && j + 1 < text.length() && Character.digit(text.charAt(j + 1), 10) >= 0
            && j > i) {
          j++;
        } else {
          break;
        }
      }
      boolean bounded = end == text.length() || !asciiWord(text.charAt(end));
      if (bounded && digits.length() >= minDigits && digits.length() <= maxDigits && prefixed(digits)
          && luhn(digits)) {
        boolean near = nearContext(text, i);
        if (near || !requireContext) {
          out.add(new Match(i, end, "BANK_ACCOUNT", near ? 0.95 : 0.6,
              digits.length() + "-digit number with a valid Luhn check digit" + (near ? " after an account word"
                  : "")));
        }
      }
      i = Math.max(end, i + 1);
    }
    return out;
  }

  /** Says whether {@code c} continues a word: an ASCII letter or digit (a Chinese word may touch the number). */
  private static boolean asciiWord(char c) {
    return c < 0x80 && Character.isLetterOrDigit(c);
  }

  private boolean prefixed(CharSequence digits) {
    if (prefixes.isEmpty()) {
      return true;
    }
    for (String p : prefixes) {
      if (digits.length() >= p.length() && digits.subSequence(0, p.length()).toString().equals(p)) {
        return true;
      }
    }
    return false;
  }

  private boolean nearContext(String text, int start) {
    String before = text.substring(Math.max(0, start - WINDOW), start).toLowerCase(Locale.ROOT);
    for (String w : context) {
      if (before.contains(w)) {
        return true;
      }
    }
    return false;
  }

  /** Says whether the last digit of {@code digits} is the Luhn check digit of the others. */
  static boolean luhn(CharSequence digits) {
    int sum = 0;
    for (int k = 0; k < digits.length(); k++) {
      int d = digits.charAt(digits.length() - 1 - k) - '0';
      if (k % 2 == 1) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
    }
    return sum % 10 == 0;
  }

  @Override
  public int maxMatchLength() {
    // every digit may be followed by one separator, and one more character tells that the run ended; the context
    // words are read before the match, within the window
    return Math.max(2 * maxDigits + 1, WINDOW);
  }
}
