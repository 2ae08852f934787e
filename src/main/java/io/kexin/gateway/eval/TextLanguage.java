package io.kexin.gateway.eval;

/** Tells the language group of an evaluation text: Chinese when Han ideographs make a third of its letters. */
public final class TextLanguage {
  private TextLanguage() {}

  /** Returns {@code zh} when at least a third of the letters of {@code text} are Han ideographs, else {@code en}. */
  public static String of(String text) {
    int han = 0;
    int letters = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      if (Character.isLetter(cp)) {
        letters++;
        if (Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN) {
          han++;
        }
      }
      i += Character.charCount(cp);
    }
    return han > 0 && han * 3 >= letters ? "zh" : "en";
  }
}
