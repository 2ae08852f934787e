package io.kexin.gateway.detect.person;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Holds the shipped name lists: given names, firms named after people, every word of the Latin lists with its kind
 * bits ({@link LatinNames#GIVEN}: a given name, one that is also an English word, a family name, a place, a
 * capitalized word that is no name), and for Chinese the surnames by frequency, the characters of given names and the
 * common words that begin with a surname character. Immutable and thread-safe.
 */
record NameLists(TokenSet given, TokenSet firms, TokenSet kinds, HanTables han) {

  /** Returns the lists shipped with the gateway. */
  static NameLists shipped() {
    Set<String> words = words("given-names-words.txt");
    Set<String> given = words("given-names.txt");
    given.removeAll(words);
    Set<String> surnames = words("surnames.txt");
    Set<String> notNames = words("not-names.txt");
    Set<String> places = words("places.txt");
    // The lists of a capitalized word's kind in one table, so that each word costs one probe, not five.
    Map<String, Integer> kinds = new LinkedHashMap<>();
    given.forEach(w -> kinds.merge(w, LatinNames.GIVEN, (a, b) -> a | b));
    words.forEach(w -> kinds.merge(w, LatinNames.GIVEN_WORD, (a, b) -> a | b));
    surnames.forEach(w -> kinds.merge(w, LatinNames.SURNAME, (a, b) -> a | b));
    places.forEach(w -> kinds.merge(w, LatinNames.PLACE, (a, b) -> a | b));
    notNames.forEach(w -> kinds.merge(w, LatinNames.NOT_NAME, (a, b) -> a | b));
    return new NameLists(new TokenSet(given), new TokenSet(lines("firms.txt")), new TokenSet(kinds),
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
