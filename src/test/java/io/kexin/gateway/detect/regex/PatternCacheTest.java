package io.kexin.gateway.detect.regex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kexin.gateway.detect.Finding;
import io.kexin.gateway.text.ScanText;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Checks that loads share compiled patterns only where nothing they depend on changed, and forget the rest. */
class PatternCacheTest {
  private final PatternCache cache = new PatternCache();

  private RegexDetector build(String rule, String pattern) {
    return RegexDetector.builder(rule, pattern).cache(cache).build();
  }

  @Test
  void aPatternUsedAgainIsCompiledOnceAndFindsTheSame() {
    cache.begin();
    RegexDetector first = build("a", "AKIA[0-9A-Z]{16}");
    cache.finish();
    cache.begin();
    RegexDetector again = build("b", "AKIA[0-9A-Z]{16}");
    cache.finish();

    assertThat(cache.compiled()).isEqualTo(1);
    ScanText text = ScanText.of("key AKIAIOSFODNN7EXAMPLE and 密钥 AKIA2E5R7QXB4MHDT9ZN");
    assertThat(first.scan(text)).extracting(Finding::start).containsExactly(4, 32);
    assertThat(again.scan(text)).extracting(Finding::start).containsExactly(4, 32);
    assertThat(again.scan(text)).allMatch(f -> f.ruleId().equals("b"));
  }

  @Test
  void whatThePatternDependsOnIsPartOfItsName() {
    cache.begin();
    RegexDetector exact = build("a", "机密|secret");
    RegexDetector folded = RegexDetector.builder("b", "机密|secret").caseInsensitive(true).cache(cache).build();
    RegexDetector normalized = RegexDetector.builder("c", "机密|secret").normalized(true).cache(cache).build();
    cache.finish();

    assertThat(cache.compiled()).isEqualTo(3);
    assertThat(exact.scan(ScanText.of("SECRET 机密"))).hasSize(1);
    assertThat(folded.scan(ScanText.of("SECRET 机密"))).hasSize(2);
    assertThat(normalized.scan(ScanText.of("ＳＥＣＲＥＴ"))).hasSize(1);
  }

  @Test
  void aFinishedLoadForgetsThePatternsItDidNotUse() {
    cache.begin();
    build("a", "sk-[A-Za-z0-9]{20}");
    build("b", "ghp_[A-Za-z0-9]{36}");
    cache.finish();
    cache.begin();
    build("a", "sk-[A-Za-z0-9]{20}");
    cache.finish();
    cache.begin();
    build("b", "ghp_[A-Za-z0-9]{36}");
    cache.finish();

    assertThat(cache.compiled()).isEqualTo(3);
  }

  @Test
  void aLoadThatFailedKeepsTheLastFinishedOnesPatternsAndDropsItsOwn() {
    cache.begin();
    build("a", "身份证[0-9]{17}[0-9X]");
    cache.finish();
    cache.begin();
    build("b", "护照[A-Z][0-9]{8}");
    build("a", "身份证[0-9]{17}[0-9X]");
    cache.begin();
    build("a", "身份证[0-9]{17}[0-9X]");
    build("b", "护照[A-Z][0-9]{8}");
    cache.finish();

    assertThat(cache.compiled()).isEqualTo(3);
  }

  @Test
  void refusalsAreNotKeptAndRuleOptionsAreCheckedEachTime() {
    cache.begin();
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> build("a", "(a+)+\\1")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("pattern");
    }
    build("b", "token=([0-9a-f]{32})");
    assertThatThrownBy(() -> RegexDetector.builder("c", "token=([0-9a-f]{32})").group(2).cache(cache).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("group: 2");
    cache.finish();

    assertThat(cache.compiled()).isEqualTo(1);
  }

  @Test
  void aPreparedPatternIsTheOneTheRuleTakesAndARefusedOneIsNotKept() {
    cache.begin();
    RegexDetector.builder("a", "手机[0-9]{11}").cache(cache).prepare();
    assertThatThrownBy(() -> RegexDetector.builder("b", "a(?=b)").cache(cache).prepare())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lookahead");
    RegexDetector phone = build("a", "手机[0-9]{11}");
    cache.finish();

    assertThat(cache.compiled()).isEqualTo(1);
    assertThat(phone.scan(ScanText.of("手机13812345678"))).hasSize(1);
  }

  @Test
  void threadsCompilingAtOnceAllTakeOneCompiledForm() throws Exception {
    cache.begin();
    CompiledPattern.Key key = new CompiledPattern.Key("(?:sk|rk)_live_[0-9a-zA-Z]{24}", false, false,
        RegexDetector.DEFAULT_MAX_PROGRAM_SIZE);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<CompiledPattern>> got = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        got.add(pool.submit(() -> cache.get(key, RegexDetector.Builder::compile)));
      }
      CompiledPattern first = got.get(0).get();
      for (Future<CompiledPattern> f : got) {
        assertThat(f.get()).isSameAs(first);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(cache.compiled()).isEqualTo(1);
  }
}
