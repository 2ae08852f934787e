package io.kexin.gateway.config;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Reads a UTF-8 text file whole, up to {@code maxBytes}: a larger file is refused with its size and the limit
 * before it is read, and a byte that is not UTF-8 is refused with the file, line and column (in characters) and
 * byte offset where it is. {@code kind} names the file in messages ("policy file", "word list"). Immutable.
 */
public record TextFileReader(String kind, long maxBytes) {
  public TextFileReader {
    requireNonNull(kind, "kind");
    if (maxBytes <= 0 || maxBytes >= Integer.MAX_VALUE) {
      throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: 1.." + (Integer.MAX_VALUE - 1) + ")");
    }
  }

  /**
   * Returns the text of {@code file}.
   *
   * @throws NoSuchFileException when it does not exist, for the caller to say what it expected there
   * @throws ConfigException when it is too large, not UTF-8 or cannot be read
   */
  public String read(Path file) throws NoSuchFileException {
    byte[] bytes;
    try {
      long size = Files.size(file);
      if (size > maxBytes) {
        throw tooLarge(file, Long.toString(size));
      }
      try (InputStream in = Files.newInputStream(file)) {
        // Read no more than the limit allows even if the file grew since its size was taken.
        bytes = in.readNBytes((int) maxBytes + 1);
      }
    } catch (NoSuchFileException e) {
      throw e;
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read " + kind + ": " + e.getMessage());
    }
    if (bytes.length > maxBytes) {
      throw tooLarge(file, "more than " + maxBytes);
    }
    return decode(file, bytes);
  }

  private ConfigException tooLarge(Path file, String size) {
    return new ConfigException(file + ": " + kind + " of " + size + " bytes (expected: at most " + maxBytes
        + " bytes" + (maxBytes % (1 << 20) == 0 ? ", " + maxBytes / (1 << 20) + " MiB" : "") + ")");
  }

  /** Decodes {@code bytes} strictly, naming the line, column and offset of the first invalid byte. */
  private String decode(Path file, byte[] bytes) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      int offset = in.position();
      int lineStart = 0;
      int line = 1;
      for (int i = 0; i < offset; i++) {
        if (bytes[i] == '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      // What precedes the bad byte decoded, so the column counts characters, not bytes.
      String before = new String(bytes, lineStart, offset - lineStart, StandardCharsets.UTF_8);
      int column = before.codePointCount(0, before.length()) + 1;
      throw new ConfigException(file.toString(), line, column, "invalid UTF-8: byte 0x"
          + HexFormat.of().withUpperCase().toHexDigits(bytes[offset]) + " at offset " + offset
          + " (expected: a UTF-8 text " + kind + ")");
    }
    return out.flip().toString();
  }
}
