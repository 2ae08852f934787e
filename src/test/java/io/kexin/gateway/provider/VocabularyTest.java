package io.kexin.gateway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.content.TextSegment;
import org.junit.jupiter.api.Test;

class VocabularyTest {
  @Test
  void aPointerKeepsItsFixedWordsAndHidesTheSendersKeys() {
    assertThat(Vocabulary.safePointer("/messages/0/content/1/file/file_data"))
        .isEqualTo("/messages/0/content/1/file/file_data");
    assertThat(Vocabulary.safePointer("/metadata/张伟的电话/x")).isEqualTo("/metadata/*/*");
  }

  @Test
  void aDecodedJoinedOrPdfTextIsNamedAfterItsField() {
    assertThat(Vocabulary.safePointer("/messages/0/content/1/file/file_data" + TextSegment.DECODED_SUFFIX))
        .isEqualTo("/messages/0/content/1/file/file_data#decoded");
    assertThat(Vocabulary.safePointer("/messages/0/content" + TextSegment.JOINED_SUFFIX))
        .isEqualTo("/messages/0/content#joined");
    assertThat(Vocabulary.safePointer("/messages/0/content/0/source/data" + TextSegment.PDF_SUFFIX))
        .isEqualTo("/messages/0/content/0/source/data#pdf#decoded");
    assertThat(Vocabulary.safePointer("/input/0/content/1/file_data" + TextSegment.PDF_LINES_SUFFIX))
        .isEqualTo("/input/0/content/1/file_data#pdf-lines#decoded");
    assertThat(Vocabulary.safePointer("/secret key#pdf#decoded")).isEqualTo("/*#pdf#decoded");
  }
}
