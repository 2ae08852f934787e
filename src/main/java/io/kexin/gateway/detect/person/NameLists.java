package io.kexin.gateway.detect.person;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Holds the shipped name lists: given names (and those that are also English words), family names, capitalized
 * words that are no name, places, firms named after people, and for Chinese the surnames by frequency, the characters of given names and the
 * common words that begin with a surname character. Immutable and thread-safe.
 */
record NameLists(TokenSet given, TokenSet givenWords, TokenSet surnames, TokenSet notNames, TokenSet places,
    TokenSet firms, HanTables han) {

  /** Returns the lists shipped with the gateway. */
  static NameLists shipped() {
    Set<String> words = words("given-names-words.txt");
    Set<String> given = words("given-names.txt");
    given.removeAll(words);
    return new NameLists(new TokenSet(given), new TokenSet(words), new TokenSet(words("surnames.txt")),
        new TokenSet(words("not-names.txt")), new TokenSet(words("places.txt")), new TokenSet(lines("firms.txt")),
        HanTables.of(lines("han-surnames.txt"), lines("han-given.txt"), words("han-not-names.txt"),
            words("han-word-ends.txt")));
  }

  /** Returns the words of a list: lines split at whitespace, {@code #} comments and blank lines skipped. */
  private static Set<String> words(String resource) {
    Set<String> out = new LinkedHashSet<>();
    for (String line : lines(resource)) {
      for (String w : line.split("\\s+")) {
        if (!w.isEmpty()) {
          out.add(w);
        }
      }
    }
    return out;
  }

  /** Returns the lines of a list, trimmed, without {@code #} comments and blank lines. */
  private static List<String> lines(String resource) {
    List<String> out = new ArrayList<>();
    try (InputStream in = NameLists.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = r.readLine()) != null; ) {
        line = line.strip();
        if (!line.isEmpty() && !line.startsWith("#")) {
          out.add(line);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
