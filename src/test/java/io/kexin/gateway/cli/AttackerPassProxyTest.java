package io.kexin.gateway.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Plays the attacker against a real gateway running the shipped pack, with WireMock as the LLM API: a Chinese ID,
 * a phone number, an e-mail address, an AWS key or a GitHub token put in every field of the OpenAI chat, Responses,
 * completions, embeddings and Anthropic messages requests that the model or the provider reads, and written in the
 * forms a model decodes, never reaches the upstream as written: the request is refused or the value rewritten. Rows
 * marked as found by this pass were open before (numbers with a fraction or an exponent, a body the gateway reads
 * other than the provider would, digits in dingbat or bracketed forms, look-alike letters; base32, base58, base85,
 * quoted-printable, binary and decimal bytes, base64 twice, GB 2312 bytes, ROT13, backwards, split by markup); the
 * others were closed and stay checked.
 */
class AttackerPassProxyTest {
  @RegisterExtension
  static WireMockExtension upstream = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();
  @RegisterExtension
  static ShippedGateways gateways = new ShippedGateways(upstream);

  private static final String ID = "11010519491231002X";
  private static final String PHONE = "13812345678";
  private static final String EMAIL = "zhang.wei@example.cn";
  private static final String AWS = "AKIAQ3EGRT5YB2MZXW7P";
  private static final String GITHUB = "ghp_AXAYxVEDGek47ZrV67xnHWph84nyQKq84ZS0";
  /** A line of a private key's base64 body (generated test data). */
  private static final String PEM_BODY = "yDdPEgVOx/FQ9Vn9uSfKfJKOin1o+lb0c3pWyUxHQAIQaKbKHQ2w4FW5GLCIanL6";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeEach
  void stub() {
    upstream.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("content-type",
        "application/json").withBody("{\"id\":\"x\",\"object\":\"chat.completion\",\"type\":\"message\","
            + "\"role\":\"assistant\",\"model\":\"m\",\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],"
            + "\"choices\":[{\"index\":0,\"text\":\"ok\",\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},"
            + "\"finish_reason\":\"stop\"}],\"output\":[],\"data\":[]}")));
  }

  private static String chat(String fields) {
    return "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]" + fields + "}";
  }

  private static String chatMessages(String messages) {
    return "{\"model\":\"gpt-4o\",\"messages\":[" + messages + "]}";
  }

  private static String responses(String fields) {
    return "{\"model\":\"gpt-4o\",\"input\":\"hi\"" + fields + "}";
  }

  private static String messages(String fields, String messages) {
    return "{\"model\":\"claude\",\"max_tokens\":10" + fields + ",\"messages\":[" + messages + "]}";
  }

  private static String schema(String keyword, String value) {
    return "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"" + keyword + "\":" + value + "}}}";
  }

  /** Returns {@code value} with {@code separator} between every two of its characters. */
  private static String apart(String value, String separator) {
    return String.join(separator, value.split(""));
  }

  private static Arguments openAi(String name, String path, String body, String value) {
    return Arguments.of(name, "openai", path, body, value);
  }

  private static Arguments anthropic(String name, String body, String value) {
    return Arguments.of(name, "anthropic", "/v1/messages", body, value);
  }

  static Stream<Arguments> fields() {
    String c = "/v1/chat/completions";
    String r = "/v1/responses";
    String userMessage = "{\"role\":\"user\",\"content\":\"x\"}";
    return Stream.of(
        // found by this pass: numbers written with a fraction or an exponent in free-form places
        openAi("chat metadata 13812345678.0", c, chat(",\"metadata\":{\"tel\":" + PHONE + ".0}"), PHONE),
        openAi("chat unknown field 1.3812345678e10", c, chat(",\"x_extra\":1.3812345678e10"), "3812345678"),
        openAi("chat schema default 13812345678e0", c, chat(",\"tools\":[{\"type\":\"function\",\"function\":"
            + "{\"name\":\"f\",\"parameters\":" + schema("default", PHONE + "e0") + "}}]"), PHONE),
        openAi("responses metadata 138123456780e-1", r, responses(",\"metadata\":{\"电话\":138123456780e-1}"),
            "138123456780"),
        openAi("responses unknown field 13812345678e99999", r, responses(",\"x\":" + PHONE + "e99999"), PHONE),
        anthropic("anthropic tool_use input 13812345678E+0", messages("", userMessage
            + ",{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"f\",\"input\":"
            + "{\"电话\":" + PHONE + "E+0}}]},{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\","
            + "\"tool_use_id\":\"t\",\"content\":\"ok\"}]}"), PHONE),
        // found by this pass: digits a model reads in forms without a compatibility mapping
        openAi("chat phone in dingbat circles", c, chatMessages("{\"role\":\"user\",\"content\":\"my phone is "
            + "❶❸❽❶❷❸❹❺❻❼❽\"}"), "❶❸❽❶❷❸❹❺❻❼❽"),
        anthropic("anthropic ID in bracketed digits", messages("", "{\"role\":\"user\",\"content\":\"身份证 "
            + "⑴⑴0⑴0⑸⑴⑼⑷⑼⑴⑵⑶⑴00⑵X\"}"), "⑴⑴0⑴0⑸⑴⑼⑷⑼⑴⑵⑶⑴00⑵X"),
        // found by this pass: Cyrillic and Greek look-alike letters in a key or an address
        openAi("chat AWS key with Cyrillic capitals", c, chatMessages("{\"role\":\"user\",\"content\":\"key "
            + "\u0410\u041A\u0406\u0410Q3EGRT5YB2MZXW7P\"}"), "Q3EGRT5YB2MZXW7P"),
        anthropic("anthropic e-mail with a Cyrillic a", messages("", "{\"role\":\"user\",\"content\":\"写信给 "
            + "zh\u0430ng.wei@example.cn\"}"), "ng.wei@example.cn"),
        // found by this pass: digits set apart by signs or combining marks, dashed words, colloquial digits
        openAi("chat ID set apart by dots", c, chatMessages("{\"role\":\"user\",\"content\":\"my id "
            + apart(ID, ".") + "\"}"), apart(ID, ".")),
        anthropic("anthropic ID set apart by 、", messages("", "{\"role\":\"user\",\"content\":\"身份证号码"
            + apart(ID, "、") + "\"}"), apart(ID, "、")),
        openAi("chat phone set apart by +", c, chatMessages("{\"role\":\"user\",\"content\":\"call "
            + apart(PHONE, "+") + "\"}"), apart(PHONE, "+")),
        openAi("chat phone set apart by *", c, chatMessages("{\"role\":\"user\",\"content\":\"手机 "
            + apart(PHONE, "*") + "\"}"), apart(PHONE, "*")),
        anthropic("anthropic ID set apart by bars", messages("", "{\"role\":\"user\",\"content\":\"ID "
            + apart(ID, "|") + "\"}"), apart(ID, "|")),
        anthropic("anthropic phone in groups joined by slashes", messages("", "{\"role\":\"user\",\"content\":"
            + "\"我的电话 138/1234/5678\"}"), "138/1234/5678"),
        openAi("chat phone with combining marks", c, chatMessages("{\"role\":\"user\",\"content\":\"phone "
            + apart(PHONE, "\u0301") + "\"}"), apart(PHONE, "\u0301")),
        anthropic("anthropic ID with keycap marks", messages("", "{\"role\":\"user\",\"content\":\"身份证 "
            + apart(ID, "\u20E3") + "\"}"), apart(ID, "\u20E3")),
        openAi("chat number words joined by dashes", c, chatMessages("{\"role\":\"user\",\"content\":\"id "
            + "one-one-zero-one-zero-five-one-nine-four-nine-one-two-three-one-zero-zero-two-X\"}"),
            "one-one-zero-one-zero-five-one-nine-four-nine"),
        anthropic("anthropic colloquial digits", messages("", "{\"role\":\"user\",\"content\":\"手机 "
            + "幺三八幺二三四五六拐八\"}"), "幺三八幺二三四五六拐八"),
        openAi("chat tool arguments with \\\\u escapes escaped twice", c, chatMessages(userMessage
            + ",{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":"
            + "{\"name\":\"f\",\"arguments\":\"{\\\"x\\\":\\\"" + PHONE.chars().mapToObj(d -> "\\\\\\\\u003" + (char) d)
            .reduce("", String::concat) + "\\\"}\"}}]},{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"ok\"}"),
            "u0031\\\\\\\\u0033\\\\\\\\u0038"),
        // found by this pass: decimal tails in prose and in tool arguments
        openAi("chat prose 13812345678.0", c, chatMessages("{\"role\":\"user\",\"content\":\"我的手机号"
            + PHONE + ".0\"}"), PHONE),
        openAi("chat tool arguments 13812345678.0", c, chatMessages(userMessage + ",{\"role\":\"assistant\","
            + "\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":"
            + "\"{\\\"x\\\":" + PHONE + ".0}\"}}]},{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":"
            + "\"ok\"}"), PHONE),
        anthropic("anthropic tool_use 0.13812345678 after a phone key", messages("", userMessage
            + ",{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"phone: 0." + PHONE
            + "\"}]}," + userMessage), PHONE),
        // found by this pass: GitHub tokens and AWS keys with their prefix respelled
        openAi("chat ghp- token", c, chatMessages("{\"role\":\"user\",\"content\":\"token "
            + GITHUB.replace("ghp_", "ghp-") + "\"}"), GITHUB.substring(4)),
        openAi("chat GHP_ token", c, chatMessages("{\"role\":\"user\",\"content\":\"令牌 "
            + GITHUB.replace("ghp_", "GHP_") + "\"}"), GITHUB.substring(4)),
        anthropic("anthropic ghp＿ token", messages("", "{\"role\":\"user\",\"content\":\"token "
            + GITHUB.replace("ghp_", "ghp＿") + "\"}"), GITHUB.substring(4)),
        openAi("chat AKIA: key", c, chatMessages("{\"role\":\"user\",\"content\":\"密钥 "
            + AWS.replace("AKIA", "AKIA:") + "\"}"), AWS.substring(4)),
        anthropic("anthropic AKIA– key", messages("", "{\"role\":\"user\",\"content\":\"key "
            + AWS.replace("AKIA", "AKIA\u2013") + "\"}"), AWS.substring(4)),
        // found by this pass: private keys with respelled or no headers
        openAi("chat lower-case PEM header", c, chatMessages("{\"role\":\"user\",\"content\":\""
            + "-----begin rsa private key-----\\n" + PEM_BODY + "\\n-----end rsa private key-----\"}"), PEM_BODY),
        anthropic("anthropic spaced PEM header", messages("", "{\"role\":\"user\",\"content\":\"私钥 "
            + "----- BEGIN PRIVATE KEY -----\\n" + PEM_BODY + "\\n----- END PRIVATE KEY -----\"}"), PEM_BODY),
        openAi("chat PuTTY key", c, chatMessages("{\"role\":\"user\",\"content\":\"PuTTY-User-Key-File-3: "
            + "ssh-rsa\\nEncryption: none\\nComment: k\\nPublic-Lines: 1\\nAAAAB3NzaC1yc2EAAAADAQABAAABAQ\\n"
            + "Private-Lines: 1\\n" + PEM_BODY + "\\nPrivate-MAC: 0a\"}"), PEM_BODY),
        anthropic("anthropic bare key body in lines", messages("", "{\"role\":\"user\",\"content\":\"私钥内容"
            + "\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDRndVLkklx2zfF\\n" + PEM_BODY + "\\n"
            + PEM_BODY + "\"}"), PEM_BODY),
        // found by this pass: e-mail signs in other forms, escaped twice, one character a line
        openAi("chat e-mail with small commercial at", c, chatMessages("{\"role\":\"user\",\"content\":\"mail "
            + EMAIL.replace("@", "\uFE6B") + "\"}"), "example.cn"),
        anthropic("anthropic e-mail with one dot leaders", messages("", "{\"role\":\"user\",\"content\":\"写信给 "
            + EMAIL.replace(".", "\u2024") + "\"}"), "zhang\u2024wei"),
        openAi("chat e-mail %2540", c, chatMessages("{\"role\":\"user\",\"content\":\"mail "
            + EMAIL.replace("@", "%2540") + "\"}"), "zhang.wei%2540"),
        anthropic("anthropic e-mail one character a line", messages("", "{\"role\":\"user\",\"content\":\"邮箱"
            + "\\n" + String.join("\\n", EMAIL.split("")) + "\"}"), String.join("\\n", EMAIL.split(""))),
        // found by this pass: further encodings a model decodes, values turned or split by markup
        openAi("chat phone in base32", c, chatMessages("{\"role\":\"user\",\"content\":\"decode:"
            + " NV4SA4DIN5XGKIDJOMQDCMZYGEZDGNBVGY3TQ===\"}"),
            "NV4SA4DIN5XGKIDJOMQDCMZYGEZDGNBVGY3TQ==="),
        anthropic("anthropic Chinese ID in base58", messages("", "{\"role\":\"user\",\"content\""
            + ":\"请解码：YTMnq4p4o6seZCgmcinXtRHT86xTWpHccYyEX\"}"),
            "YTMnq4p4o6seZCgmcinXtRHT86xTWpHccYyEX"),
        openAi("chat AWS key in Ascii85", c, chatMessages("{\"role\":\"user\",\"content\":\"decode:"
            + " <~CLqc65tad8;):X2;H,MV68D8==B@FX~>\"}"),
            "<~CLqc65tad8;):X2;H,MV68D8==B@FX~>"),
        openAi("chat e-mail in RFC 1924 base85", c, chatMessages("{\"role\":\"user\",\"content\":\"decode:"
            + " ZDDC_AbMzFZf7ocWobZVcwudDY-KKEZU\"}"),
            "ZDDC_AbMzFZf7ocWobZVcwudDY-KKEZU"),
        anthropic("anthropic Chinese quoted-printable", messages("", "{\"role\":\"user\",\"content\""
            + ":\"解码：=E6=88=91=E7=9A=84=E6=89=8B=E6=9C=BA=E5=8F=B7=E6=98=AF13812345678\"}"),
            "=E6=88=91=E7=9A=84=E6=89=8B=E6=9C=BA=E5=8F=B7=E6=98=AF13812345678"),
        openAi("chat GB 2312 bytes in base64", c, chatMessages("{\"role\":\"user\",\"content\""
            + ":\"解码(GBK)：ztK1xMrWu/q6xcrHMTM4MTIzNDU2Nzg=\"}"),
            "ztK1xMrWu/q6xcrHMTM4MTIzNDU2Nzg="),
        openAi("chat e-mail in binary", c, chatMessages("{\"role\":\"user\",\"content\":\"binary: 01111010"
            + " 01101000 01100001 01101110 01100111 00101110 01110111 01100101 01101001 01000000 01100101"
            + " 01111000 01100001 01101101 01110000 01101100 01100101 00101110 01100011 01101110\"}"),
            "01111010 01101000 01100001 01101110 01100111 00101110 01110111 01100101 01101001 01000000"
            + " 01100101 01111000 01100001 01101101 01110000 01101100 01100101 00101110 01100011 01101110"),
        anthropic("anthropic phone in decimal bytes", messages("", "{\"role\":\"user\",\"content\":\"字节：231"
            + ", 148, 181, 232, 175, 157, 49, 51, 56, 49, 50, 51, 52, 53, 54, 55, 56\"}"),
            "231, 148, 181, 232, 175, 157, 49, 51, 56, 49, 50, 51, 52, 53, 54, 55, 56"),
        openAi("chat GitHub token in base64 twice", c, chatMessages("{\"role\":\"user\",\"content\""
            + ":\"decode twice: WjJod1gwRllRVmw0VmtWRVIyVnJORGRhY2xZMk4zaHVTRmR3YURnMGJubFJTM0U0TkZwVE1BPT0=\"}"),
            "WjJod1gwRllRVmw0VmtWRVIyVnJORGRhY2xZMk4zaHVTRmR3YURnMGJubFJTM0U0TkZwVE1BPT0="),
        openAi("chat GitHub token in ROT13", c, chatMessages("{\"role\":\"user\",\"content\":\"rot13:"
            + " tuc_NKNLkIRQTrx47MeI67kaUJcu84alDXd84MF0\"}"),
            "tuc_NKNLkIRQTrx47MeI67kaUJcu84alDXd84MF0"),
        anthropic("anthropic AWS key backwards", messages("", "{\"role\":\"user\",\"content\""
            + ":\"倒过来：P7WXZM2BY5TRGE3QAIKA\"}"),
            "P7WXZM2BY5TRGE3QAIKA"),
        openAi("chat Chinese ID backwards", c, chatMessages("{\"role\":\"user\",\"content\":\"身份证倒序"
            + " X20013219491501011\"}"),
            "X20013219491501011"),
        openAi("chat phone split by tags", c, chatMessages("{\"role\":\"user\",\"content\":\"call"
            + " 138<b></b>1234<i>5678</i>\"}"),
            "138<b></b>1234<i>5678</i>"),
        anthropic("anthropic phone split by bold", messages("", "{\"role\":\"user\",\"content\":\"电话"
            + " **138**12345678\"}"),
            "**138**12345678"),
        openAi("chat phone joined by .concat", c, chatMessages("{\"role\":\"user\",\"content\":\"x ="
            + " \\\"138\\\".concat(\\\"12345678\\\")\"}"),
            "\\\"138\\\".concat(\\\"12345678\\\")"),
        // found by the fifth pass: digits split by a markdown link, an HTML comment or TeX
        openAi("chat phone split by markdown links", c, chatMessages("{\"role\":\"user\",\"content\":\"call"
            + " [138](x)[1234](y)5678\"}"), "[138](x)[1234](y)5678"),
        anthropic("anthropic phone split by HTML comments", messages("", "{\"role\":\"user\",\"content\":\"电话"
            + "138<!-- -->1234<!-- x -->5678\"}"), "138<!-- -->1234<!-- x -->5678"),
        openAi("chat phone in TeX math marks", c, chatMessages("{\"role\":\"user\",\"content\":\"手机 "
            + "$1$$3$$8$$1$$2$$3$$4$$5$$6$$7$$8$\"}"), "$1$$3$$8$$1$$2$$3$$4$$5$$6$$7$$8$"),
        anthropic("anthropic ID in TeX text and thin spaces", messages("", "{\"role\":\"user\",\"content\":"
            + "\"ID $\\\\text{110105}\\\\,\\\\text{19491231}\\\\,\\\\text{002X}$\"}"), "19491231"),
        openAi("chat AWS key split by markdown links", c, chatMessages("{\"role\":\"user\",\"content\":\"key "
            + "[AKIAQ3EGRT](a)[5YB2MZXW7P](b)\"}"), "[AKIAQ3EGRT](a)[5YB2MZXW7P](b)"),
        // found by the next pass: Han numerals in groups joined by signs, a phone backwards after a word saying so,
        // an ID whose check X ROT13 made K, an address with a Chinese local part after a boundary, regional letters
        openAi("chat Han numerals in groups joined by full-width commas", c, chatMessages("{\"role\":\"user\","
            + "\"content\":\"电话：一三八，一二三四，五六七八\"}"), "一三八，一二三四，五六七八"),
        anthropic("anthropic Han numerals in groups joined by bars", messages("", "{\"role\":\"user\",\"content\":"
            + "\"phone: 一三八 | 一二三四 | 五六七八\"}"), "一三八 | 一二三四 | 五六七八"),
        openAi("chat phone backwards after 倒序", c, chatMessages("{\"role\":\"user\",\"content\":\"电话(倒序)"
            + " 87654321831\"}"), "87654321831"),
        anthropic("anthropic phone backwards after reversed:", messages("", "{\"role\":\"user\",\"content\":"
            + "\"my phone, reversed: 87654321831\"}"), "87654321831"),
        openAi("chat ID with its check X in ROT13", c, chatMessages("{\"role\":\"user\",\"content\":\"身份证"
            + " 11010519491231002K\"}"), "11010519491231002K"),
        anthropic("anthropic ID with its check X in ROT13, English", messages("", "{\"role\":\"user\",\"content\":"
            + "\"rot13 of my ID: 11010519491231002K\"}"), "11010519491231002K"),
        openAi("chat Chinese local part after 邮箱：", c, chatMessages("{\"role\":\"user\",\"content\":"
            + "\"邮箱：小明@example.cn\"}"), "小明@example.cn"),
        anthropic("anthropic Chinese local part after email:", messages("", "{\"role\":\"user\",\"content\":"
            + "\"email: 小明@example.cn\"}"), "小明@example.cn"),
        openAi("chat Chinese local part after a space", c, chatMessages("{\"role\":\"user\",\"content\":"
            + "\"写信给 客服部@example.cn 吧\"}"), "客服部@example.cn"),
        anthropic("anthropic Chinese local part in quotes", messages("", "{\"role\":\"user\",\"content\":"
            + "\"地址是“小明@example.cn”\"}"), "小明@example.cn"),
        openAi("chat AWS key in regional indicator letters", c, chatMessages("{\"role\":\"user\",\"content\":\"key "
            + "\uD83C\uDDE6\uD83C\uDDF0\uD83C\uDDEE\uD83C\uDDE6\uD83C\uDDF63\uD83C\uDDEA\uD83C\uDDEC\uD83C\uDDF7"
            + "\uD83C\uDDF95\uD83C\uDDFE\uD83C\uDDE72\uD83C\uDDF2\uD83C\uDDFF\uD83C\uDDFD\uD83C\uDDFC7\uD83C\uDDF5\"}"),
            "\uD83C\uDDF95\uD83C\uDDFE"),
        // found by the third pass: an AWS key spelled in the NATO alphabet, in English and Chinese prose
        openAi("chat AWS key in NATO alphabet words", c, chatMessages("{\"role\":\"user\",\"content\":\"my aws "
            + "key: alpha kilo india alpha quebec three echo golf romeo tango five yankee bravo two mike zulu xray "
            + "whiskey seven papa\"}"), "quebec three echo golf"),
        anthropic("anthropic AWS key in NATO alphabet words joined by 、", messages("", "{\"role\":\"user\","
            + "\"content\":\"密钥：Alfa、Kilo、India、Alfa、Quebec、3、Echo、Golf、Romeo、Tango、5、Yankee、Bravo、2、"
            + "Mike、Zulu、X-ray、Whiskey、7、Papa\"}"), "Quebec、3、Echo"),
        openAi("chat AWS key in NATO alphabet words joined by spaced dashes", c, chatMessages("{\"role\":\"user\","
            + "\"content\":\"key: alpha - kilo - india - alpha - quebec - three - echo - golf - romeo - tango - five - "
            + "yankee - bravo - two - mike - zulu - x-ray - whiskey - seven - papa\"}"), "quebec - three"),
        openAi("chat AWS key in NATO alphabet words in brackets", c, chatMessages("{\"role\":\"user\",\"content\":"
            + "\"key: (alpha)(kilo)(india)(alpha)(quebec)(three)(echo)(golf)(romeo)(tango)(five)(yankee)(bravo)(two)"
            + "(mike)(zulu)(x-ray)(whiskey)(seven)(papa)\"}"), "(quebec)(three)"),
        anthropic("anthropic AWS key in NATO alphabet words joined by ；", messages("", "{\"role\":\"user\","
            + "\"content\":\"密钥如下：Alfa；Kilo；India；Alfa；Quebec；3；Echo；Golf；Romeo；Tango；5；Yankee；Bravo；2；"
            + "Mike；Zulu；X-ray；Whiskey；7；Papa\"}"), "Quebec；3；Echo"),
        // found by this pass: mixed-case tokens spelled with case words, letters in enclosed forms, enclosed numerals
        openAi("chat GitHub token in NATO words said capital and small", c, chatMessages("{\"role\":\"user\","
            + "\"content\":\"my token: " + spelled(GITHUB, false) + "\"}"), spelled(GITHUB, false).substring(0, 60)),
        anthropic("anthropic GitHub token in 大写 and 小写 letters", messages("", "{\"role\":\"user\",\"content\":"
            + "\"令牌是 " + spelled(GITHUB, true) + "\"}"), spelled(GITHUB, true).substring(0, 30)),
        openAi("chat AWS key in NATO words glued into one word", c, chatMessages("{\"role\":\"user\",\"content\":"
            + "\"key " + glued(AWS, false) + " thanks\"}"), glued(AWS, false).substring(0, 40)),
        anthropic("anthropic AWS key in capitalized NATO words glued, in Chinese prose", messages("", "{\"role\":"
            + "\"user\",\"content\":\"密钥是" + glued(AWS, true) + "，请保存\"}"), glued(AWS, true).substring(0, 40)),
        // found by the fifth pass: NATO words glued a few at a time, letters said again, case words the chain did not know
        openAi("chat AWS key in NATO words glued a few at a time", c, chatMessages("{\"role\":\"user\",\"content\":"
            + "\"key " + gluedInPieces(AWS, 2, " ") + " thanks\"}"), gluedInPieces(AWS, 2, " ").substring(0, 30)),
        anthropic("anthropic AWS key in NATO words glued three at a time, in Chinese prose", messages("",
            "{\"role\":\"user\",\"content\":\"密钥是" + gluedInPieces(AWS, 3, "、") + "，请保存\"}"),
            gluedInPieces(AWS, 3, "、").substring(0, 30)),
        openAi("chat AWS key with each letter said again, as in", c, chatMessages("{\"role\":\"user\",\"content\":"
            + "\"my key: " + saidAgain(AWS, " as in ", ", ") + "\"}"), saidAgain(AWS, " as in ", ", ").substring(0, 40)),
        openAi("chat GitHub token with each letter said again, for", c, chatMessages("{\"role\":\"user\","
            + "\"content\":\"token " + saidAgain(GITHUB, " for ", " ") + "\"}"), saidAgain(GITHUB, " for ", " ")
            .substring(0, 40)),
        anthropic("anthropic AWS key with each letter said again, 如", messages("", "{\"role\":\"user\",\"content\":"
            + "\"密钥：" + saidAgain(AWS, " 如 ", "，") + "\"}"), saidAgain(AWS, " 如 ", "，").substring(0, 30)),
        openAi("chat GitHub token in NATO words said big and little", c, chatMessages("{\"role\":\"user\","
            + "\"content\":\"my token: " + spelled(GITHUB, "big ", "little ", true, " ") + "\"}"),
            spelled(GITHUB, "big ", "little ", true, " ").substring(0, 60)),
        openAi("chat GitHub token in NATO words said caps and lower", c, chatMessages("{\"role\":\"user\","
            + "\"content\":\"my token: " + spelled(GITHUB, "caps ", "lower ", true, ", ") + "\"}"),
            spelled(GITHUB, "caps ", "lower ", true, ", ").substring(0, 60)),
        anthropic("anthropic GitHub token in 大写的 and 小写的 letters", messages("", "{\"role\":\"user\",\"content\":"
            + "\"令牌是 " + spelled(GITHUB, "大写的", "小写的", false, "、") + "\"}"),
            spelled(GITHUB, "大写的", "小写的", false, "、").substring(0, 30)),
        // found by the fifth pass: 两 said for 2 in a number in Chinese numerals
        openAi("chat phone in Chinese numerals with 两", c, chatMessages("{\"role\":\"user\",\"content\":\"手机 "
            + "一三八两三四五六七八两\"}"), "一三八两三四五六七八两"),
        anthropic("anthropic ID in Chinese numerals with 两", messages("", "{\"role\":\"user\",\"content\":"
            + "\"my ID is 一一〇一〇五一九四九一两三一〇〇两X\"}"), "一一〇一〇五一九四九一两三一〇〇两X"),
        // found by the sixth pass: number words and Chinese numerals mixed in one chain
        openAi("chat phone in number words mixed with Chinese numerals", c, chatMessages("{\"role\":\"user\","
            + "\"content\":\"my phone is one三eight一二三四五六七八\"}"), "one三eight一二三四五六七八"),
        anthropic("anthropic phone in Chinese numerals then number words", messages("", "{\"role\":\"user\","
            + "\"content\":\"手机号 一三八 one two three four five six seven eight\"}"),
            "一三八 one two three four five six seven eight"),
        openAi("responses ID in number words mixed with Chinese numerals", r, "{\"model\":\"gpt-4o\",\"input\":"
            + "\"身份证 one one 〇一〇五一九四九一二三一〇〇二X\"}", "one one 〇一〇五一九四九一二三一〇〇二X"),
        // found by the sixth pass: a value glued after the word that names it
        openAi("chat phone glued after tel", c, chatMessages("{\"role\":\"user\",\"content\":\"my phone is tel"
            + PHONE + ", call me\"}"), PHONE),
        anthropic("anthropic ID glued after ID", messages("", "{\"role\":\"user\",\"content\":\"身份证ID" + ID
            + "，请核对\"}"), ID),
        openAi("responses phone glued after mobile", r, "{\"model\":\"gpt-4o\",\"input\":\"手机号mobile" + PHONE
            + "谢谢\"}", PHONE),
        // found by the seventh pass: a glued value after a value found before it, a mobile after 86 without its sign
        openAi("chat phone glued after tel after another phone", c, chatMessages("{\"role\":\"user\",\"content\":"
            + "\"13912345678 or tel" + PHONE + "\"}"), PHONE),
        anthropic("anthropic mobile after 86 in a WhatsApp link", messages("", "{\"role\":\"user\",\"content\":"
            + "\"加我 https://wa.me/86" + PHONE + "\"}"), PHONE),
        openAi("chat AWS key in negative squared letters", c, chatMessages("{\"role\":\"user\",\"content\":\"key "
            + "🅰🅺🅸🅰🆀3🅴🅶🆁🆃5🆈🅱2🅼🆉🆇🆆7🅿\"}"), "🆀3🅴🅶🆁🆃5"),
        anthropic("anthropic AWS key in negative circled letters", messages("", "{\"role\":\"user\",\"content\":"
            + "\"密钥 🅐🅚🅘🅐🅠3🅔🅖🅡🅣5🅨🅑2🅜🅩🅧🅦7🅟\"}"), "🅠3🅔🅖🅡🅣5"),
        openAi("chat AWS key in bracketed letters", c, chatMessages("{\"role\":\"user\",\"content\":\"key "
            + "⒜⒦⒤⒜⒬3⒠⒢⒭⒯5⒴⒝2⒨⒵⒳⒲7⒫\"}"), "⒬3⒠⒢⒭⒯5"),
        anthropic("anthropic phone in circled Chinese numerals", messages("", "{\"role\":\"user\",\"content\":"
            + "\"电话 ㊀㊂㊇㊀㊁㊂㊃㊄㊅㊆㊇\"}"), "㊀㊂㊇㊀㊁㊂㊃㊄㊅㊆㊇"),
        openAi("chat ID in bracketed Chinese numerals", c, chatMessages("{\"role\":\"user\",\"content\":\"my ID "
            + "㈠㈠〇㈠〇㈤㈠㈨㈣㈨㈠㈡㈢㈠〇〇㈡X\"}"), "㈠㈠〇㈠〇㈤㈠㈨㈣㈨"),
        // found by the third pass: a context word more than 30 characters before, in the value's sentence
        openAi("chat phone in groups, context word 33 characters before", c, chatMessages("{\"role\":\"user\","
            + "\"content\":\"电话号码如下，请务必在工作日的上午九点之前、下班以后或者周末联系：138/1234/5678\"}"),
            "5678"),
        anthropic("anthropic phone after 0., context word 70 characters before", messages("", "{\"role\":"
            + "\"user\",\"content\":\"phone number follows, please only call during office hours on weekdays: "
            + "0.13812345678\"}"), PHONE),
        // checked by the next pass: every further field a model is shown (closed before this pass)
        openAi("chat tool description", c, chat(",\"tools\":[" + tool("call " + PHONE, "{\"type\":\"object\"}")
            + "]"), PHONE),
        openAi("chat schema $comment", c, chat(",\"tools\":[" + tool("f", schema("$comment", "\"" + EMAIL + "\""))
            + "]"), EMAIL),
        openAi("chat schema enum in items", c, chat(",\"tools\":[" + tool("f", "{\"type\":\"object\",\"properties\":"
            + "{\"a\":{\"type\":\"array\",\"items\":{\"type\":\"string\",\"enum\":[\"" + AWS + "\"]}}}}") + "]"), AWS),
        openAi("chat schema const in anyOf", c, chat(",\"tools\":[" + tool("f", "{\"anyOf\":[{\"const\":\"" + ID
            + "\"},{\"type\":\"null\"}]}") + "]"), ID),
        openAi("chat schema default in $defs", c, chat(",\"tools\":[" + tool("f", "{\"$defs\":{\"p\":{\"type\":"
            + "\"string\",\"default\":\"" + EMAIL + "\"}},\"$ref\":\"#/$defs/p\"}") + "]"), EMAIL),
        openAi("chat schema description nested", c, chat(",\"tools\":[" + tool("f", "{\"type\":\"object\","
            + "\"properties\":{\"a\":{\"type\":\"object\",\"properties\":{\"b\":{\"type\":\"string\",\"description\":"
            + "\"默认 " + PHONE + "\"}}}}}") + "]"), PHONE),
        openAi("chat image detail", c, chatMessages("{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
            + "\"image_url\":{\"url\":\"https://x.example/a.png\",\"detail\":\"" + EMAIL + "\"}}]}"), EMAIL),
        openAi("chat file name", c, chatMessages("{\"role\":\"user\",\"content\":[{\"type\":\"file\",\"file\":"
            + "{\"file_id\":\"file-1\",\"filename\":\"" + PHONE + ".txt\"}}]}"), PHONE),
        openAi("chat refusal part sent back", c, chatMessages(userMessage + ",{\"role\":\"assistant\",\"content\":"
            + "[{\"type\":\"refusal\",\"refusal\":\"" + EMAIL + "\"}]}," + userMessage), EMAIL),
        openAi("chat reasoning_content sent back", c, chatMessages(userMessage + ",{\"role\":\"assistant\","
            + "\"content\":\"ok\",\"reasoning_content\":\"用户手机 " + PHONE + "\"}," + userMessage), PHONE),
        openAi("chat assistant audio id", c, chatMessages(userMessage + ",{\"role\":\"assistant\",\"audio\":"
            + "{\"id\":\"" + AWS + "\"}}," + userMessage), AWS),
        openAi("chat web_search_options location", c, chat(",\"web_search_options\":{\"user_location\":{\"type\":"
            + "\"approximate\",\"approximate\":{\"city\":\"" + EMAIL + "\"}}}"), EMAIL),
        openAi("chat stream_options as text", c, chat(",\"stream_options\":{\"include_usage\":\"" + PHONE + "\"}"),
            PHONE),
        openAi("responses instructions", r, responses(",\"instructions\":\"客户邮箱 " + EMAIL + "\""), EMAIL),
        openAi("responses instructions as items", r, responses(",\"instructions\":[{\"type\":\"message\",\"role\":"
            + "\"developer\",\"content\":[{\"type\":\"input_text\",\"text\":\"key " + AWS + "\"}]}]"), AWS),
        openAi("responses previous_response_id", r, responses(",\"previous_response_id\":\"resp_" + AWS + "\""),
            AWS),
        openAi("responses conversation id", r, responses(",\"conversation\":{\"id\":\"conv_" + PHONE + "\"}"),
            PHONE),
        openAi("responses prompt variables", r, responses(",\"prompt\":{\"id\":\"pmpt_1\",\"variables\":{\"who\":"
            + "\"" + EMAIL + "\",\"doc\":{\"type\":\"input_text\",\"text\":\"身份证 " + ID + "\"}}}"), ID),
        openAi("responses reasoning text sent back", r, "{\"model\":\"gpt-4o\",\"input\":[{\"type\":\"reasoning\","
            + "\"id\":\"rs\",\"summary\":[],\"content\":[{\"type\":\"reasoning_text\",\"text\":\"phone " + PHONE
            + "\"}]},{\"role\":\"user\",\"content\":\"hi\"}]}", PHONE),
        openAi("responses reasoning summary option", r, responses(",\"reasoning\":{\"effort\":\"low\",\"summary\":\""
            + EMAIL + "\"}"), EMAIL),
        openAi("responses web search query sent back", r, "{\"model\":\"gpt-4o\",\"input\":[{\"type\":"
            + "\"web_search_call\",\"id\":\"ws\",\"status\":\"completed\",\"action\":{\"type\":\"search\",\"query\":"
            + "\"" + EMAIL + "\"}},{\"role\":\"user\",\"content\":\"hi\"}]}", EMAIL),
        openAi("responses file search results sent back", r, "{\"model\":\"gpt-4o\",\"input\":[{\"type\":"
            + "\"file_search_call\",\"id\":\"fs\",\"status\":\"completed\",\"queries\":[\"q\"],\"results\":[{\"file_id\":"
            + "\"f\",\"filename\":\"a.txt\",\"text\":\"电话 " + PHONE + "\"}]},{\"role\":\"user\",\"content\":\"hi\"}]}",
            PHONE),
        openAi("responses code interpreter code", r, "{\"model\":\"gpt-4o\",\"input\":[{\"type\":"
            + "\"code_interpreter_call\",\"id\":\"ci\",\"status\":\"completed\",\"container_id\":\"c\",\"code\":"
            + "\"k = '" + AWS + "'\",\"outputs\":[{\"type\":\"logs\",\"logs\":\"" + EMAIL + "\"}]},{\"role\":\"user\","
            + "\"content\":\"hi\"}]}", AWS),
        openAi("responses mcp list tools description", r, "{\"model\":\"gpt-4o\",\"input\":[{\"type\":"
            + "\"mcp_list_tools\",\"id\":\"ml\",\"server_label\":\"x\",\"tools\":[{\"name\":\"t\",\"description\":"
            + "\"mail " + EMAIL + "\",\"input_schema\":{}}]},{\"role\":\"user\",\"content\":\"hi\"}]}", EMAIL),
        openAi("responses custom tool call input", r, "{\"model\":\"gpt-4o\",\"input\":[{\"type\":"
            + "\"custom_tool_call\",\"call_id\":\"c\",\"name\":\"f\",\"input\":\"身份证 " + ID + "\"},{\"type\":"
            + "\"custom_tool_call_output\",\"call_id\":\"c\",\"output\":\"ok\"}]}", ID),
        openAi("responses computer call safety check message", r, "{\"model\":\"gpt-4o\",\"input\":[{\"type\":"
            + "\"computer_call_output\",\"call_id\":\"c\",\"acknowledged_safety_checks\":[{\"id\":\"s\",\"code\":\"x\","
            + "\"message\":\"" + EMAIL + "\"}],\"output\":{\"type\":\"computer_screenshot\",\"image_url\":"
            + "\"https://x.example/s.png\"}}]}", EMAIL),
        openAi("responses function tool description", r, responses(",\"tools\":[{\"type\":\"function\",\"name\":"
            + "\"f\",\"description\":\"联系 " + PHONE + "\",\"parameters\":{\"type\":\"object\"}}]"), PHONE),
        openAi("responses include", r, responses(",\"include\":[\"" + EMAIL + "\"]"), EMAIL),
        openAi("responses text verbosity", r, responses(",\"text\":{\"verbosity\":\"" + EMAIL + "\"}"), EMAIL),
        anthropic("anthropic system blocks with cache_control", messages(",\"system\":[{\"type\":\"text\",\"text\":"
            + "\"客服电话 " + PHONE + "\",\"cache_control\":{\"type\":\"ephemeral\"}}]", userMessage), PHONE),
        anthropic("anthropic cache_control ttl", messages("", "{\"role\":\"user\",\"content\":[{\"type\":\"text\","
            + "\"text\":\"hi\",\"cache_control\":{\"type\":\"ephemeral\",\"ttl\":\"" + EMAIL + "\"}}]}"), EMAIL),
        anthropic("anthropic document content blocks and context", messages("", "{\"role\":\"user\",\"content\":"
            + "[{\"type\":\"document\",\"source\":{\"type\":\"content\",\"content\":[{\"type\":\"text\",\"text\":"
            + "\"key " + AWS + "\"}]},\"context\":\"" + EMAIL + "\"}]}"), AWS),
        anthropic("anthropic document context", messages("", "{\"role\":\"user\",\"content\":[{\"type\":\"document\","
            + "\"source\":{\"type\":\"text\",\"media_type\":\"text/plain\",\"data\":\"x\"},\"context\":\"" + EMAIL
            + "\"}]}"), EMAIL),
        anthropic("anthropic search_result block", messages("", "{\"role\":\"user\",\"content\":[{\"type\":"
            + "\"search_result\",\"source\":\"https://x.example/" + PHONE + "\",\"title\":\"t\",\"content\":[{\"type\":"
            + "\"text\",\"text\":\"身份证 " + ID + "\"}]}]}"), ID),
        anthropic("anthropic search_result source", messages("", "{\"role\":\"user\",\"content\":[{\"type\":"
            + "\"search_result\",\"source\":\"" + EMAIL + "\",\"title\":\"t\",\"content\":[{\"type\":\"text\",\"text\":"
            + "\"x\"}]}]}"), EMAIL),
        anthropic("anthropic citations sent back", messages("", userMessage + ",{\"role\":\"assistant\",\"content\":"
            + "[{\"type\":\"text\",\"text\":\"ok\",\"citations\":[{\"type\":\"char_location\",\"cited_text\":\"" + EMAIL
            + "\",\"document_index\":0,\"document_title\":\"" + AWS + "\",\"start_char_index\":0,\"end_char_index\":1}]}]},"
            + userMessage), EMAIL),
        anthropic("anthropic thinking sent back", messages("", userMessage + ",{\"role\":\"assistant\",\"content\":"
            + "[{\"type\":\"thinking\",\"thinking\":\"手机 " + PHONE + "\",\"signature\":\"EqQBCkgIARABGAIiQ\"},{\"type\":"
            + "\"text\",\"text\":\"ok\"}]}," + userMessage), PHONE),
        anthropic("anthropic redacted_thinking data", messages("", userMessage + ",{\"role\":\"assistant\",\"content\":"
            + "[{\"type\":\"redacted_thinking\",\"data\":\"" + EMAIL + "\"}]}," + userMessage), EMAIL),
        anthropic("anthropic image url", messages("", "{\"role\":\"user\",\"content\":[{\"type\":\"image\",\"source\":"
            + "{\"type\":\"url\",\"url\":\"https://x.example/?k=" + AWS + "\"}}]}"), AWS),
        anthropic("anthropic tool description", messages(",\"tools\":[{\"name\":\"f\",\"description\":\"key " + AWS
            + "\",\"input_schema\":{\"type\":\"object\"}}]", userMessage), AWS),
        anthropic("anthropic input_schema $defs examples", messages(",\"tools\":[{\"name\":\"f\",\"input_schema\":"
            + "{\"type\":\"object\",\"$defs\":{\"a\":{\"type\":\"string\",\"examples\":[\"" + EMAIL + "\"]}}}}]",
            userMessage), EMAIL),
        anthropic("anthropic container", messages(",\"container\":\"" + AWS + "\"", userMessage), AWS),
        anthropic("anthropic mcp tool use and result", messages("", userMessage + ",{\"role\":\"assistant\","
            + "\"content\":[{\"type\":\"mcp_tool_use\",\"id\":\"m\",\"name\":\"f\",\"server_name\":\"s\",\"input\":"
            + "{\"q\":\"" + EMAIL + "\"}},{\"type\":\"mcp_tool_result\",\"tool_use_id\":\"m\",\"is_error\":false,"
            + "\"content\":[{\"type\":\"text\",\"text\":\"" + PHONE + "\"}]}]}," + userMessage), EMAIL),
        anthropic("anthropic tool_result is_error as text", messages("", userMessage + ",{\"role\":\"assistant\","
            + "\"content\":[{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"f\",\"input\":{}}]},{\"role\":\"user\","
            + "\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t\",\"is_error\":\"" + EMAIL + "\","
            + "\"content\":\"ok\"}]}"), EMAIL),
        // closed before, kept: every part of a tool's schema, names and choices
        openAi("chat tool name", c, chat(",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"send_" + AWS
            + "\"}}]"), AWS),
        openAi("chat schema property name", c, chat(",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":"
            + "\"f\",\"parameters\":{\"type\":\"object\",\"properties\":{\"" + EMAIL + "\":{\"type\":\"string\"}}}}}]"),
            EMAIL),
        openAi("chat schema enum", c, chat(",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\","
            + "\"parameters\":" + schema("enum", "[\"" + PHONE + "\"]") + "}}]"), PHONE),
        openAi("chat schema const", c, chat(",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\","
            + "\"parameters\":" + schema("const", "\"" + GITHUB + "\"") + "}}]"), GITHUB),
        openAi("chat schema examples", c, chat(",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\","
            + "\"parameters\":" + schema("examples", "[\"" + ID + "\"]") + "}}]"), ID),
        openAi("chat schema pattern", c, chat(",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\","
            + "\"parameters\":" + schema("pattern", "\"^" + AWS + "$\"") + "}}]"), AWS),
        openAi("chat schema title", c, chat(",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\","
            + "\"parameters\":" + schema("title", "\"" + EMAIL + "\"") + "}}]"), EMAIL),
        openAi("chat response_format schema enum", c, chat(",\"response_format\":{\"type\":\"json_schema\","
            + "\"json_schema\":{\"name\":\"x\",\"schema\":" + schema("enum", "[\"" + GITHUB + "\"]") + "}}"), GITHUB),
        openAi("chat tool_choice name", c, chat(",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"x"
            + AWS + "\"}}"), AWS),
        openAi("chat legacy function_call name", c, chat(",\"functions\":[{\"name\":\"f\"}],\"function_call\":"
            + "{\"name\":\"" + EMAIL + "\"}"), EMAIL),
        openAi("chat message name", c, chatMessages("{\"role\":\"user\",\"name\":\"" + EMAIL + "\",\"content\":"
            + "\"hi\"}"), EMAIL),
        openAi("chat stop", c, chat(",\"stop\":[\"" + EMAIL + "\"]"), EMAIL),
        openAi("chat user", c, chat(",\"user\":\"" + EMAIL + "\""), EMAIL),
        openAi("chat seed as a string", c, chat(",\"seed\":\"" + PHONE + "\""), PHONE),
        openAi("chat prediction", c, chat(",\"prediction\":{\"type\":\"content\",\"content\":\"" + EMAIL + "\"}"),
            EMAIL),
        openAi("chat tool_call id", c, chatMessages(userMessage + ",{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\""
            + AWS + "\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},{\"role\":"
            + "\"tool\",\"tool_call_id\":\"" + AWS + "\",\"content\":\"ok\"}"), AWS),
        openAi("chat tool arguments with \\u escapes", c, chatMessages(userMessage + ",{\"role\":\"assistant\","
            + "\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":"
            + "\"{\\\"x\\\":\\\"\\\\u0031\\\\u0033\\\\u0038\\\\u0031\\\\u0032\\\\u0033\\\\u0034\\\\u0035\\\\u0036"
            + "\\\\u0037\\\\u0038\\\"}\"}}]},{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"ok\"}"),
            "\\\\u0031\\\\u0033\\\\u0038"),
        openAi("chat metadata key", c, chat(",\"metadata\":{\"" + AWS + "\":\"x\"}"), AWS),
        openAi("chat logit_bias key", c, chat(",\"logit_bias\":{\"" + PHONE + "\":1}"), PHONE),
        openAi("chat image url", c, chatMessages("{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
            + "\"image_url\":{\"url\":\"https://x.example/?e=" + EMAIL + "\"}}]}"), EMAIL),
        openAi("chat key split across content parts", c, chatMessages("{\"role\":\"user\",\"content\":[{\"type\":"
            + "\"text\",\"text\":\"AKIAQ3EGRT\"},{\"type\":\"text\",\"text\":\"5YB2MZXW7P\"}]}"), "5YB2MZXW7P"),
        openAi("chat key split across object keys", c, chat(",\"x\":{\"AKIAQ3EGRT\":1,\"5YB2MZXW7P\":2}"),
            "5YB2MZXW7P"),
        openAi("responses text.format schema", r, responses(",\"text\":{\"format\":{\"type\":\"json_schema\","
            + "\"name\":\"x\",\"schema\":" + schema("enum", "[\"" + PHONE + "\"]") + "}}"), PHONE),
        openAi("responses mcp server_url", r, responses(",\"tools\":[{\"type\":\"mcp\",\"server_label\":\"x\","
            + "\"server_url\":\"https://mcp.example.com/?k=" + AWS + "\"}]"), AWS),
        openAi("responses mcp allowed_tools", r, responses(",\"tools\":[{\"type\":\"mcp\",\"server_label\":\"x\","
            + "\"server_url\":\"https://mcp.example.com\",\"allowed_tools\":[\"" + GITHUB + "\"]}]"), GITHUB),
        openAi("responses mcp headers", r, responses(",\"tools\":[{\"type\":\"mcp\",\"server_label\":\"x\","
            + "\"server_url\":\"https://mcp.example.com\",\"headers\":{\"X-Note\":\"" + EMAIL + "\"}}]"), EMAIL),
        openAi("responses tool_choice mcp name", r, responses(",\"tool_choice\":{\"type\":\"mcp\","
            + "\"server_label\":\"x\",\"name\":\"" + AWS + "\"}"), AWS),
        openAi("responses custom tool grammar", r, responses(",\"tools\":[{\"type\":\"custom\",\"name\":\"f\","
            + "\"format\":{\"type\":\"grammar\",\"syntax\":\"lark\",\"definition\":\"start: \\\"" + PHONE
            + "\\\"\"}}]"), PHONE),
        openAi("responses local shell env", r, responses(",\"input\":[{\"type\":\"local_shell_call\",\"id\":\"l\","
            + "\"call_id\":\"c\",\"status\":\"completed\",\"action\":{\"type\":\"exec\",\"command\":[\"ls\"],"
            + "\"env\":{\"K\":\"" + AWS + "\"}}}]").replace("\"input\":\"hi\",", ""), AWS),
        openAi("responses encrypted reasoning", r, responses(",\"input\":[{\"type\":\"reasoning\",\"id\":\"r\","
            + "\"summary\":[],\"encrypted_content\":\"" + EMAIL + "\"}]").replace("\"input\":\"hi\",", ""), EMAIL),
        openAi("completions suffix", "/v1/completions", "{\"model\":\"gpt-3.5-turbo-instruct\",\"prompt\":\"x\","
            + "\"suffix\":\"" + EMAIL + "\"}", EMAIL),
        openAi("embeddings input", "/v1/embeddings", "{\"model\":\"text-embedding-3-small\",\"input\":[\"" + ID
            + "\"]}", ID),
        anthropic("anthropic input_schema enum", messages(",\"tools\":[{\"name\":\"f\",\"input_schema\":"
            + schema("enum", "[\"" + PHONE + "\"]") + "}]", userMessage), PHONE),
        anthropic("anthropic tool_choice name", messages(",\"tool_choice\":{\"type\":\"tool\",\"name\":\"" + AWS
            + "\"}", userMessage), AWS),
        anthropic("anthropic mcp_servers url", messages(",\"mcp_servers\":[{\"type\":\"url\",\"url\":"
            + "\"https://m.example.com/" + AWS + "\",\"name\":\"x\"}]", userMessage), AWS),
        anthropic("anthropic mcp allowed_tools", messages(",\"mcp_servers\":[{\"type\":\"url\",\"url\":"
            + "\"https://m.example.com/\",\"name\":\"x\",\"tool_configuration\":{\"allowed_tools\":[\"" + GITHUB
            + "\"]}}]", userMessage), GITHUB),
        anthropic("anthropic metadata user_id", messages(",\"metadata\":{\"user_id\":\"" + EMAIL + "\"}",
            userMessage), EMAIL),
        anthropic("anthropic stop_sequences", messages(",\"stop_sequences\":[\"" + PHONE + "\"]", userMessage),
            PHONE),
        anthropic("anthropic thinking signature", messages("", userMessage + ",{\"role\":\"assistant\",\"content\":"
            + "[{\"type\":\"thinking\",\"thinking\":\"t\",\"signature\":\"" + EMAIL + "\"}]},"
            + userMessage), EMAIL),
        anthropic("anthropic web search result title", messages("", userMessage + ",{\"role\":\"assistant\","
            + "\"content\":[{\"type\":\"web_search_tool_result\",\"tool_use_id\":\"s\",\"content\":[{\"type\":"
            + "\"web_search_result\",\"url\":\"https://x.example\",\"title\":\"" + EMAIL + "\",\"encrypted_content\":"
            + "\"abc\"}]}]}," + userMessage), EMAIL),
        anthropic("anthropic document title", messages("", "{\"role\":\"user\",\"content\":[{\"type\":\"document\","
            + "\"source\":{\"type\":\"text\",\"media_type\":\"text/plain\",\"data\":\"x\"},\"title\":\"" + EMAIL
            + "\"}]}"), EMAIL),
        // closed before, kept: encodings a model decodes
        openAi("chat HTML character references", c, chatMessages("{\"role\":\"user\",\"content\":\"mail "
            + "zhang.wei&#64;example.cn\"}"), "zhang.wei&#64;example.cn"),
        openAi("chat percent-escapes", c, chatMessages("{\"role\":\"user\",\"content\":\"key "
            + "%41%4B%49%41%51%33%45%47%52%54%35%59%42%32%4D%5A%58%57%37%50\"}"), "%41%4B%49%41"),
        openAi("chat Chinese numerals", c, chatMessages("{\"role\":\"user\",\"content\":\"手机 一三八一二三四五六七八\"}"),
            "一三八一二三四五六七八"),
        openAi("chat one character a line", c, chatMessages("{\"role\":\"user\",\"content\":\"key\\n"
            + String.join("\\n", AWS.split("")) + "\"}"), String.join("\\n", AWS.split(""))),
        anthropic("anthropic number words", messages("", "{\"role\":\"user\",\"content\":\"call one three eight one"
            + " two three four five six seven eight\"}"), "one three eight one two three four five six seven eight"),
        anthropic("anthropic full-width key", messages("", "{\"role\":\"user\",\"content\":\"密钥 "
            + "ＡＫＩＡＱ３ＥＧＲＴ５ＹＢ２ＭＺＸＷ７Ｐ\"}"), "ＡＫＩＡＱ３ＥＧＲＴ５ＹＢ２ＭＺＸＷ７Ｐ"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fields")
  void neverReachesTheUpstream(String name, String provider, String path, String body, String value)
      throws Exception {
    upstream.resetRequests();
    TestGateway gateway = provider.equals("openai") ? gateways.openAi() : gateways.anthropic();
    HttpResponse<String> r = send(gateway, path, body.getBytes(StandardCharsets.UTF_8), "content-type",
        "application/json");

    // Refused (400) or sent rewritten; a slow upstream's 504 on a loaded machine still shows what it received.
    assertThat(r.statusCode()).as(r.body()).isNotEqualTo(500);
    for (ServeEvent e : upstream.getAllServeEvents()) {
      assertThat(e.getRequest().getBodyAsString()).doesNotContain(value);
    }
    assertThat(r.body()).doesNotContain(value);
  }

  private static final String[] NATO = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
      "india", "juliett", "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango",
      "uniform", "victor", "whiskey", "x-ray", "yankee", "zulu"};

  /**
   * Returns {@code value} spelled out one character a token: each letter said in its case ({@code capital alpha},
   * {@code small kilo}; in Chinese {@code 大写A}, {@code 小写k}), digits as written, the underscore as a word.
   */
  private static String spelled(String value, boolean chinese) {
    return chinese ? spelled(value, "大写", "小写", false, "、") : spelled(value, "capital ", "small ", true, " ");
  }

  /**
   * Returns {@code value} spelled out one character a token, {@code gap} apart: each letter after {@code upper} or
   * {@code lower}, as its NATO word when {@code words}, else as itself; digits as written, the underscore as a word.
   */
  private static String spelled(String value, String upper, String lower, boolean words, String gap) {
    StringBuilder out = new StringBuilder();
    for (char c : value.toCharArray()) {
      if (out.length() > 0) {
        out.append(gap);
      }
      if (c == '_') {
        out.append(words ? "underscore" : "下划线");
      } else if (Character.isDigit(c)) {
        out.append(c);
      } else {
        out.append(Character.isUpperCase(c) ? upper : lower)
            .append(words ? NATO[Character.toLowerCase(c) - 'a'] : String.valueOf(c));
      }
    }
    return out.toString();
  }

  /** Returns {@code value} with each letter said and said again by its NATO word ({@code A as in alpha}). */
  private static String saidAgain(String value, String connector, String gap) {
    StringBuilder out = new StringBuilder();
    for (char c : value.toCharArray()) {
      if (out.length() > 0) {
        out.append(gap);
      }
      if (c == '_') {
        out.append("underscore");
      } else if (Character.isDigit(c)) {
        out.append(c);
      } else {
        out.append(c).append(connector).append(NATO[Character.toLowerCase(c) - 'a']);
      }
    }
    return out.toString();
  }

  /** Returns {@code value} in NATO and digit words glued {@code size} at a time, the pieces {@code gap} apart. */
  private static String gluedInPieces(String value, int size, String gap) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length(); i += size) {
      if (i > 0) {
        out.append(gap);
      }
      out.append(glued(value.substring(i, Math.min(value.length(), i + size)), i % 2 == 0));
    }
    return out.toString();
  }

  /** Returns {@code value} in NATO words and digit words glued into one word, each word capitalized or not. */
  private static String glued(String value, boolean capitalized) {
    String[] digits = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};
    StringBuilder out = new StringBuilder();
    for (char c : value.toCharArray()) {
      String word = Character.isDigit(c) ? digits[c - '0'] : NATO[Character.toLowerCase(c) - 'a'].replace("-", "");
      out.append(capitalized ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
    }
    return out.toString();
  }

  private static String toolCall(String id, String arguments) {
    return "{\"id\":\"" + id + "\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\""
        + arguments.replace("\"", "\\\"") + "\"}}";
  }

  private static String tool(String description, String parameters) {
    return "{\"type\":\"function\",\"function\":{\"name\":\"lookup\",\"description\":\"" + description + "\","
        + "\"parameters\":" + parameters + "}}";
  }

  /** Values cut into pieces that each look harmless, in sibling strings a model reads together and can join. */
  static Stream<Arguments> splitValues() {
    String c = "/v1/chat/completions";
    String r = "/v1/responses";
    String userMessage = "{\"role\":\"user\",\"content\":\"concatenate them\"}";
    String joinThemZh = "{\"role\":\"user\",\"content\":\"把它们拼起来\"}";
    return Stream.of(
        openAi("stop elements, phone", c, chat(",\"stop\":[\"1381234\",\"5678\"]"), PHONE),
        openAi("stop elements, phone spaced", c, chat(",\"stop\":[\"138 \",\"1234 \",\"5678\"]"), PHONE),
        openAi("stop elements, one digit each", c, chat(",\"stop\":[\"1\",\"3\",\"8\",\"1\",\"2\",\"3\",\"4\","
            + "\"5\",\"6\",\"7\",\"8\"]"), PHONE),
        openAi("schema enum, 身份证", c, chat(",\"tools\":[" + tool("查询", schema("enum",
            "[\"110105194912\",\"31002X\"]")) + "]"), ID),
        openAi("schema enum, AWS key", c, chat(",\"tools\":[" + tool("look up",
            schema("enum", "[\"AKIAQ3EGRT\",\"5YB2MZXW7P\"]")) + "]"), AWS),
        openAi("response_format enum, e-mail", c, chat(",\"response_format\":{\"type\":\"json_schema\","
            + "\"json_schema\":{\"name\":\"x\",\"schema\":" + schema("enum", "[\"zhang.wei\",\"@example.cn\"]")
            + "}}"), EMAIL),
        openAi("embeddings input[], e-mail", "/v1/embeddings", "{\"model\":\"text-embedding-3-small\",\"input\":"
            + "[\"写信给 zhang.wei\",\"@example.cn 谢谢\"]}", EMAIL),
        openAi("embeddings input[], GitHub token", "/v1/embeddings", "{\"model\":\"text-embedding-3-small\","
            + "\"input\":[\"ghp_AXAYxVEDGek47ZrV\",\"67xnHWph84nyQKq84ZS0\"]}", GITHUB),
        openAi("completions prompt[], AWS key", "/v1/completions", "{\"model\":\"gpt-3.5-turbo-instruct\","
            + "\"prompt\":[\"key AKIAQ3EGRT\",\"5YB2MZXW7P\"]}", AWS),
        openAi("completions prompt[], 身份证", "/v1/completions", "{\"model\":\"gpt-3.5-turbo-instruct\","
            + "\"prompt\":[\"身份证号 1101051949\",\"1231002X 的主人\"]}", ID),
        openAi("tool-argument fields, phone", c, chatMessages(userMessage + ",{\"role\":\"assistant\","
            + "\"tool_calls\":[" + toolCall("c1", "{\"a\":\"1381234\",\"b\":\"5678\"}") + "]},{\"role\":\"tool\","
            + "\"tool_call_id\":\"c1\",\"content\":\"ok\"}"), PHONE),
        openAi("tool-argument fields, GitHub token", c, chatMessages(userMessage + ",{\"role\":\"assistant\","
            + "\"tool_calls\":[" + toolCall("c1", "{\"head\":\"ghp_AXAYxVEDGek47ZrV\",\"tail\":"
            + "\"67xnHWph84nyQKq84ZS0\"}") + "]},{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"ok\"}"),
            GITHUB),
        openAi("separate tool calls, 身份证", c, chatMessages(joinThemZh + ",{\"role\":\"assistant\",\"tool_calls\":["
            + toolCall("c1", "{\"q\":\"110105194912\"}") + "," + toolCall("c2", "{\"q\":\"31002X\"}") + "]},"
            + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"无\"},{\"role\":\"tool\",\"tool_call_id\":"
            + "\"c2\",\"content\":\"无\"}"), ID),
        openAi("tool result then assistant turn, e-mail", c, chatMessages(userMessage + ",{\"role\":\"assistant\","
            + "\"tool_calls\":[" + toolCall("c1", "{}") + "]},{\"role\":\"tool\",\"tool_call_id\":\"c1\","
            + "\"content\":\"联系人 zhang.wei\"},{\"role\":\"assistant\",\"content\":\"@example.cn\"},"
            + userMessage), EMAIL),
        openAi("tool description and user turn, phone", c, "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":"
            + "\"user\",\"content\":\"5678 是后四位\"}],\"tools\":[" + tool("客服电话 1381234", "{\"type\":\"object\"}")
            + "]}", PHONE),
        openAi("responses function_call arguments and output, AWS key", r, "{\"model\":\"gpt-4o\",\"input\":["
            + "{\"type\":\"function_call\",\"call_id\":\"c\",\"name\":\"f\",\"arguments\":\"{\\\"k\\\":"
            + "\\\"AKIAQ3EGRT\\\"}\"},{\"type\":\"function_call_output\",\"call_id\":\"c\",\"output\":"
            + "\"5YB2MZXW7P\"}]}", AWS),
        anthropic("anthropic stop_sequences, phone", messages(",\"stop_sequences\":[\"138\",\"1234\",\"5678\"]",
            userMessage), PHONE),
        anthropic("anthropic tool_use input fields, 身份证", messages("", joinThemZh + ",{\"role\":\"assistant\","
            + "\"content\":[{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"f\",\"input\":{\"前\":\"110105194912\","
            + "\"后\":\"31002X\"}}]},{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t\","
            + "\"content\":\"ok\"}]}"), ID),
        anthropic("anthropic tool_result and assistant turn, GitHub token", messages("", userMessage
            + ",{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"f\",\"input\":{}}]},"
            + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t\",\"content\":"
            + "\"ghp_AXAYxVEDGek47ZrV\"}]},{\"role\":\"assistant\",\"content\":\"67xnHWph84nyQKq84ZS0\"}," + userMessage),
            GITHUB),
        anthropic("anthropic tool description and user turn, e-mail", messages(",\"tools\":[{\"name\":\"mail\","
            + "\"description\":\"send to zhang.wei\",\"input_schema\":{\"type\":\"object\"}}]",
            "{\"role\":\"user\",\"content\":\"@example.cn 发一封\"}"), EMAIL),
        anthropic("anthropic content blocks of a tool_result, AWS key", messages("", userMessage
            + ",{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"f\",\"input\":{}}]},"
            + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t\",\"content\":[{\"type\":"
            + "\"text\",\"text\":\"AKIAQ3EGRT\"},{\"type\":\"text\",\"text\":\"5YB2MZXW7P\"}]}]}"), AWS),
        // found by this pass: Chinese numerals on either side of a join, and a token longer than 128 characters
        openAi("schema enum, phone in Chinese numerals", c, chat(",\"tools\":[" + tool("查询", schema("enum",
            "[\"一三八\",\"一二三四五六七八\"]")) + "]"), PHONE),
        openAi("stop elements, phone in full-width digits and Chinese numerals", c, chat(",\"stop\":[\"１３８\","
            + "\"一二三四\",\"五六七八\"]"), PHONE),
        anthropic("anthropic tool_use input fields, 身份证 in digits then numerals", messages("", joinThemZh
            + ",{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"f\",\"input\":"
            + "{\"前\":\"110105\",\"后\":\"一九四九一二三一〇〇二X\"}}]},{\"role\":\"user\",\"content\":[{\"type\":"
            + "\"tool_result\",\"tool_use_id\":\"t\",\"content\":\"ok\"}]}"), ID),
        // found by the sixth pass: an address whose domain is cut more than 16 characters after its @
        openAi("stop elements, e-mail with a long domain cut before its suffix", c, chat(",\"stop\":["
            + "\"zhang.wei@examplecompanygroup\",\".com\"]"), "zhang.wei@examplecompanygroup"),
        openAi("embeddings input[], 邮箱 with a long domain cut before its suffix", "/v1/embeddings",
            "{\"model\":\"text-embedding-3-small\",\"input\":[\"邮箱 wangfang@shanghaitechnologycorp\",\".cn\"]}",
            "wangfang@shanghaitechnologycorp"),
        anthropic("anthropic tool_use input fields, e-mail with a long domain", messages("", joinThemZh
            + ",{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"f\",\"input\":"
            + "{\"收件人\":\"wangfang@shanghaitechnologycorp\",\"后缀\":\".com.cn\"}}]},{\"role\":\"user\","
            + "\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t\",\"content\":\"ok\"}]}"),
            "wangfang@shanghaitechnologycorp"),
        // found by the fifth pass: an encrypted key whose header lines put more than 128 characters before the join
        openAi("embeddings input[], encrypted PEM key cut after its header lines", "/v1/embeddings",
            "{\"model\":\"text-embedding-3-small\",\"input\":[\"" + ENCRYPTED_ARMOUR + "\",\"" + PEM_BODY + "\\n"
            + PEM_BODY + "\\n-----END RSA PRIVATE KEY-----\"]}", PEM_BODY),
        anthropic("anthropic tool_result blocks, encrypted PEM key cut after its header lines", messages("",
            userMessage + ",{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"f\","
            + "\"input\":{}}]},{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t\","
            + "\"content\":[{\"type\":\"text\",\"text\":\"私钥上半部分：\\n" + ENCRYPTED_ARMOUR + "\"},{\"type\":\"text\","
            + "\"text\":\"" + PEM_BODY + "\\n-----END RSA PRIVATE KEY-----\"}]}]}"), PEM_BODY),
        openAi("embeddings input[], JWT with a long header", "/v1/embeddings", "{\"model\":\"text-embedding-3-small\","
            + "\"input\":[\"" + JWT_HEADER + "\",\"." + JWT_REST + "\"]}", JWT_REST),
        anthropic("anthropic tool_use input fields, JWT with a long header", messages("", joinThemZh
            + ",{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"f\",\"input\":"
            + "{\"令牌前半\":\"" + JWT_HEADER + "\",\"令牌后半\":\"." + JWT_REST + "\"}}]},{\"role\":\"user\","
            + "\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t\",\"content\":\"ok\"}]}"), JWT_REST));
  }

  /**
   * A JWT header of 238 characters (an {@code x5c}-style chain of base64url, generated test data): longer than the
   * 128 characters next to a join that a sibling reading took.
   */
  private static final String JWT_HEADER = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsIng1YyI6WyJNSUlDK3pDQ0FlT2dBd0lC"
      + "QWdJSkFLVzJkN0ZqOXhRMU1BMEdDU3FHU0liM0RRRUJDd1VBTUJReEVqQVFCZ05WQkFNVENXeHZZMkZzYUc5emREQWVGdzB5TkRBeE1E"
      + "RXdNREF3TURCYUZ3MHpOREF4TURFd01EQXdNREJhTUJReEVqQVFCZ05WQkFNVCJdfQ";
  /**
   * An encrypted private key's first line and header lines, as JSON string content: 160 characters, more than the
   * 128 characters next to a join that a sibling reading took before it read a key's armour whole.
   */
  private static final String ENCRYPTED_ARMOUR = "-----BEGIN RSA PRIVATE KEY-----\\nProc-Type: 4,ENCRYPTED\\n"
      + "Comment: \\\"build server key, rotated in 2024, do not share\\\"\\nDEK-Info: AES-256-CBC,"
      + "6A2B3C4D5E6F708192A3B4C5D6E7F801\\n\\n";
  /** A JWT's payload and signature (generated test data). */
  private static final String JWT_REST = "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIy"
      + "fQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

  @ParameterizedTest(name = "{0}")
  @MethodSource("splitValues")
  void refusesAValueSplitAcrossSiblings(String name, String provider, String path, String body, String value)
      throws Exception {
    upstream.resetRequests();
    TestGateway gateway = provider.equals("openai") ? gateways.openAi() : gateways.anthropic();
    HttpResponse<String> r = send(gateway, path, body.getBytes(StandardCharsets.UTF_8), "content-type",
        "application/json");

    // Each piece alone is harmless, so nothing may reach the upstream: the joined value blocks.
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.body()).contains("blocked by policy rule").doesNotContain(value);
    assertThat(upstream.getAllServeEvents()).isEmpty();
  }

  /** Requests with many sibling strings that hold no split value: realistic SDK tool schemas and agent turns. */
  static Stream<Arguments> cleanSiblings() {
    String c = "/v1/chat/completions";
    StringBuilder days = new StringBuilder();
    for (int d = 1; d <= 31; d++) {
      days.append(d > 1 ? "," : "").append("\"").append(d).append("\"");
    }
    StringBuilder agent = new StringBuilder("{\"role\":\"system\",\"content\":\"You are an order assistant. 你是订单助手。\"},"
        + "{\"role\":\"user\",\"content\":\"查一下订单 2024-0001 到 2024-0040 的状态\"}");
    for (int i = 1; i <= 40; i++) {
      String id = String.format("c%02d", i);
      agent.append(",{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[")
          .append(toolCall(id, "{\"order_id\":\"2024-" + String.format("%04d", i) + "\",\"page\":" + i
              + ",\"size\":20,\"lat\":\"39.90" + i + "\",\"lng\":\"116.40" + i + "\",\"from\":\"2024-01-"
              + String.format("%02d", i % 28 + 1) + "\",\"to\":\"2024-12-31\"}"))
          .append("]},{\"role\":\"tool\",\"tool_call_id\":\"").append(id).append("\",\"content\":\"{\\\"status\\\":"
              + "\\\"shipped\\\",\\\"amount\\\":").append(100 + i * 13).append(".50,\\\"sku\\\":\\\"SKU-")
          .append(1000 + i).append("\\\",\\\"updated\\\":\\\"2024-06-").append(String.format("%02d", i % 28 + 1))
          .append("T10:").append(String.format("%02d", i)).append(":00Z\\\",\\\"qty\\\":").append(i % 7 + 1)
          .append("}\"}");
    }
    agent.append(",{\"role\":\"assistant\",\"content\":\"All 40 orders are shipped. 全部已发货。\"},"
        + "{\"role\":\"user\",\"content\":\"Thanks! 总金额是多少？\"}");
    String sdkTools = "[" + tool("Get the current weather in a given location",
        "{\"type\":\"object\",\"properties\":{\"location\":{\"type\":\"string\",\"description\":\"The city and state,"
        + " e.g. San Francisco, CA\"},\"unit\":{\"type\":\"string\",\"enum\":[\"celsius\",\"fahrenheit\"]},"
        + "\"day\":{\"type\":\"string\",\"enum\":[" + days + "]},\"year\":{\"type\":\"string\",\"enum\":[\"2019\","
        + "\"2020\",\"2021\",\"2022\",\"2023\",\"2024\",\"2025\"]},\"hour\":{\"type\":\"string\",\"enum\":[\"00\","
        + "\"06\",\"12\",\"18\"]},\"country\":{\"type\":\"string\",\"enum\":[\"CN\",\"US\",\"GB\",\"DE\",\"FR\","
        + "\"JP\",\"KR\",\"IN\",\"BR\",\"RU\"]},\"status\":{\"type\":\"string\",\"enum\":[\"200\",\"201\",\"204\","
        + "\"301\",\"302\",\"400\",\"401\",\"403\",\"404\",\"500\",\"502\",\"503\"]},\"port\":{\"type\":\"string\","
        + "\"enum\":[\"80\",\"443\",\"8080\",\"8443\",\"3306\",\"5432\",\"6379\"]}},\"required\":[\"location\"]}")
        + "," + tool("查询城市天气", "{\"type\":\"object\",\"properties\":{\"城市\":{\"type\":\"string\",\"enum\":"
        + "[\"北京\",\"上海\",\"广州\",\"深圳\",\"杭州\"]},\"邮编\":{\"type\":\"string\",\"enum\":[\"100000\","
        + "\"200000\",\"510000\",\"518000\",\"310000\"]},\"区号\":{\"type\":\"string\",\"enum\":[\"010\",\"021\","
        + "\"020\",\"0755\",\"0571\"]}}}") + "]";
    return Stream.of(
        Arguments.of("the NATO alphabet itself, English and Chinese", "openai", c, chatMessages("{\"role\":"
            + "\"user\",\"content\":\"北约音标字母表 NATO alphabet: alpha bravo charlie delta echo foxtrot golf hotel"
            + " india juliett kilo lima mike november oscar papa quebec romeo sierra tango uniform victor whiskey "
            + "x-ray yankee zulu; call sign alpha one two, 呼号 bravo 三\"}")),
        Arguments.of("the NATO alphabet taught letter by letter, English and Chinese", "anthropic", "/v1/messages",
            messages("", "{\"role\":\"user\",\"content\":\"Spell it on the radio: A as in alpha, B as in bravo, "
                + "C as in charlie, D for delta, E for echo, a big hotel in India, a little golf club, 大写的A和小写的b，"
                + "字母 A 如 alpha，B 如 bravo\"}")),
        Arguments.of("Chinese counts and measures with 两", "openai", c, chatMessages("{\"role\":\"user\","
            + "\"content\":\"我们两个人等了一两个小时，两三天后再来，二两酒，两千两百二十二元，第两 1234 次\"}")),
        Arguments.of("markdown links, TeX and HTML comments around numbers", "openai", c, chatMessages("{\"role\":"
            + "\"user\",\"content\":\"see [the docs](https://x.example/a) and [v1](a)[v2](b); price $5, US$10; "
            + "a[1][3] = b[8]; TeX $x^2$, $\\\\frac{1}{3}$, \\\\text{total}\\\\,\\\\text{12}; 表格 <!-- 注释 --> 第 3 行\"}")),
        Arguments.of("a radio checklist", "openai", c, chatMessages("{\"role\":\"user\",\"content\":\"Radio "
            + "check: callsign Alpha Two, tower on one one niner decimal five, squawk seven seven zero zero, heading "
            + "zero niner zero, runway two seven left; read back: alphatwo, niner five\"}")),
        Arguments.of("SDK tool schemas with enums of numbers, codes and cities", "openai", c,
            "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"What's the weather in Boston? 北京呢？\"}],"
                + "\"tools\":" + sdkTools + ",\"tool_choice\":\"auto\"}"),
        Arguments.of("many short stop words", "openai", c, chat(",\"stop\":[\"\\n\",\"Human:\",\"AI:\",\"###\","
            + "\"1\",\"2\",\"3\",\"10\",\"100\",\"END\",\"结束\",\"。\",\"2024\"]")),
        Arguments.of("agent conversation, 40 tool calls and results", "openai", c,
            "{\"model\":\"gpt-4o\",\"messages\":[" + agent + "],\"tools\":" + sdkTools + "}"),
        Arguments.of("mentions and handles beside words and signs", "openai", "/v1/embeddings",
            "{\"model\":\"text-embedding-3-small\",\"input\":[\"cc @alice_in_engineering\",\"and @bob_from_support\","
                + "\".\",\"release notes\",\"@kexin_gateway_official\",\"-team\",\"请 @市场部_同事\",\"看一下\"]}"),
        Arguments.of("embeddings of many short texts", "openai", "/v1/embeddings",
            "{\"model\":\"text-embedding-3-small\",\"input\":[\"订单 1001\",\"订单 1002\",\"Order 1003\",\"2024\","
                + "\"06\",\"15\",\"13\",\"8\",\"12345\",\"678\",\"v1.2.3\",\"4.5.6\",\"room 1208\",\"第 3 章\"]}"),
        Arguments.of("anthropic tool schemas and tool results", "anthropic", "/v1/messages",
            messages(",\"tools\":[{\"name\":\"get_order\",\"description\":\"Look up an order by id\",\"input_schema\":"
                + "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\",\"enum\":[" + days + "]}}}}]",
                "{\"role\":\"user\",\"content\":\"order 13\"},{\"role\":\"assistant\",\"content\":[{\"type\":"
                + "\"tool_use\",\"id\":\"t1\",\"name\":\"get_order\",\"input\":{\"id\":\"13\",\"page\":\"8\","
                + "\"from\":\"2024-01-01\",\"to\":\"2024-12-31\"}}]},{\"role\":\"user\",\"content\":[{\"type\":"
                + "\"tool_result\",\"tool_use_id\":\"t1\",\"content\":\"1234 items, 5678 pending\"}]}")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cleanSiblings")
  void passesCleanSiblingsByteForByte(String name, String provider, String path, String body) throws Exception {
    upstream.resetRequests();
    TestGateway gateway = provider.equals("openai") ? gateways.openAi() : gateways.anthropic();
    HttpResponse<String> r = send(gateway, path, body.getBytes(StandardCharsets.UTF_8), "content-type",
        "application/json");

    // Not refused: sent as written (a slow upstream on a loaded machine may answer 504 instead, or not record it).
    assertThat(r.statusCode()).as(r.body()).isIn(200, 504);
    if (r.statusCode() == 200) {
      assertThat(upstream.getAllServeEvents()).extracting(e -> e.getRequest().getBodyAsString()).contains(body);
    }
  }

  static Stream<Arguments> unreadableBodies() throws Exception {
    String chat = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"写信给 " + EMAIL + "\"}]}";
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
      gz.write(chat.getBytes(StandardCharsets.UTF_8));
    }
    byte[] plain = chat.getBytes(StandardCharsets.UTF_8);
    // UTF-7 reads "+AEA-" as "@": plain ASCII JSON to the gateway, an e-mail address to a provider that honours it
    byte[] utf7 = chat.replace("@", "+AEA-").getBytes(StandardCharsets.US_ASCII);
    return Stream.of(
        Arguments.of("gzip", zipped.toByteArray(), List.of("content-type", "application/json",
            "content-encoding", "gzip"), "unsupported_content_encoding"),
        Arguments.of("br label on a plain body", plain, List.of("content-type", "application/json",
            "content-encoding", "br"), "unsupported_content_encoding"),
        Arguments.of("zstd after identity", plain, List.of("content-type", "application/json",
            "content-encoding", "identity, zstd"), "unsupported_content_encoding"),
        Arguments.of("charset=utf-7", utf7, List.of("content-type", "application/json; charset=utf-7"),
            "unsupported_charset"),
        Arguments.of("charset=utf-16 on UTF-8 bytes", plain, List.of("content-type",
            "application/json; charset=\"UTF-16\""), "unsupported_charset"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unreadableBodies")
  void refusesABodyTheProviderWouldReadOtherwise(String name, byte[] body, List<String> headers, String code)
      throws Exception {
    upstream.resetRequests();
    HttpResponse<String> r = send(gateways.openAi(), "/v1/chat/completions", body, headers.toArray(String[]::new));

    assertThat(r.statusCode()).isEqualTo(415);
    assertThat(r.body()).startsWith("{\"error\":{").contains(code).doesNotContain("utf-7").doesNotContain("zstd");
    assertThat(upstream.getAllServeEvents()).isEmpty();
  }

  @Test
  void refusesItInTheAnthropicFormatToo() throws Exception {
    upstream.resetRequests();
    String body = messages("", "{\"role\":\"user\",\"content\":\"我的手机 " + PHONE + "\"}");
    HttpResponse<String> r = send(gateways.anthropic(), "/v1/messages", body.getBytes(StandardCharsets.UTF_8),
        "content-type", "application/json", "content-encoding", "br");

    assertThat(r.statusCode()).isEqualTo(415);
    assertThat(r.body()).startsWith("{\"type\":\"error\"").contains("Content-Encoding");
    assertThat(upstream.getAllServeEvents()).isEmpty();
  }

  @Test
  void stillTakesUtf8DeclaredAnyWayAndIdentity() throws Exception {
    String body = chat("");
    for (String[] headers : List.of(new String[] {"content-type", "application/json; charset=UTF-8"},
        new String[] {"content-type", "application/json; charset=\"utf-8\""},
        new String[] {"content-type", "application/json", "content-encoding", "identity"})) {
      HttpResponse<String> r = send(gateways.openAi(), "/v1/chat/completions", body.getBytes(StandardCharsets.UTF_8), headers);
      assertThat(r.statusCode()).as(String.join(" ", headers)).isEqualTo(200);
    }
  }

  private static HttpResponse<String> send(TestGateway gateway, String path, byte[] body, String... headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway.proxyUrl(path)))
        .timeout(Duration.ofSeconds(10))
        .header(path.equals("/v1/messages") ? "x-api-key" : "authorization",
            path.equals("/v1/messages") ? TestGateway.CLIENT_KEY : "Bearer " + TestGateway.CLIENT_KEY)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.setHeader(headers[i], headers[i + 1]);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
