package io.kexin.gateway.detect.invisible;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.detect.Finding;
import io.kexin.gateway.text.ScanText;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Checks each kind of invisible or deceptive text, in Chinese and English, and what is left alone. */
class InvisibleDetectorTest {
  private final InvisibleDetector detector = InvisibleDetector.of("invisible.test", "INVISIBLE_TEXT", Set.of());

  private static String decode(String escaped) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < escaped.length(); i++) {
      if (escaped.startsWith("\\u{", i)) {
        int close = escaped.indexOf('}', i);
        sb.appendCodePoint(Integer.parseInt(escaped.substring(i + 3, close), 16));
        i = close;
      } else {
        sb.append(escaped.charAt(i));
      }
    }
    return sb.toString();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      tag characters, English   | Hello\\u{E0049}\\u{E0067}\\u{E006E} world         | tag-characters    | 5  | 11
      tag characters, Chinese   | 你好\\u{E0041}\\u{E0042}世界                       | tag-characters    | 2  | 6
      bidi override             | invoice \\u{202E}fdp.exe                           | bidi-controls     | 8  | 9
      bidi isolate, Chinese     | 文件\\u{2066}名\\u{2069}                            | bidi-controls     | 2  | 3
      zero width inside word    | pass\\u{200B}word                                  | zero-width-in-word | 4 | 5
      zero width inside 汉字     | 敏\\u{200B}\\u{200C}感词                           | zero-width-in-word | 1 | 3
      soft hyphen inside word   | con\\u{AD}fidential                                | zero-width-in-word | 3 | 4
      Cyrillic а in Latin word  | pаypal login                                     | mixed-script-word | 0  | 6
      Greek ο in Latin word     | micrοsoft 账号                                    | mixed-script-word | 0  | 9
      """)
  void findsEachKind(String name, String text, String kind, int start, int end) {
    List<Finding> found = detector.scan(ScanText.of(decode(text.strip())));

    assertThat(found).anySatisfy(f -> {
      assertThat(f.explanation()).startsWith(kind);
      assertThat(f.start()).isEqualTo(start);
      assertThat(f.end()).isEqualTo(end);
    });
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      plain English             | The quick brown fox
      plain Chinese             | 今天天气很好，我们去公园。
      Russian word              | Привет мир and hello world
      Greek word                | καλημέρα friends
      zero width at word edge   | hello\\u{200B} world
      emoji joined by ZWJ       | family 👨\\u{200D}👩\\u{200D}👧 photo
      Persian ZWNJ              | می\\u{200C}خواهم
      """)
  void leavesOrdinaryTextAlone(String name, String text) {
    assertThat(detector.scan(ScanText.of(decode(text.strip())))).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      only tags ignore bidi | a\\u{202E}b\\u{E0041}c | 1
      """)
  void kindsLimitWhatIsReported(String name, String text, int count) {
    InvisibleDetector tagsOnly = InvisibleDetector.of("invisible.tags", "X", Set.of(InvisibleKind.TAG_CHARACTERS));

    assertThat(tagsOnly.scan(ScanText.of(decode(text.strip())))).hasSize(count)
        .allSatisfy(f -> assertThat(f.explanation()).startsWith("tag-characters"));
  }

  @Test
  void rulesSharingOneTextEachFindTheirOwnKinds() {
    InvisibleDetector runs = InvisibleDetector.of("i.runs", "INVISIBLE", Set.of(
        InvisibleKind.TAG_CHARACTERS, InvisibleKind.BIDI_CONTROLS, InvisibleKind.ZERO_WIDTH_IN_WORD));
    InvisibleDetector words = InvisibleDetector.of("i.words", "CONFUSABLE", Set.of(
        InvisibleKind.MIXED_SCRIPT_WORD));
    for (String text : new String[] {"请登录 pаypal 账户", "pass\u200Bword 和 pаypal", "普通文本 plain", "pass\u200Bword 普通"}) {
      ScanText shared = ScanText.of(text);
      assertThat(words.scan(shared)).as(text).isEqualTo(words.scan(ScanText.of(text)));
      assertThat(runs.scan(shared)).as(text).isEqualTo(runs.scan(ScanText.of(text)));
    }
    ScanText both = ScanText.of("pass\u200Bword 和 pаypal");
    assertThat(runs.scan(both)).hasSize(1);
    assertThat(words.scan(both)).hasSize(1);
    assertThat(runs.scan(ScanText.of("请登录 pаypal 账户"))).isEmpty();
  }
}
