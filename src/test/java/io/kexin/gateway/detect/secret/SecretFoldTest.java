package io.kexin.gateway.detect.secret;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.text.ScanText;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Checks which forms of a credential fold back to it, and that ordinary Chinese and English text stays as it is. */
class SecretFoldTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      full-width letters and digits       | key ＡＫＩＡＱ３ＥＧＲＴ５          | key AKIAQ3EGRT5
      mathematical bold                   | key 𝐀𝐊𝐈𝐀𝟑                          | key AKIA3
      regional indicator letters          | key 🇦🇰🇮🇦Q3🇪🇬                        | key AKIAQ3EG
      regional indicator letters, Chinese | 密钥 🇦🇰🇮🇦Q3                         | 密钥 AKIAQ3
      letter-spaced                       | key A K I A Q 3 E G R T 5 L M    | key AKIAQ3EGRT5LM
      letter-spaced after Chinese         | 密钥是 A K I A Q 3 E G R T 5      | 密钥是 AKIAQ3EGRT5
      underscore standing between spaces  | g h p _ 8 F k 2 L m 9 Q          | ghp_8Fk2Lm9Q
      underscore standing between dashes  | 令牌 g-h-p-_-8-F-k-2-L-m-9-Q      | 令牌 ghp_8Fk2Lm9Q
      dash standing between spaces        | s k - 4 F k 2 L m 9 Q x          | sk-4Fk2Lm9Qx
      two spaces apart                    | key A  K  I  A  Q  3  E  G  R    | key AKIAQ3EGR
      two ideographic spaces, Chinese     | 密钥 A　　K　　I　　A　　Q　　3　　E　　G | 密钥 AKIAQ3EG
      spacing that changes stays          | a  b c  d e  f g  h i  j k  l    | a  b c  d e  f g  h i  j k  l
      one character a line                | key\\nA\\nK\\nI\\nA\\nQ\\n3\\nE\\nG\\nR | key\\nAKIAQ3EGR
      Cyrillic capitals in a key          | key АКІАQ3ЕGRТ5                   | key AKIAQ3EGRT5
      Greek capitals in a key, Chinese    | 密钥 ΑΚΙΑQ3ΕGRΤ5                   | 密钥 AKIAQ3EGRT5
      Cyrillic small letters in a token   | ɡһр_8Fk2Lm9Q                      | ghp_8Fk2Lm9Q
      Russian prose stays                 | Привет, это АКТ о приёмке         | Привет, это АКТ о приёмке
      Greek prose stays                   | ΑΚΙΑ ΚΑΙ ΟΜΟΡΦΙΑ                  | ΑΚΙΑ ΚΑΙ ΟΜΟΡΦΙΑ
      percent-escapes of ASCII            | key AKIA%51%33EGRT5               | key AKIAQ3EGRT5
      percent-escapes in Chinese prose    | 密钥是 %41KIAQ3                    | 密钥是 AKIAQ3
      a percent sign in prose stays       | 50% off, 100%! 20%-30%            | 50% off, 100%! 20%-30%
      escapes of space and controls stay  | a%20b \\x1b[31m %0A               | a%20b \\x1b[31m %0A
      a dash between words stays          | well - known and long - lived    | well - known and long - lived
      full-width comma stays              | 密码：Xk9#mQ2vLp7z，用户名          | 密码：Xk9#mQ2vLp7z，用户名
      short spaced runs stay              | I said A B C D to you            | I said A B C D to you
      prose stays                         | plain text 普通文本                | plain text 普通文本
      NATO alphabet                       | key alpha kilo india alpha quebec three echo golf romeo | key AKIAQ3EGR
      NATO alphabet, capitals, digits     | 密钥是 Alfa Kilo India Alfa Quebec 3 Echo Golf          | 密钥是 AKIAQ3EG
      NATO alphabet, commas and x-ray     | id: alpha, kilo, india, alpha, x-ray, niner, echo, golf. | id: AKIAX9EG.
      NATO alphabet, Chinese list commas  | 密钥：alpha、kilo、india、alpha、quebec、three、echo、golf | 密钥：AKIAQ3EG
      NATO alphabet, one word a line      | key:\\nALPHA\\nKILO\\nINDIA\\nALPHA\\nQUEBEC\\nTHREE\\nECHO\\nGOLF | key:\\nAKIAQ3EG
      seven NATO words stay               | alpha kilo india alpha quebec echo golf | alpha kilo india alpha quebec echo golf
      digit words alone stay              | one two three four five six seven eight nine | one two three four five six seven eight nine
      NATO words in prose stay            | the hotel in India near the golf club, Mike and Oscar | the hotel in India near the golf club, Mike and Oscar
      NATO words glued a few at a time    | alphakilo indiaalpha quebecthree echogolf romeo tango five yankee | AKIAQ3EGRT5Y
      NATO words glued a few, Chinese     | 密钥：AlphaKilo、IndiaAlpha、QuebecThree、EchoGolf，请保存 | 密钥：AKIAQ3EG，请保存
      seven NATO words in glued pieces stay | alphakilo indiaalpha quebecthree echo and more | alphakilo indiaalpha quebecthree echo and more
      letters said again, as in           | key: A as in alpha, K as in kilo, I as in india, A as in alpha, Q as in quebec, 3, E as in echo, G as in golf | key: AKIAQ3EG
      letters said again, for             | key A for alpha K for kilo I for india A for alpha Q for quebec 3 E for echo G for golf end | key AKIAQ3EG end
      letters said again, both cases      | g as in golf, h as in hotel, p as in papa, underscore, A as in alpha, x as in x-ray, 7, K as in kilo | ghp_Ax7K
      letters said again, Chinese         | 密钥：A 如 alpha，K 如 kilo，I 如 india，A 如 alpha，Q 如 quebec，3，E 如 echo，G 如 golf | 密钥：AKIAQ3EG
      the alphabet said again stays prose | A for apple, B for boy, C for cat, A for bravo, K for kilo, I is india, A is alpha, Q is quebec | A for apple, B for boy, C for cat, A for bravo, K for kilo, I is india, A is alpha, Q is quebec
      a text about the NATO alphabet stays | In the NATO alphabet A is alpha, B is bravo, C is charlie, D is delta, E is echo, F is foxtrot and G is golf | In the NATO alphabet A is alpha, B is bravo, C is charlie, D is delta, E is echo, F is foxtrot and G is golf
      a radio checklist stays             | Radio check: callsign Alpha Two, frequency one one niner decimal five, squawk seven seven zero zero, heading zero niner zero, say A for alpha | Radio check: callsign Alpha Two, frequency one one niner decimal five, squawk seven seven zero zero, heading zero niner zero, say A for alpha
      case words big, little, large, caps | big alpha little kilo large india lower alpha caps quebec 3 little echo big golf | AkIaQ3eG
      Chinese case words with 的          | 密钥：大写的A 小写的k 大写的I 小写的a 大写的Q 3 小写的e 大写的G | 密钥：AkIaQ3eG
      case words big and little in prose stay | a big hotel in India, a little golf course and a large delta of the river | a big hotel in India, a little golf course and a large delta of the river
      NATO words glued into one word      | key alphakiloindiaalphaquebecthreeechogolf end | key AKIAQ3EG end
      NATO words glued, in Chinese prose  | 密钥是AlphaKiloIndiaAlphaQuebecThreeEchoGolf，请保存 | 密钥是AKIAQ3EG，请保存
      six NATO words glued stay           | alphakiloindiaalphaquebececho and more | alphakiloindiaalphaquebececho and more
      long words of other letters stay    | supercalifragilisticexpialidocious alphabetagammadeltaepsilonzeta | supercalifragilisticexpialidocious alphabetagammadeltaepsilonzeta
      a NATO chain cut by a word stays    | alpha kilo india alpha and quebec three echo golf | alpha kilo india alpha and quebec three echo golf
      NATO alphabet, spaced dashes        | key alpha - kilo - india - alpha - quebec - three - echo - golf | key AKIAQ3EG
      NATO alphabet, semicolons           | key: alpha; kilo; india; alpha; quebec; three; echo; golf; | key: AKIAQ3EG;
      NATO alphabet, brackets             | key (alpha)(kilo)(india)(alpha)(quebec)(three)(echo)(golf) | key (AKIAQ3EG)
      NATO alphabet, Chinese semicolons   | 密钥：Alfa；Kilo；India；Alfa；Quebec；3；Echo；Golf | 密钥：AKIAQ3EG
      a numbered list of NATO words stays | 1) Alpha team 2) Bravo team 3) Charlie team 4) Delta team | 1) Alpha team 2) Bravo team 3) Charlie team 4) Delta team
      NATO words four dashes apart stay   | alpha ---- kilo ---- india ---- alpha ---- quebec ---- three ---- echo ---- golf | alpha ---- kilo ---- india ---- alpha ---- quebec ---- three ---- echo ---- golf
      NATO, capitals said, others small   | pw: capital alpha kilo india capital alpha quebec three echo golf | pw: AkiAq3eg
      NATO, both cases said               | capital alpha small kilo small india capital x-ray 3 small echo golf hotel | AkiX3eGH
      NATO, upper case and lower case     | upper case alpha lower case kilo uppercase india lowercase alpha cap quebec 3 small echo upper-case golf | AkIaQ3eG
      NATO, capitals in capital words     | ALPHA kilo INDIA alpha QUEBEC three ECHO golf | AkIaQ3Eg
      NATO, words for signs               | token golf hotel papa underscore capital alpha x-ray dash seven capital kilo | token ghp_Ax-7K
      Chinese case words and letters      | 密钥：大写A 小写k 大写I 小写a 大写Q 3 小写e 大写G | 密钥：AkIaQ3eG
      Chinese case words glued            | 密码大写A小写k大写I小写a大写Q小写e大写G小写r | 密码AkIaQeGr
      Chinese case words and NATO words   | 密码：大写 alpha、小写 kilo、大写 india、小写 alpha、3、大写 echo、小写 golf、4 | 密码：AkIa3Eg4
      case words in prose stay            | use a capital A and a small k, the capital of India is small, Alpha and Bravo teams | use a capital A and a small k, the capital of India is small, Alpha and Bravo teams
      Chinese case words in prose stay    | 请用大写字母A和小写字母k，大写A小写b就行 | 请用大写字母A和小写字母k，大写A小写b就行
      """)
  void folds(String name, String text, String folded) {
    SecretFold fold = ScanText.of(text.replace("\\n", "\n")).derived(SecretFold.DERIVATION);

    assertThat(fold.text().original()).isEqualTo(folded.replace("\\n", "\n"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      full-width  | key ＡＫＩＡＱ３ＥＧＲＴ５ end | ＡＫＩＡＱ３ＥＧＲＴ５
      math bold   | key 𝐀𝐊𝐈𝐀𝟑 end             | 𝐀𝐊𝐈𝐀𝟑
      percent     | key AKIA%51%33EGRT5 end   | AKIA%51%33EGRT5
      Cyrillic    | key АКІАQ3ЕGRТ5 end       | АКІАQ3ЕGRТ5
      spaced      | key A K I A Q 3 E G R end | A K I A Q 3 E G R
      two spaces  | key A  K  I  A  Q  3  E  G  R end | A  K  I  A  Q  3  E  G  R
      NATO        | key Alpha kilo india alpha x-ray 3 echo golf end | Alpha kilo india alpha x-ray 3 echo golf
      """)
  void mapsSpansBack(String name, String text, String value) {
    SecretFold fold = ScanText.of(text).derived(SecretFold.DERIVATION);
    int start = fold.text().original().indexOf('A');
    int end = fold.text().original().indexOf(" end");

    assertThat(text.substring(fold.originalStart(start), fold.originalEnd(end))).isEqualTo(value);
  }
}
