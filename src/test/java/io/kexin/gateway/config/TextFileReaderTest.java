package io.kexin.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Checks bounded, strictly UTF-8 reading of text files: the size refusal and the position of a bad byte. */
class TextFileReaderTest {
  @TempDir
  Path dir;

  private final TextFileReader reader = new TextFileReader("policy file", 1 << 20);

  private Path write(byte[]... parts) throws Exception {
    Path file = dir.resolve("f.yaml");
    try (var out = Files.newOutputStream(file)) {
      for (byte[] part : parts) {
        out.write(part);
      }
    }
    return file;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void readsUtf8TextAsIs() throws Exception {
    Path file = write(utf8("\uFEFFname: 机密 😀\r\nnext: x\n"));

    assertThat(reader.read(file)).isEqualTo("\uFEFFname: 机密 😀\r\nnext: x\n");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      English first line     | 'a: plain'           | 1:9  | 8
      Chinese first line     | 'a: 中文说明'         | 1:8  | 15
      Chinese second line    | 'x: 1\\n  描述: 机密'  | 2:9  | 21
      after an emoji         | '😀 ok '              | 1:6  | 8
      English third line     | 'a: 1\\nb: 2\\nc: xy' | 3:6  | 15
      """)
  void namesLineColumnInCharactersAndByteOffsetOfTheFirstBadByte(String name, String before, String at,
      int offset) throws Exception {
    Path file = write(utf8(before.replace("\\n", "\n")), new byte[] {(byte) 0xFF, 'z'}, utf8("\n机密\n"));

    assertThatThrownBy(() -> reader.read(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ":" + at + ": invalid UTF-8: byte 0xFF at offset " + offset
            + " (expected: a UTF-8 text policy file)");
  }

  @Test
  void aCharacterCutShortAtTheEndIsNamedToo() throws Exception {
    byte[] han = utf8("机");
    Path file = write(utf8("a: 机密\nb: "), new byte[] {han[0], han[1]});

    assertThatThrownBy(() -> reader.read(file))
        .hasMessage(file + ":2:4: invalid UTF-8: byte 0xE6 at offset 13 (expected: a UTF-8 text policy file)");
  }

  @Test
  void anOverlongEncodingIsInvalid() throws Exception {
    Path file = write(utf8("a: "), new byte[] {(byte) 0xC0, (byte) 0xAF});

    assertThatThrownBy(() -> reader.read(file)).hasMessageStartingWith(file + ":1:4: invalid UTF-8: byte 0xC0");
  }

  @Test
  void aFileOverTheLimitIsRefusedWithItsSizeBeforeItIsRead() throws Exception {
    Path file = dir.resolve("huge.yaml");
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(10L << 30);
    }

    assertThatThrownBy(() -> reader.read(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ": policy file of 10737418240 bytes (expected: at most 1048576 bytes, 1 MiB)");
  }

  @Test
  void aFileOfExactlyTheLimitIsRead() throws Exception {
    Path file = write(utf8("#".repeat((1 << 20) - 1) + "\n"));

    assertThat(reader.read(file)).hasSize(1 << 20);
    assertThatThrownBy(() -> new TextFileReader("word list", 100).read(write(utf8("词".repeat(34)))))
        .hasMessageEndingWith(": word list of 102 bytes (expected: at most 100 bytes)");
  }

  @Test
  void aMissingFileIsLeftToTheCaller() {
    assertThatThrownBy(() -> reader.read(dir.resolve("absent.yaml"))).isInstanceOf(NoSuchFileException.class);
  }
}
