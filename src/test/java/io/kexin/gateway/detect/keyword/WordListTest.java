package io.kexin.gateway.detect.keyword;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
    WordList list = WordList.of(file, Files.readString(file, StandardCharsets.UTF_8));
    assertThat(list.terms()).containsExactly("敏感词", "secret", "C#", "國家機密");
    assertThat(list.source()).isEqualTo(file);
  }
}
