package io.kexin.gateway.detect.keyword;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordListTest {
  @TempDir Path dir;

  @Test
  void readsTermsSkippingCommentsAndBlankLines() throws IOException {
    Path file = dir.resolve("terms.txt");
    Files.writeString(file, "\uFEFF# header\n敏感词\n\n  secret  \n   # indented comment\nC#\n\t\n國家機密\r\n",
        StandardCharsets.UTF_8);
    WordList list = WordList.load(file);
    assertThat(list.terms()).containsExactly("敏感词", "secret", "C#", "國家機密");
    assertThat(list.source()).isEqualTo(file);
  }

  @Test
  void failsClearlyOnMissingFile() {
    Path missing = dir.resolve("missing.txt");
    assertThatThrownBy(() -> WordList.load(missing))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("keyword list file not found");
  }

  @Test
  void failsWithLineOnInvalidUtf8() throws IOException {
    Path file = dir.resolve("bad.txt");
    Files.write(file, new byte[] {'o', 'k', '\n', (byte) 0xC3, (byte) 0x28, '\n'});
    assertThatThrownBy(() -> WordList.load(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(file + ":2: invalid UTF-8");
  }
}
