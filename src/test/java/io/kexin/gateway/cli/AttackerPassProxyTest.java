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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
 * other than the provider would, digits in dingbat or bracketed forms, look-alike letters); the others were closed
 * and stay checked.
 */
class AttackerPassProxyTest {
  @RegisterExtension
  static WireMockExtension upstream = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String ID = "11010519491231002X";
  private static final String PHONE = "13812345678";
  private static final String EMAIL = "zhang.wei@example.cn";
  private static final String AWS = "AKIAQ3EGRT5YB2MZXW7P";
  private static final String GITHUB = "ghp_AXAYxVEDGek47ZrV67xnHWph84nyQKq84ZS0";
  /** A line of a private key's base64 body (generated test data). */
  private static final String PEM_BODY = "yDdPEgVOx/FQ9Vn9uSfKfJKOin1o+lb0c3pWyUxHQAIQaKbKHQ2w4FW5GLCIanL6";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static TestGateway openAi;
  private static TestGateway anthropic;

  @BeforeAll
  static void start() throws Exception {
    openAi = TestGateway.withShippedPolicy("openai", upstream.baseUrl());
    anthropic = TestGateway.withShippedPolicy("anthropic", upstream.baseUrl());
  }

  @AfterAll
  static void stop() {
    openAi.close();
    anthropic.close();
  }

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
    TestGateway gateway = provider.equals("openai") ? openAi : anthropic;
    HttpResponse<String> r = send(gateway, path, body.getBytes(StandardCharsets.UTF_8), "content-type",
        "application/json");

    // Refused (400) or sent rewritten; a slow upstream's 504 on a loaded machine still shows what it received.
    assertThat(r.statusCode()).as(r.body()).isNotEqualTo(500);
    for (ServeEvent e : upstream.getAllServeEvents()) {
      assertThat(e.getRequest().getBodyAsString()).doesNotContain(value);
    }
    assertThat(r.body()).doesNotContain(value);
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
    HttpResponse<String> r = send(openAi, "/v1/chat/completions", body, headers.toArray(String[]::new));

    assertThat(r.statusCode()).isEqualTo(415);
    assertThat(r.body()).startsWith("{\"error\":{").contains(code).doesNotContain("utf-7").doesNotContain("zstd");
    assertThat(upstream.getAllServeEvents()).isEmpty();
  }

  @Test
  void refusesItInTheAnthropicFormatToo() throws Exception {
    upstream.resetRequests();
    String body = messages("", "{\"role\":\"user\",\"content\":\"我的手机 " + PHONE + "\"}");
    HttpResponse<String> r = send(anthropic, "/v1/messages", body.getBytes(StandardCharsets.UTF_8),
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
      HttpResponse<String> r = send(openAi, "/v1/chat/completions", body.getBytes(StandardCharsets.UTF_8), headers);
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
