package io.kexin.gateway.detect.secret;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.detect.regex.RegexDetector;
import io.kexin.gateway.text.ScanText;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeywordIndexTest {
  private static final List<String> KEYWORDS = List.of("token", "SK", "aws", "ark", "password=", "密码", "阿里云",
      "AccountKey", "ſecret", "İd", "straße", "🔑key", "k");
  private static final String[] PIECES = {"Token", "TOKEN", "tok", "sk", "Sk", "AWS", "a w s", "mark", "PASSWORD=",
      "password", "密码", "密", "阿里云", "阿里", "accountkey", "ACCOUNTKEY", "secret", "SECRET", "ſecret", "İd", "id",
      "ID", "STRASSE", "straße", "STRAẞE", "🔑KEY", "🔑", "key", "ＴＯＫＥＮ", "ｓｅｃｒｅｔ", " ", "，", "的", "x", "\n",
      "AKIAIOSFODNN7EXAMPLE"};

  @Test
  void readsThePrefilterPassExactlyAsItsOwnScanOnRandomEnglishAndChineseText() {
    RegexDetector aws = RegexDetector.builder("secret.aws", "AKIA[0-9A-Z]{16}").build();
    RegexDetector prefilter = RegexDetector.sharingPrefilter(List.of(aws), KeywordIndex.distinct(KEYWORDS)).get(0);
    assertThat(prefilter.keywords()).isEqualTo(KEYWORDS);
    KeywordIndex alone = KeywordIndex.of(KEYWORDS);
    KeywordIndex riding = KeywordIndex.of(KEYWORDS, prefilter);
    Random random = new Random(11);
    int present = 0;
    for (int run = 0; run < 3_000; run++) {
      StringBuilder text = new StringBuilder();
      for (int i = random.nextInt(12); i > 0; i--) {
        text.append(PIECES[random.nextInt(PIECES.length)]);
      }
      boolean[] expected = alone.present(ScanText.of(text.toString()));
      assertThat(riding.present(ScanText.of(text.toString()))).as("%s", text).containsExactly(expected);
      for (boolean p : expected) {
        present += p ? 1 : 0;
      }
    }
    assertThat(present).as("keywords found over all runs").isGreaterThan(3_000);
  }

  @Test
  void scansForItselfWhenThePrefilterCarriesOtherKeywords() {
    RegexDetector aws = RegexDetector.builder("secret.aws", "AKIA[0-9A-Z]{16}").build();
    RegexDetector other = RegexDetector.sharingPrefilter(List.of(aws), List.of("token")).get(0);
    KeywordIndex index = KeywordIndex.of(List.of("token", "密码"), other);
    assertThat(index.present(ScanText.of("the TOKEN is here"))).containsExactly(true, false);
    assertThat(index.present(ScanText.of("数据库密码是"))).containsExactly(false, true);
  }
}
