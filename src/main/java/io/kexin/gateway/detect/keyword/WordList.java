package io.kexin.gateway.detect.keyword;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Holds the terms of a keyword list file: UTF-8, one term a line, trimmed; blank lines and lines whose first
 * visible character is {@code #} are ignored. Reading the file (bounded, strictly UTF-8) is the caller's.
 * Immutable.
 */
public record WordList(Path source, List<String> terms) {
  public WordList {
    requireNonNull(source, "source");
    terms = List.copyOf(terms);
  }

  /** Returns the terms of {@code text}, the content of the list file {@code source}. */
  public static WordList of(Path source, String text) {
    requireNonNull(source, "source");
    List<String> terms = new ArrayList<>();
    String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
    for (String line : body.split("\n", -1)) {
      String term = line.strip();
      if (!term.isEmpty() && term.charAt(0) != '#') {
        terms.add(term);
      }
    }
    return new WordList(source, terms);
  }
}
