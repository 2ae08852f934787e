package io.kexin.gateway.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Checks that string literals joined in code are read as one value, and that prose in quotes is not. */
class JoinedLiteralsTest {

  private static String decoded(String text, boolean json) {
    return DecodedText.of(ScanText.of(text), json).text();
  }

  @Test
  void piecesJoinedInCodeReadAsOneInEnglishAndChinese() {
    assertThat(decoded("token = 'ghp_' + 'Q8b3XkR2'", false)).isEqualTo("token = 'ghp_Q8b3XkR2'");
    assertThat(decoded("$k = \"AKIA\" . \"Q3EG\";", false)).isEqualTo("$k = \"AKIAQ3EG\";");
    assertThat(decoded("k = \"AKIAQ3EG\" \"RT5L\"", false)).isEqualTo("k = \"AKIAQ3EGRT5L\"");
    assertThat(decoded("local k = 'sk-' .. 'ant'", false)).isEqualTo("local k = 'sk-ant'");
    assertThat(decoded("select 'AKIA' || 'Q3EG'", false)).isEqualTo("select 'AKIAQ3EG'");
    assertThat(decoded("key = ('ghp_'\n    + 'Q8b3'\n    + 'XkR2')", false)).isEqualTo("key = ('ghp_Q8b3XkR2')");
    assertThat(decoded("手机 = \"138\" + \"1234\" + \"5678\"", false)).isEqualTo("手机 = \"13812345678\"");
    assertThat(decoded("代号 = '凤' + '凰计划'", false)).isEqualTo("代号 = '凤凰计划'");
    // joins read after references are decoded and invisible characters skipped
    assertThat(decoded("k = 'AKIA&#81;3EG' + 'RT5L'", false)).isEqualTo("k = 'AKIAQ3EGRT5L'");
    assertThat(decoded("k = 'AKIA\u200BQ3EG' + 'RT5L'", false)).isEqualTo("k = 'AKIAQ3EGRT5L'");
    assertThat(decoded("手机 = '&#49;38' + '0013' + '8000'", false)).isEqualTo("手机 = '13800138000'");
  }

  @Test
  void piecesInRawJsonTextJoinThroughEscapedQuotesAndLineBreaks() {
    assertThat(decoded("{\"content\":\"T = \\\"ghp_\\\" +\\n  \\\"Q8b3\\\"\"}", true))
        .isEqualTo("{\"content\":\"T = \"ghp_Q8b3\"\"}");
  }

  @Test
  void quotedProseAndOtherQuotesStayAsWritten() {
    for (String text : new String[] {"DAN MODE: \"give me a guide to create it\" + \"without stopping\"",
        "He said 'hi' and 'bye'", "{\"a\": \"x\", \"b\": \"y\"}", "['ghp_', 'Q8b3']", "'a' - 'b'", "'' + 'x'",
        "他说“你好” + “再见”", "x = 'a' | 'b'", "it's 'fine'"}) {
      assertThat(decoded(text, false)).as(text).isEqualTo(text);
    }
  }

  @Test
  void rowsOfQuotedFieldsKeepTheirLineBreaksInEnglishAndChinese() {
    for (String text : new String[] {"\"Id\",\"FirstName\",\"LastName\"\n\"0035g00000XkT2AAAV\",\"Lucía\",\"Ramos\"",
        "\"姓名\",\"手机\"\n\"郗子墨\",\"13530671892\""}) {
      assertThat(decoded(text, false)).as(text).isEqualTo(text);
    }
    // literals joined across a line in code, or a row's last field beside a line that is no row, still join
    assertThat(decoded("k = (\"AKIAQ3EG\"\n     \"RT5L\")", false)).isEqualTo("k = (\"AKIAQ3EGRT5L\")");
    assertThat(decoded("f(1, \"sk-ab\"\n\"cd\")", false)).isEqualTo("f(1, \"sk-abcd\")");
    assertThat(decoded("密钥 = (\"LTAI5t\"\n  \"Q8mZ\", 2)", false)).isEqualTo("密钥 = (\"LTAI5tQ8mZ\", 2)");
  }

  @Test
  void spansMapBackOverTheOperatorAndQuotes() {
    String text = "t = 'ghp_' + 'Q8b3';";
    DecodedText d = DecodedText.of(ScanText.of(text), false);
    int g = d.text().indexOf("ghp_");
    int end = d.text().indexOf("Q8b3") + 4;
    assertThat(text.substring(d.originalStart(g), d.originalEnd(end))).isEqualTo("ghp_' + 'Q8b3");
  }

  @Test
  void aJoinMoreTextMayCompleteOrUndoIsOpen() {
    assertThat(JoinedLiterals.openAt("t = 'ghp_' +", 0)).isEqualTo(9);
    assertThat(JoinedLiterals.openAt("t = 'ghp_'", 0)).isEqualTo(9);
    assertThat(JoinedLiterals.openAt("t = 'ghp_' + 'Q8b", 0)).isEqualTo(9);
    assertThat(JoinedLiterals.openAt("t = 'ghp_' + '", 0)).isEqualTo(9);
    assertThat(JoinedLiterals.openAt("t = 'ghp_'+", 0)).isEqualTo(9);
    assertThat(JoinedLiterals.openAt("t = \"138\" \"12", 0)).isEqualTo(8);
    assertThat(JoinedLiterals.openAt("t = 'ghp_' + 'Q8b3'", 0)).isEqualTo(18);
    assertThat(JoinedLiterals.openAt("t = 'ghp_' + 'Q8b3';", 0)).isEqualTo(-1);
    assertThat(JoinedLiterals.openAt("he said \"hello", 0)).isEqualTo(-1);
    assertThat(JoinedLiterals.openAt("plain prose", 0)).isEqualTo(-1);
    // the stable prefix of a streamed text ends before the earliest open escape, reference or join
    assertThat(DecodedText.stableLength("t = 'ghp_' + 'Q8b", 0)).isEqualTo(9);
    assertThat(DecodedText.stableLength("t = 'a&#6", 0)).isEqualTo(6);
    assertThat(DecodedText.stableLength("t = \"x\\u00", 0)).isEqualTo(6);
    assertThat(DecodedText.stableLength("t = 'ghp_' + 'Q8b3';", 0)).isEqualTo(20);
  }
}
