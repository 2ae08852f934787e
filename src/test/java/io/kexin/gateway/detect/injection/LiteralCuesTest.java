package io.kexin.gateway.detect.injection;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.detect.CueAutomaton;
import io.kexin.gateway.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Checks {@link LiteralCues} against one walk of {@link CueAutomaton} over every literal term, whose line-start terms
 * away from a line start the detector drops: the same occurrences on random English, Chinese and mixed text with
 * planted terms, line breaks, indents and anchors, for term sets whose anchors gate the walk and one that cannot,
 * read alone and told by the {@link PayloadGates} of the text.
 */
class LiteralCuesTest {
  /** Terms as the heuristics file writes them: {@code ^} marks a line-start term. */
  private static final List<String> TERMS = List.of("<|im_start|>", "<|im_end|>", "[inst]", "[/inst]", "【系统】",
      "<!--", "-->", "display:none", "display: none", "aria-hidden", "<span hidden", "color: #fff", "^### system",
      "^system:", "^system prompt:", "^assistant:", "^user:", "^ai:", "^系统：", "^用户：", "^admin override",
      "^new system prompt", "^### response");
  private static final String[] PIECES = {"<|im_start|>", "<|IM_START|>", "<|im_end|>", "[INST]", "[/inst]", "【系统】",
      "<!--", "-->", "display", ":", "none", " ", "  ", "\t", "\n", "\r\n", "\r", "aria", "-", "hidden", "<span",
      "color", "#fff", "###", "system", "System", "SYSTEM", "prompt", "assistant", "user", "ai", "系统", "：", "用户",
      "admin", "override", "new", "response", "please", "summarize", "the", "report", "请", "帮我", "总结", "。", "，",
      "x", "1", "<", "[", "|", "【"};

  @Test
  void findsWhatOneWalkOverEveryTermFindsWhereTheTermsCount() {
    check(TERMS, 34);
  }

  @Test
  void walksEveryTextWhenATermHasNoAnchor() {
    List<String> terms = new ArrayList<>(TERMS);
    terms.add("hidden text");
    terms.add("prompt");
    check(terms, 35);
  }

  @Test
  void readsALineBreakAsAnAnchorWhenATermNeedsOne() {
    List<String> terms = new ArrayList<>(TERMS);
    terms.add("system\nuser");
    check(terms, 36);
  }

  @Test
  void findsTheShippedCuesOfATemplateAttackAndAFakeHeader() {
    Heuristics h = Heuristics.shipped(Normalizer.standard());
    String text = "Summarize this.\n  ### System: <|im_start|>system\nuser: hi <!-- display:none --> ### system";
    List<int[]> found = new ArrayList<>();
    h.literalCues.findAll(text, text.toCharArray(), text.length(), (t, s, e) -> found.add(new int[] {s, e}));
    TreeSet<String> spans = new TreeSet<>();
    found.forEach(f -> spans.add(text.substring(f[0], f[1])));
    assertThat(spans).contains("### System", "<|im_start|>", "user:", "<!--", "display:none", "-->")
        .doesNotContain("summarize");
    // the second "### system" does not start a line: not walked at all
    assertThat(found.stream().filter(f -> text.substring(f[0], f[1]).equalsIgnoreCase("### system")).count()).isEqualTo(1);
  }

  private static void check(List<String> terms, long seed) {
    List<String> keys = new ArrayList<>();
    int[] flags = new int[terms.size()];
    for (int t = 0; t < terms.size(); t++) {
      String term = terms.get(t);
      flags[t] = term.startsWith("^") ? Heuristics.LINE_START : 0;
      keys.add(term.startsWith("^") ? term.substring(1) : term);
    }
    CueAutomaton all = CueAutomaton.build(keys);
    LiteralCues cues = LiteralCues.of(keys, flags);
    Random random = new Random(seed);
    for (int round = 0; round < 5000; round++) {
      String text = text(random);
      char[] u = text.toCharArray();
      int limit = random.nextInt(4) == 0 ? random.nextInt(u.length + 1) : u.length;
      TreeSet<String> expected = new TreeSet<>();
      all.findAll(u, limit, true, (t, s, e) -> {
        if ((flags[t] & Heuristics.LINE_START) == 0 || lineStart(text, s)) {
          expected.add(t + "@" + s + "-" + e);
        }
      });
      List<String> actual = new ArrayList<>();
      cues.findAll(text, u, limit, (t, s, e) -> actual.add(t + "@" + s + "-" + e));
      assertThat(actual).as("text '%s', limit %d", text, limit).doesNotHaveDuplicates();
      assertThat(new TreeSet<>(actual)).as("text '%s', limit %d", text, limit).isEqualTo(expected);
      // told by the payload gates of the whole text whether an anchor occurs and where the first line break is
      List<String> gated = new ArrayList<>();
      cues.findAll(text, u, limit, PayloadGates.of(u, u.length), (t, s, e) -> gated.add(t + "@" + s + "-" + e));
      assertThat(gated).as("gated, text '%s', limit %d", text, limit).doesNotHaveDuplicates();
      assertThat(new TreeSet<>(gated)).as("gated, text '%s', limit %d", text, limit).isEqualTo(expected);
    }
  }

  private static boolean lineStart(String text, int at) {
    int k = at - 1;
    while (k >= 0 && (text.charAt(k) == ' ' || text.charAt(k) == '\t')) {
      k--;
    }
    return k < 0 || text.charAt(k) == '\n' || text.charAt(k) == '\r';
  }

  private static String text(Random random) {
    StringBuilder b = new StringBuilder();
    int pieces = random.nextInt(40);
    for (int i = 0; i < pieces; i++) {
      if (random.nextInt(8) == 0) {
        b.append((char) ('a' + random.nextInt(26)));
      } else {
        b.append(PIECES[random.nextInt(PIECES.length)]);
      }
    }
    return b.toString();
  }
}
