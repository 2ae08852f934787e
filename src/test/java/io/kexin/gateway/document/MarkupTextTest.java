package io.kexin.gateway.document;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarkupTextTest {
  @Test
  void readsTextAttributeValuesCommentsAndCharacterDataOneRunALine() {
    String xml = "<?xpacket begin=\"\" id=\"W5M0\"?><x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:Description"
        + " pdf:Keywords='key AKIAQ3EGRT5LMWX2ZUTB'>\n  <dc:title>Quarterly report</dc:title><!-- 手机 13800138000 -->"
        + "<note><![CDATA[身份证 <11010519491231002X>]]></note></rdf:Description></x:xmpmeta>";

    assertThat(MarkupText.of(xml)).isEqualTo("key AKIAQ3EGRT5LMWX2ZUTB\nQuarterly report\n手机 13800138000\n"
        + "身份证 <11010519491231002X>\n");
  }

  @Test
  void leavesEntitiesAsWrittenAndSkipsNamespaceDeclarations() {
    assertThat(MarkupText.of("<a xmlns=\"urn:x\" xmlns:b=\"urn:y\" b:v=\"&#49;38\">AT&amp;T</a>"))
        .isEqualTo("&#49;38\nAT&amp;T\n");
  }

  @Test
  void anUnclosedTagOrSectionEndsTheText() {
    assertThat(MarkupText.of("text <a b=\"unclosed")).isEqualTo("text\nunclosed\n");
    assertThat(MarkupText.of("<!-- open comment")).isEqualTo("open comment\n");
    assertThat(MarkupText.of("")).isEmpty();
  }
}
