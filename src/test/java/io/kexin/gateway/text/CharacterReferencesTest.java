package io.kexin.gateway.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Checks that HTML character references are read as the characters they stand for, and nothing else is. */
class CharacterReferencesTest {

  private static String decoded(String text) {
    return DecodedText.of(ScanText.of(text), false).text();
  }

  @Test
  void numericAndNamedReferencesReadAsTheirCharactersInEnglishAndChinese() {
    assertThat(decoded("alice&#64;example.com")).isEqualTo("alice@example.com");
    assertThat(decoded("alice&#x40;example&#X2E;com")).isEqualTo("alice@example.com");
    assertThat(decoded("alice&commat;example&period;com")).isEqualTo("alice@example.com");
    assertThat(decoded("AKIA&#81;3EGRT5LMWX2ZUTB")).isEqualTo("AKIAQ3EGRT5LMWX2ZUTB");
    assertThat(decoded("手机&#49;&#51;&#56;&#49;&#50;&#51;&#52;&#53;&#54;&#55;&#56;")).isEqualTo("手机13812345678");
    assertThat(decoded("身份证&#x31;1010519491231002X")).isEqualTo("身份证11010519491231002X");
    assertThat(decoded("项目&#20975;&#26059;")).isEqualTo("项目凯旋");
    // without the closing semicolon a numeric reference still reads, as browsers read it
    assertThat(decoded("alice&#64example.com")).isEqualTo("alice@example.com");
    // a code point beyond the BMP becomes its surrogate pair
    assertThat(decoded("digit &#x1D7CF;")).isEqualTo("digit \uD835\uDFCF");
  }

  @Test
  void referencesToInvisibleCharactersAreSkippedLikeTheCharacters() {
    assertThat(decoded("AKIA&#8203;Q3EG&zwj;RT5L&ZeroWidthSpace;MWX2ZUTB")).isEqualTo("AKIAQ3EGRT5LMWX2ZUTB");
    assertThat(decoded("凯&shy;旋")).isEqualTo("凯旋");
  }

  @Test
  void whatIsNoReferenceStaysAsWritten() {
    for (String text : new String[] {"R&D and Q&A at AT&T", "a && b; c &= d", "&#0; &#xD800; &#x110000; &#;",
        "&unknownname; &commat &#x;", "研发&测试", "tail &", "&#"}) {
      assertThat(decoded(text)).as(text).isEqualTo(text);
    }
    assertThat(TextTraits.of("R&D and Q&A at AT&T, a && b") & TextTraits.ENTITY).isZero();
    assertThat(TextTraits.of("x &#64; y") & TextTraits.ENTITY).isNotZero();
  }

  @Test
  void spansMapBackToTheWholeReference() {
    DecodedText d = DecodedText.of(ScanText.of("mail alice&#64;example.com now"), false);
    int at = d.text().indexOf('@');
    assertThat(d.originalStart(at)).isEqualTo(10);
    assertThat(d.originalEnd(at + 1)).isEqualTo(15);
    assertThat(d.originalStart(d.text().indexOf("alice"))).isEqualTo(5);
    assertThat(d.originalEnd(d.text().indexOf(" now"))).isEqualTo(26);
  }

  @Test
  void aReferenceMoreTextMayCompleteIsOpen() {
    assertThat(CharacterReferences.openAt("call &#4", 0)).isEqualTo(5);
    assertThat(CharacterReferences.openAt("call &#x4", 0)).isEqualTo(5);
    assertThat(CharacterReferences.openAt("mail alice&comm", 0)).isEqualTo(10);
    assertThat(CharacterReferences.openAt("mail alice&", 0)).isEqualTo(10);
    assertThat(CharacterReferences.openAt("电话&#49", 0)).isEqualTo(2);
    assertThat(CharacterReferences.openAt("mail alice&#64;", 0)).isEqualTo(-1);
    assertThat(CharacterReferences.openAt("R&D is done.", 0)).isEqualTo(-1);
    assertThat(CharacterReferences.openAt("plain text", 0)).isEqualTo(-1);
    assertThat(CharacterReferences.openAt("x &#4", 4)).isEqualTo(-1);
  }
}
