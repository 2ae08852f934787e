package io.kexin.gateway.detect.keyword;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.text.Normalizer;
import io.kexin.gateway.text.ScanText;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AnchorFilterTest {
  private static final Normalizer NORMALIZER = ScanText.defaultNormalizer();
  /** The terms of the shipped policy's two keyword rules. */
  private static final List<String> SHIPPED = List.of("Project Phoenix", "凤凰计划", "Bluebird", "青鸟项目", "绝密", "机密文件",
      "内部资料", "strictly confidential", "internal use only");
  /** Terms whose units a text may write as a combining sequence (e and U+0301) or a ligature (U+FB01 for fi). */
  private static final List<String> COMPOSED = List.of("café noir", "file report", "fine", "机密文件");
  /** Traditional forms of some of the terms' ideographs, which normalize to them. */
  private static final String SIMPLIFIED = "凤划鸟项资绝机计";
  private static final String TRADITIONAL = "鳳劃鳥項資絕機計";
  /** What a writer may put between or into a term's units. */
  private static final String[] NOISE = {" ", "  ", "*", "，", "·", "\u200B", "\u0301", "\t", "-", "。", "\u3000", "x",
      "\u00A0", " \t\n", " -", "\u2003", "\u2026", "……", "\u2025"};

  @Test
  void anchorsStartWithAPairRareInProse() {
    AnchorFilter filter = filter(SHIPPED);
    assertThat(filter.anchors()).containsExactly("oject ph", "凤凰计划", "ebird", "青鸟项目", "绝密", "机密文件", "内部资料",
        "tly conf", "rnal use");
  }

  @Test
  void saysMaybeWheneverATermOccursInTheNormalizedTextEnglishAndChinese() {
    Random random = new Random(11);
    int maybe = 0;
    int none = 0;
    for (int round = 0; round < 20_000; round++) {
      List<String> terms = round % 3 == 0 ? SHIPPED : round % 3 == 1 ? COMPOSED : randomTerms(random);
      AnchorFilter filter = filter(terms);
      if (filter == null) {
        continue;
      }
      String text = randomText(random, terms);
      String normalized = NORMALIZER.normalize(text).text();
      boolean occurs = terms.stream().map(t -> NORMALIZER.normalize(t).text().strip()).anyMatch(normalized::contains);
      boolean said = filter.mayOccur(text.toCharArray(), text.length());
      if (occurs) {
        assertThat(said).as("terms %s text '%s' normalized '%s'", terms, text, normalized).isTrue();
      }
      if (said) {
        maybe++;
      } else {
        none++;
      }
    }
    // Both answers come up, so the texts test the filter's "no" as well as its "maybe".
    assertThat(maybe).isGreaterThan(2000);
    assertThat(none).isGreaterThan(2000);
  }

  @Test
  void plainProseWithoutATermIsRuledOutWithoutNormalizing() {
    AnchorFilter filter = filter(SHIPPED);
    for (String text : List.of(
        "Hello, 我上周在你们的网站上下了一个订单，订单里有三件商品：一台笔记本电脑支架、两本关于分布式系统的书，还有一个机械键盘。",
        "The laptop stand arrived on Tuesday, but only the books are still marked as 'in transit' on the tracking page.",
        "您好！包裹在浦东仓库停留通常是因为分拣积压。The remaining items will ship together within two business days.",
        // The proxy benchmark's request and answer (bench/chat-request.json), numbered as its runs send them.
        "You are a helpful assistant for a Shanghai logistics company. 你是一名专业的客服助理，负责回答关于订单、仓储和配送的问题。"
            + "Answer concisely, in the language of the question. 回答要简洁、准确，并在不确定时说明。Never invent tracking "
            + "numbers or delivery dates; if data is missing, ask the user to check the order page. "
            + "遵守公司政策：不得承诺退款金额，不得透露其他客户的信息。",
        "上一次的对话：我问过关于仓库地址的问题，你告诉我浦东仓库周末不营业。",
        "Yes, the Pudong warehouse is closed on weekends; 工作日的营业时间是早上九点到下午六点。Orders placed on Friday "
            + "evening usually ship on Monday.",
        "I would also like to know how returns work for books that arrive with damaged covers, 因为上次买的书封面有折痕。"
            + "Please list the steps, the time limits, and whether I need to keep the original packaging. 谢谢你的帮助！"
            + "One more thing: the invoice shows a shipping fee of 12 yuan, but the checkout page said shipping was free "
            + "for orders over 99 yuan. 我的订单总额是 356 元，所以这笔运费是不是收错了？请帮我核实一下，并告诉我退款大概需要多久到账。 #3-1187",
        "您好！包裹在浦东仓库停留通常是因为分拣积压。The remaining items will ship together within two business days; "
            + "returns for damaged books are accepted within 7 days.",
        "物流信息显示包裹在上海浦东的仓库停留了四天，没有任何更新。另外，如果键盘在周五之前到不了，我能否改成到店自提？",
        "Could you explain what usually causes a delay like this, and whether the remaining items will be shipped "
            + "together or separately? （请尽快回复：订单号见附件。）")) {
      assertThat(filter.mayOccur(text.toCharArray(), text.length())).as(text).isFalse();
    }
    // A term's words alone are ordinary prose: the anchors of terms of several words reach into the next word.
    for (String text : List.of("Send me the project plan by Friday.", "This is confidential, strictly between us.",
        "Our internal review found no issues.", "项目计划和内部流程都已更新。", "好的……我再等等吧。Well… okay, thanks!")) {
      assertThat(filter.mayOccur(text.toCharArray(), text.length())).as(text).isFalse();
    }
    for (String text : List.of("PROJECT  PHOENIX status?", "ｐｒｏｊｅｃｔ phoenix", "project\u00A0\u3000phoenix",
        "strictly\tconfidential", "internal\n use only", "机密……文件", "凤凰…计划", "凤 凰 计 划的进度", "鳳凰計劃", "请查阅机密，文件",
        "bLuEbIrD", "this is internal use\u200B only", "e\u0301")) {
      assertThat(filter.mayOccur(text.toCharArray(), text.length())).as(text).isTrue();
    }
  }

  @Test
  void theTableOfUnitsBeyondAsciiAnswersAsTheFoldingUnitByUnitEnglishAndChinese() {
    Random random = new Random(19);
    int maybe = 0;
    int none = 0;
    for (int round = 0; round < 20_000; round++) {
      List<String> terms = round % 3 == 0 ? SHIPPED : round % 3 == 1 ? COMPOSED : randomTerms(random);
      AnchorFilter filter = filter(terms);
      if (filter == null) {
        continue;
      }
      String text = randomText(random, terms);
      if (round % 4 == 0) {
        // units from anywhere in the BMP (traditional forms, compatibility forms, marks, surrogates) beside the text
        StringBuilder mixed = new StringBuilder(text);
        for (int k = random.nextInt(6); k > 0; k--) {
          mixed.insert(random.nextInt(mixed.length() + 1), (char) (0x80 + random.nextInt(0x10000 - 0x80)));
        }
        text = mixed.toString();
      }
      char[] units = text.toCharArray();
      boolean folding = filter.mayOccurFolding(units, units.length);
      assertThat(filter.mayOccur(units, units.length)).as("terms %s text '%s'", terms, text).isEqualTo(folding);
      if (folding) {
        maybe++;
      } else {
        none++;
      }
    }
    assertThat(maybe).isGreaterThan(2000);
    assertThat(none).isGreaterThan(2000);
    // every unit beyond ASCII alone, between Chinese and English prose
    for (List<String> terms : List.of(SHIPPED, COMPOSED)) {
      AnchorFilter filter = filter(terms);
      for (int c = 0x80; c <= Character.MAX_VALUE; c++) {
        char[] units = ("订单" + (char) c + "ab").toCharArray();
        assertThat(filter.mayOccur(units, units.length)).as("unit %04x", c)
            .isEqualTo(filter.mayOccurFolding(units, units.length));
      }
    }
  }

  @Test
  void largeSetsAndTermsWithoutAPairAreLeftToTheAutomaton() {
    assertThat(filter(List.of("phoenix", "x"))).isNull();
    assertThat(filter(List.of("a b"))).isNull();
    List<String> many = new ArrayList<>();
    for (int k = 0; k <= AnchorFilter.MAX_TERMS; k++) {
      many.add("term" + k);
    }
    assertThat(filter(many)).isNull();
  }

  private static AnchorFilter filter(List<String> terms) {
    return AnchorFilter.of(NORMALIZER,
        terms.stream().map(t -> NORMALIZER.normalize(t).text().strip()).distinct().toArray(String[]::new));
  }

  private static List<String> randomTerms(Random random) {
    List<String> terms = new ArrayList<>();
    String alphabet = "abcdeop凤凰鸟项绝密";
    int count = 1 + random.nextInt(4);
    while (terms.size() < count) {
      StringBuilder term = new StringBuilder();
      int length = 2 + random.nextInt(5);
      for (int i = 0; i < length; i++) {
        term.append(alphabet.charAt(random.nextInt(alphabet.length())));
        if (i > 0 && i < length - 1 && random.nextInt(6) == 0) {
          term.append(' ');
        }
      }
      terms.add(term.toString());
    }
    return terms;
  }

  /** Returns prose fragments, pieces of the terms and whole terms in disguise, with noise between and inside them. */
  private static String randomText(Random random, List<String> terms) {
    StringBuilder text = new StringBuilder();
    int parts = 1 + random.nextInt(6);
    for (int p = 0; p < parts; p++) {
      String term = terms.get(random.nextInt(terms.size()));
      switch (random.nextInt(4)) {
        case 0 -> text.append(random.nextBoolean() ? "the order is late " : "订单还没有到，");
        case 1 -> text.append(term, 0, 1 + random.nextInt(term.length()));
        case 2 -> text.append(term, random.nextInt(term.length()), term.length());
        default -> text.append(disguise(random, term));
      }
      if (random.nextInt(3) == 0) {
        text.append(NOISE[random.nextInt(NOISE.length)]);
      }
    }
    return text.toString();
  }

  private static String disguise(Random random, String term) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < term.length(); i++) {
      char c = term.charAt(i);
      if (c == 'f' && term.startsWith("fi", i) && random.nextBoolean()) {
        out.append('\uFB01');
        i++;
        continue;
      }
      if (c == '\u00E9' && random.nextBoolean()) {
        out.append("e\u0301");
        continue;
      }
      int t = SIMPLIFIED.indexOf(c);
      switch (random.nextInt(8)) {
        case 0 -> out.append(Character.toUpperCase(c));
        case 1 -> out.append(c > ' ' && c < 0x7F ? (char) (c + 0xFEE0) : c);
        case 2 -> out.append(t >= 0 ? TRADITIONAL.charAt(t) : c);
        default -> out.append(c);
      }
      if (random.nextInt(5) == 0) {
        out.append(NOISE[random.nextInt(NOISE.length)]);
      }
    }
    return out.toString();
  }
}
