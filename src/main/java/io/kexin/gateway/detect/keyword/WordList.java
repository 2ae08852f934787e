package io.kexin.gateway.detect.keyword;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Holds the terms of a keyword list file: UTF-8, one term a line, trimmed; blank lines and lines whose first
 * visible character is {@code #} are ignored. Immutable.
 */
public record WordList(Path source, List<String> terms) {
  public WordList {
    requireNonNull(source, "source");
    terms = List.copyOf(terms);
  }

  /** Returns the terms of {@code file}; fails with the file and line when it is missing or not UTF-8. */
  public static WordList load(Path file) throws IOException {
    requireNonNull(file, "file");
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "keyword list file not found");
    }
    var decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    byte[] bytes = Files.readAllBytes(file);
    List<String> terms = new ArrayList<>();
    int line = 0;
    for (int from = 0; from < bytes.length; ) {
      int to = from;
      while (to < bytes.length && bytes[to] != '\n') {
        to++;
      }
      line++;
      String s;
      try {
        s = decoder.decode(ByteBuffer.wrap(bytes, from, to - from)).toString();
      } catch (CharacterCodingException e) {
        throw new IOException(file + ":" + line + ": invalid UTF-8 (expected: a UTF-8 text file)", e);
      }
      if (line == 1 && s.startsWith("\uFEFF")) {
        s = s.substring(1);
      }
      String term = s.strip();
      if (!term.isEmpty() && term.charAt(0) != '#') {
        terms.add(term);
      }
      from = to + 1;
    }
    return new WordList(file, terms);
  }
}
