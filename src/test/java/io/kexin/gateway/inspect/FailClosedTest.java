package io.kexin.gateway.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.config.CredentialFields;
import io.kexin.gateway.config.UnknownFields;
import io.kexin.gateway.policy.Direction;
import io.kexin.gateway.policy.PolicyLoader;
import io.kexin.gateway.policy.PolicySet;
import io.kexin.gateway.policy.ShippedPolicies;
import io.kexin.gateway.provider.Endpoint;
import io.kexin.gateway.provider.ProviderApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tries, with the shipped policy pack, every place a value can hide in a request or a whole response so that the
 * model reads it and the gateway does not: each case must be blocked or rewritten, never pass as sent.
 */
class FailClosedTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String AWS = "AKIAQ3EGRT5LMWX2ZUTB";
  private static final String AWS_Z = "AKIA\u200BQ3EG\u200CRT5L\u2060MWX2\uFEFFZUTB";
  private static final String CN_ID = "11010519491231002X";
  private static final String PHONE = "13800138000";
  private static final String CARD = "4111111111111111";
  private static final String EMAIL = "zhang.wei@example.cn";
  private static PolicySet pack;

  @BeforeAll
  static void loadPack() {
    pack = ShippedPolicies.pack();
  }

  private static Inspection open(ProviderApi api, Endpoint endpoint, UnknownFields unknown,
      CredentialFields credentials) {
    PolicyInspector inspector = new PolicyInspector(() -> pack, new Recorded(), 16_384);
    return inspector.open(new ExchangeInfo("t", api, endpoint, "r", "t",
        pack.all().stream().map(p -> p.name()).toList(), false, unknown, credentials));
  }

  private static Inspection open(ProviderApi api, Endpoint endpoint) {
    return open(api, endpoint, UnknownFields.INSPECT, CredentialFields.REFUSE);
  }

  /** Returns what the upstream would receive, or null when the request is refused. */
  static String sent(Verdict verdict, String body) {
    if (verdict instanceof Verdict.Rewrite r) {
      return r.body().toString();
    }
    return verdict instanceof Verdict.Pass ? body : null;
  }

  static Stream<Arguments> requests() {
    return Stream.of(
        // Invisible characters inside values: detection runs on the text as it will be read.
        chat("zero-width characters inside an AWS key", "{\"role\":\"user\",\"content\":\"key " + AWS_Z + "\"}", AWS),
        chat("zero-width characters inside a CN ID number",
            "{\"role\":\"user\",\"content\":\"身份证 110105\u200B19491231\u00AD002X\"}", CN_ID),
        chat("tag characters inside a phone number",
            "{\"role\":\"user\",\"content\":\"电话 138\uDB40\uDC20001\u200D38000\"}", PHONE),
        chat("a right-to-left override inside a card number",
            "{\"role\":\"user\",\"content\":\"card 4111\u202E1111 1111\u202C1111\"}", CARD),
        // Control characters that print nothing, sent as JSON escapes: a model reads the value whole around them.
        chat("NUL and ESC inside an AWS key",
            "{\"role\":\"user\",\"content\":\"key AKIAQ3EG\\u0000RT5L\\u001bMWX2ZUTB\"}", "MWX2ZUTB"),
        chat("DEL and backspace inside a phone number",
            "{\"role\":\"user\",\"content\":\"电话 138\\u007f0013\\u00088000\"}", "8000"),
        chat("C1 controls inside an e-mail address",
            "{\"role\":\"user\",\"content\":\"mail zhang.wei\\u0090@example\\u009f.cn\"}", "example"),
        // Escapes in nested JSON text.
        chat("an escaped AWS key in tool call arguments", "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":"
            + "[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":"
            + "\"{\\\"k\\\":\\\"\\\\u0041KIAQ3EGRT5LMWX2ZUTB\\\"}\"}}]}", AWS),
        chat("an escaped e-mail in tool call arguments", "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":"
            + "[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":"
            + "\"{\\\"to\\\":\\\"zhang.wei\\\\u0040example.cn\\\"}\"}}]}", "zhang.wei\\\\u0040example.cn"),
        // HTML character references, which a model reads as the characters they stand for.
        chat("an AWS key with a decimal character reference",
            "{\"role\":\"user\",\"content\":\"key AKIA&#81;3EGRT5LMWX2ZUTB\"}", "3EGRT5LMWX2ZUTB"),
        chat("an e-mail with named and hexadecimal references",
            "{\"role\":\"user\",\"content\":\"写信给 zhang.wei&commat;example&#x2E;cn\"}", "zhang.wei&commat;"),
        chat("a phone written in references",
            "{\"role\":\"user\",\"content\":\"电话 &#49;&#51;&#56;&#48;&#48;&#49;&#51;&#56;&#48;&#48;&#48;\"}",
            "&#49;&#51;&#56;"),
        // Pieces of a value joined in code.
        chat("an AWS key joined in code", "{\"role\":\"user\",\"content\":\"k = 'AKIAQ3EG' + 'RT5LMWX2ZUTB'\"}",
            "RT5LMWX2ZUTB"),
        chat("a phone joined in code in a file a coding agent writes", "{\"role\":\"assistant\",\"content\":null,"
            + "\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"write_file\","
            + "\"arguments\":\"{\\\"path\\\":\\\"a.py\\\",\\\"content\\\":\\\"# 电话\\\\nTEL = \\\\\\\"138\\\\\\\" + "
            + "\\\\\\\"0013\\\\\\\" +\\\\n  \\\\\\\"8000\\\\\\\"\\\"}\"}}]}", "8000"),
        // Fields the model reads.
        tools("a secret in a tool schema enum", "{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":"
            + "{\"type\":\"object\",\"properties\":{\"k\":{\"type\":\"string\",\"enum\":[\"" + AWS + "\"]}}}}}", AWS),
        tools("a phone in a tool schema default", "{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":"
            + "{\"type\":\"object\",\"properties\":{\"k\":{\"type\":\"string\",\"default\":\"" + PHONE + "\"}}}}}",
            PHONE),
        tools("an ID in a tool schema example and title", "{\"type\":\"function\",\"function\":{\"name\":\"f\","
            + "\"parameters\":{\"type\":\"object\",\"title\":\"" + CN_ID + "\",\"properties\":{\"k\":{\"examples\":[\""
            + CN_ID + "\"]}}}}}", CN_ID),
        tools("a secret as a schema property name", "{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\""
            + ":{\"type\":\"object\",\"properties\":{\"" + AWS + "\":{\"type\":\"string\"}}}}}", AWS),
        tools("a secret as a tool name", "{\"type\":\"function\",\"function\":{\"name\":\"" + AWS + "\"}}", AWS),
        body("a secret in a json_schema response format", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\","
            + "\"content\":\"hi\"}],\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"s\","
            + "\"schema\":{\"type\":\"object\",\"properties\":{\"a\":{\"const\":\"" + AWS + "\"}}}}}}", AWS),
        body("a secret in an unknown top-level field (vLLM documents)", "{\"model\":\"m\",\"messages\":[{\"role\":"
            + "\"user\",\"content\":\"hi\"}],\"documents\":[{\"title\":\"t\",\"text\":\"key " + AWS + "\"}]}", AWS),
        body("a phone in chat_template_kwargs", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":"
            + "\"hi\"}],\"chat_template_kwargs\":{\"note\":\"电话 " + PHONE + "\"}}", PHONE),
        chat("a secret in an unknown field of a message", "{\"role\":\"user\",\"content\":\"hi\",\"extra\":\"" + AWS
            + "\"}", AWS),
        chat("a secret in an unknown field of a content part", "{\"role\":\"user\",\"content\":[{\"type\":\"text\","
            + "\"text\":\"hi\",\"note\":\"" + AWS + "\"}]}", AWS),
        tools("a secret as a tool's type", "{\"type\":\"" + AWS + "\",\"function\":{\"name\":\"f\"}}", AWS),
        body("a secret in service_tier", "{\"model\":\"m\",\"service_tier\":\"" + AWS + "\",\"messages\":[{\"role\":"
            + "\"user\",\"content\":\"hi\"}]}", AWS),
        chat("a secret in an image part's detail", "{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
            + "\"image_url\":{\"url\":\"https://e.example/a.png\",\"detail\":\"" + AWS + "\"}}]}", AWS),
        body("a secret in stop", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stop\":[\""
            + AWS + "\"]}", AWS),
        // Fields the provider receives.
        body("an e-mail in metadata", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
            + "\"metadata\":{\"owner\":\"" + EMAIL + "\"}}", EMAIL),
        body("an e-mail in user", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"user\":\""
            + EMAIL + "\"}", EMAIL),
        chat("a secret in tool_call_id", "{\"role\":\"tool\",\"tool_call_id\":\"" + AWS + "\",\"content\":\"ok\"}",
            AWS),
        body("a card number as a JSON number in metadata", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\","
            + "\"content\":\"hi\"}],\"metadata\":{\"n\":" + CARD + "}}", CARD),
        // Credentials written in forms a model reads as the same key.
        chat("a full-width AWS key", "{\"role\":\"user\",\"content\":\"key ＡＫＩＡＱ３ＥＧＲＴ５ＬＭＷＸ２ＺＵＴＢ\"}",
            "ＡＫＩＡＱ３ＥＧＲＴ５ＬＭＷＸ２ＺＵＴＢ"),
        chat("a letter-spaced AWS key", "{\"role\":\"user\",\"content\":\"key A K I A Q 3 E G R T 5 L M W X 2 Z U T B"
            + "\"}", "A K I A Q 3 E G R T 5 L M W X 2 Z U T B"),
        chat("a letter-spaced GitHub token, its underscore standing alone", "{\"role\":\"user\",\"content\":\""
            + "令牌 g h p _ 8 F k 2 L m 9 Q x R 4 t Z p 7 W v B 3 n Y c 6 H j K 1 s D q 5 G a B 3 x\"}",
            "g h p _ 8 F k 2 L m 9 Q x R 4 t Z p 7 W v B 3 n Y c 6 H j K 1 s D q 5 G a B 3 x"),
        chat("an AWS key one character a line", "{\"role\":\"user\",\"content\":\"key:\\nA\\nK\\nI\\nA\\nQ\\n3\\nE"
            + "\\nG\\nR\\nT\\n5\\nL\\nM\\nW\\nX\\n2\\nZ\\nU\\nT\\nB\"}", "A\\nK\\nI\\nA\\nQ\\n3\\nE\\nG\\nR\\nT\\n5\\nL\\nM\\nW\\nX\\n2\\nZ\\nU\\nT\\nB"),
        chat("an AWS key with percent-escapes inside",
            "{\"role\":\"user\",\"content\":\"key AKIA%51%33EGRT5LMWX2ZUTB\"}",
            "EGRT5LMWX2ZUTB"),
        chat("an AWS key with a \\\\x escape in prose",
            "{\"role\":\"user\",\"content\":\"密钥是 \\\\x41KIAQ3EGRT5LMWX2ZUTB 请保管\"}",
            "KIAQ3EGRT5LMWX2ZUTB"),
        chat("a GitHub token percent-escaped whole",
            "{\"role\":\"user\",\"content\":\"token %67%68%70%5F8Fk2Lm9QxR4tZp7WvB3nYc6HjK1sDq5GaB3x\"}",
            "8Fk2Lm9QxR4tZp7WvB3nYc6HjK1sDq5GaB3x"),
        chat("an OpenAI project key glued to a word", "{\"role\":\"user\",\"content\":\"mykeysk-proj-"
            + "6QsyHZytfqY6K1Qjah4dXd3eOa1Zcc-a4CgOFfqRgz7IhYePP2lny2pg17_dUM2jNKogorTAuRVpQ09o\"}",
            "6QsyHZytfqY6K1Qjah4dXd3eOa1Zcc"),
        chat("an e-mail with a \\\\x40 escape", "{\"role\":\"user\",\"content\":\"mail zhang.wei\\\\x40example.cn\"}",
            "zhang.wei\\\\x40example.cn"),
        chat("a phone in octal escapes", "{\"role\":\"user\",\"content\":\"电话 \\\\061\\\\063\\\\070\\\\061"
            + "\\\\062\\\\063\\\\064\\\\065\\\\066\\\\067\\\\070\"}", "\\\\061\\\\063\\\\070"),
        chat("an AWS key with an eight-digit \\\\U escape",
            "{\"role\":\"user\",\"content\":\"key \\\\U00000041KIAQ3EGRT5LMWX2ZUTB\"}", "KIAQ3EGRT5LMWX2ZUTB"),
        chat("an AWS key with a braced \\\\u{41} escape",
            "{\"role\":\"user\",\"content\":\"密钥 \\\\u{41}KIAQ3EGRT5LMWX2ZUTB\"}", "KIAQ3EGRT5LMWX2ZUTB"),
        // A value split across two user messages in a row, which a model reads together.
        chat("an AWS key split across two user messages", "{\"role\":\"user\",\"content\":\"key AKIAQ3EG\"},"
            + "{\"role\":\"user\",\"content\":\"RT5LMWX2ZUTB\"}", "RT5LMWX2ZUTB"),
        chat("a phone split across two user messages, the second with parts", "{\"role\":\"user\",\"content\":"
            + "\"电话 138\"},{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"0013 8000\"}]}",
            "0013 8000"),
        // A value split between a system message and the user message after it, or across user turns with an
        // assistant turn between them: the model reads them in one context.
        chat("an AWS key split between the system message and the user message", "{\"role\":\"system\",\"content\":"
            + "\"The user's key starts AKIAQ3EG\"},{\"role\":\"user\",\"content\":\"RT5LMWX2ZUTB\"}", "RT5LMWX2ZUTB"),
        chat("a phone split between a developer message and the user message", "{\"role\":\"developer\",\"content\":"
            + "\"客户电话 138\"},{\"role\":\"user\",\"content\":\"0013 8000\"}", "0013 8000"),
        chat("an AWS key split across user turns with an assistant turn between", "{\"role\":\"user\",\"content\":"
            + "\"key AKIAQ3EG\"},{\"role\":\"assistant\",\"content\":\"Noted.\"},{\"role\":\"user\",\"content\":"
            + "\"RT5LMWX2ZUTB\"}", "RT5LMWX2ZUTB"),
        chat("a phone split across user turns with a tool call and result between", "{\"role\":\"user\",\"content\":"
            + "\"我的手机 138\"},{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":"
            + "\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},{\"role\":\"tool\",\"tool_call_id\":"
            + "\"c1\",\"content\":\"ok\"},{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"0013 8000\"}]}",
            "0013 8000"),
        // Personal data written apart.
        chat("an e-mail written apart", "{\"role\":\"user\",\"content\":\"mail zhang.wei @ example . cn\"}",
            "zhang.wei @ example . cn"),
        chat("an e-mail with an ideographic full stop", "{\"role\":\"user\",\"content\":\"邮箱 zhang.wei@example。cn\"}",
            "zhang.wei@example。cn"),
        chat("an e-mail spoken in words", "{\"role\":\"user\",\"content\":\"write to john dot smith at gmail dot com\"}",
            "john dot smith at gmail dot com"),
        chat("an e-mail spoken in words in Chinese text", "{\"role\":\"user\",\"content\":\"我的邮箱是 wang88 at 163 dot com"
            + "\"}", "wang88 at 163 dot com"),
        chat("a phone grouped by underscores", "{\"role\":\"user\",\"content\":\"call 138_1234_5678\"}",
            "138_1234_5678"));
  }

  private static Arguments chat(String name, String message, String secret) {
    return body(name, "{\"model\":\"m\",\"messages\":[" + message + "]}", secret);
  }

  private static Arguments tools(String name, String tool, String secret) {
    return body(name, "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tools\":[" + tool
        + "]}", secret);
  }

  private static Arguments body(String name, String json, String secret) {
    return Arguments.of(name, json, secret);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requests")
  void neverSendsTheValueUpstream(String name, String json, String value) throws Exception {
    ObjectNode body = (ObjectNode) JSON.readTree(json);
    String sent = sent(open(ProviderApi.openAi(), Endpoint.CHAT).request(body), json);

    if (sent != null) {
      JsonNode upstream = JSON.readTree(sent);
      assertThat(upstream.toString()).doesNotContain(JSON.readTree("\"" + value + "\"").textValue());
      assertThat(sent).doesNotContain(value);
    }
  }

  static Stream<Arguments> otherApis() {
    String zw = "key " + AWS_Z;
    return Stream.of(
        Arguments.of("completions prompt with zero-width characters", Endpoint.COMPLETIONS,
            "{\"model\":\"m\",\"prompt\":\"" + zw + "\"}", AWS),
        Arguments.of("embeddings input with zero-width characters", Endpoint.EMBEDDINGS,
            "{\"model\":\"m\",\"input\":[\"" + zw + "\"]}", AWS),
        Arguments.of("responses input with zero-width characters", Endpoint.RESPONSES,
            "{\"model\":\"m\",\"input\":\"" + zw + "\"}", AWS),
        Arguments.of("responses function_call arguments with escapes", Endpoint.RESPONSES,
            "{\"model\":\"m\",\"input\":[{\"type\":\"function_call\",\"call_id\":\"c\",\"name\":\"f\","
                + "\"arguments\":\"{\\\"k\\\":\\\"\\\\u0041KIAQ3EGRT5LMWX2ZUTB\\\"}\"}]}", AWS),
        Arguments.of("responses text.format schema", Endpoint.RESPONSES,
            "{\"model\":\"m\",\"input\":\"hi\",\"text\":{\"format\":{\"type\":\"json_schema\",\"name\":\"s\","
                + "\"schema\":{\"type\":\"object\",\"properties\":{\"a\":{\"default\":\"" + AWS + "\"}}}}}}", AWS),
        Arguments.of("responses prompt variables", Endpoint.RESPONSES,
            "{\"model\":\"m\",\"prompt\":{\"id\":\"p\",\"variables\":{\"k\":\"" + AWS + "\"}}}", AWS),
        Arguments.of("completions token ids", Endpoint.COMPLETIONS,
            "{\"model\":\"gpt-4o\",\"prompt\":[5444, 2140, 382, 36885, 7068, 48, 18, 21389, 10750, 20, 19641,"
                + " 112276, 17, 57, 2260, 33]}", AWS),
        Arguments.of("embeddings token ids of a phone number", Endpoint.EMBEDDINGS,
            "{\"model\":\"text-embedding-3-small\",\"input\":[[88905, 220, 10350, 4513, 10961, 2495]]}",
            "13812345678"),
        Arguments.of("completions token ids of a model whose tokenizer is unknown", Endpoint.COMPLETIONS,
            "{\"model\":\"qwen2.5-7b\",\"prompt\":[5444, 2140]}", AWS),
        Arguments.of("responses previous_response_id", Endpoint.RESPONSES,
            "{\"model\":\"m\",\"input\":\"hi\",\"previous_response_id\":\"resp_" + AWS + "\"}", AWS),
        Arguments.of("responses object where a status belongs", Endpoint.RESPONSES,
            "{\"model\":\"m\",\"input\":\"hi\",\"status\":{\"note\":\"" + AWS + "\"}}", AWS),
        Arguments.of("responses array where usage belongs", Endpoint.RESPONSES,
            "{\"model\":\"m\",\"input\":\"hi\",\"usage\":[\"" + AWS + "\"]}", AWS),
        Arguments.of("anthropic object where a role belongs", Endpoint.MESSAGES,
            "{\"model\":\"m\",\"max_tokens\":9,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
                + "{\"role\":{\"x\":\"" + AWS + "\"},\"content\":\"hi\"}]}", AWS),
        Arguments.of("anthropic system with zero-width characters", Endpoint.MESSAGES,
            "{\"model\":\"m\",\"max_tokens\":9,\"system\":\"" + zw + "\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hi\"}]}", AWS),
        Arguments.of("anthropic input_schema enum", Endpoint.MESSAGES,
            "{\"model\":\"m\",\"max_tokens\":9,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"tools\":[{\"name\":\"f\",\"input_schema\":{\"type\":\"object\",\"properties\":{\"k\":"
                + "{\"enum\":[\"" + AWS + "\"]}}}}]}", AWS),
        Arguments.of("anthropic tool_use name", Endpoint.MESSAGES,
            "{\"model\":\"m\",\"max_tokens\":9,\"messages\":[{\"role\":\"assistant\",\"content\":[{\"type\":"
                + "\"tool_use\",\"id\":\"t\",\"name\":\"" + AWS + "\",\"input\":{}}]}]}", AWS),
        Arguments.of("anthropic tool_use input key", Endpoint.MESSAGES,
            "{\"model\":\"m\",\"max_tokens\":9,\"messages\":[{\"role\":\"assistant\",\"content\":[{\"type\":"
                + "\"tool_use\",\"id\":\"t\",\"name\":\"f\",\"input\":{\"" + AWS + "\":1}}]}]}", AWS),
        Arguments.of("anthropic key split across two user messages", Endpoint.MESSAGES,
            "{\"model\":\"m\",\"max_tokens\":9,\"messages\":[{\"role\":\"user\",\"content\":\"key AKIAQ3EG\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"RT5LMWX2ZUTB\"}]}]}",
            "RT5LMWX2ZUTB"),
        Arguments.of("anthropic key split between the system prompt and the first user turn", Endpoint.MESSAGES,
            "{\"model\":\"m\",\"max_tokens\":9,\"system\":[{\"type\":\"text\",\"text\":\"key AKIAQ3EG\"}],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"RT5LMWX2ZUTB\"}]}", "RT5LMWX2ZUTB"),
        Arguments.of("anthropic phone split across user turns with an assistant turn between", Endpoint.MESSAGES,
            "{\"model\":\"m\",\"max_tokens\":9,\"system\":\"你是客服\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"电话 138\"},{\"role\":\"assistant\",\"content\":\"好的\"},{\"role\":\"user\","
                + "\"content\":\"0013 8000\"}]}", "0013 8000"),
        Arguments.of("responses key split between instructions and input", Endpoint.RESPONSES,
            "{\"model\":\"m\",\"instructions\":\"key AKIAQ3EG\",\"input\":\"RT5LMWX2ZUTB\"}", "RT5LMWX2ZUTB"),
        Arguments.of("responses phone split across two user items", Endpoint.RESPONSES,
            "{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":\"我的手机 138\"},{\"role\":\"user\","
                + "\"content\":[{\"type\":\"input_text\",\"text\":\"0013 8000\"}]}]}", "0013 8000"),
        // A number written with a fraction or an exponent is read as the digits it writes, not as Java prints it.
        Arguments.of("chat metadata number with a fraction", Endpoint.CHAT,
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"metadata\":{\"tel\":"
                + "13812345678.0}}", "13812345678"),
        Arguments.of("responses unknown field number with an exponent", Endpoint.RESPONSES,
            "{\"model\":\"m\",\"input\":\"hi\",\"x_note\":1.3812345678e10}", "13812345678"),
        Arguments.of("anthropic tool_use input number with an exponent", Endpoint.MESSAGES,
            "{\"model\":\"m\",\"max_tokens\":9,\"messages\":[{\"role\":\"assistant\",\"content\":[{\"type\":"
                + "\"tool_use\",\"id\":\"t\",\"name\":\"f\",\"input\":{\"电话\":13812345678e0}}]}]}",
            "13812345678"),
        Arguments.of("anthropic document with zero-width characters", Endpoint.MESSAGES,
            "{\"model\":\"m\",\"max_tokens\":9,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":"
                + "\"document\",\"source\":{\"type\":\"text\",\"media_type\":\"text/plain\",\"data\":\"" + zw
                + "\"}}]}]}", AWS));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("otherApis")
  void neverSendsTheValueUpstreamOnOtherApis(String name, Endpoint endpoint, String json, String value)
      throws Exception {
    ProviderApi api = endpoint == Endpoint.MESSAGES ? ProviderApi.anthropic() : ProviderApi.openAi();
    String sent = sent(open(api, endpoint).request((ObjectNode) JSON.readTree(json)), json);

    assertThat(sent).isNull();
  }

  @Test
  void responsesRemoteMcpHeadersAreCredentialFields() throws Exception {
    String json = "{\"model\":\"m\",\"input\":\"hi\",\"tools\":[{\"type\":\"mcp\",\"server_label\":\"x\","
        + "\"server_url\":\"https://mcp.example.com\",\"headers\":{\"Authorization\":\"Bearer abc\"}}]}";

    assertThat(open(ProviderApi.openAi(), Endpoint.RESPONSES).request((ObjectNode) JSON.readTree(json)))
        .isInstanceOfSatisfying(Verdict.Reject.class, r -> assertThat(r.code()).isEqualTo("credential_field_refused"));
  }

  @Test
  void anthropicToolUseNumberAndKeyBlock() throws Exception {
    String json = "{\"model\":\"m\",\"max_tokens\":9,\"messages\":[{\"role\":\"assistant\",\"content\":[{\"type\":"
        + "\"tool_use\",\"id\":\"t\",\"name\":\"pay\",\"input\":{\"card\":" + CARD + "}}]}]}";
    Verdict verdict = open(ProviderApi.anthropic(), Endpoint.MESSAGES).request((ObjectNode) JSON.readTree(json));

    assertThat(verdict).isInstanceOfSatisfying(Verdict.Reject.class,
        r -> assertThat(r.message()).contains("object key or a number"));
  }

  @Test
  void anthropicMetadataUserIdIsInspected() throws Exception {
    String json = "{\"model\":\"m\",\"max_tokens\":9,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
        + "\"metadata\":{\"user_id\":\"" + EMAIL + "\"}}";

    assertThat(sent(open(ProviderApi.anthropic(), Endpoint.MESSAGES).request((ObjectNode) JSON.readTree(json)), json))
        .doesNotContain(EMAIL);
  }

  @Test
  void credentialFieldsAreRefusedUnlessTheRouteLetsThemPass() throws Exception {
    String json = "{\"model\":\"m\",\"max_tokens\":9,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
        + "\"mcp_servers\":[{\"type\":\"url\",\"url\":\"https://mcp.example.com\",\"name\":\"x\","
        + "\"authorization_token\":\"ghp_" + "a".repeat(10) + "Zb3kQ9xW7vT2mN8pL4rS6uY1cE5\"}]}";

    Verdict refused = open(ProviderApi.anthropic(), Endpoint.MESSAGES).request((ObjectNode) JSON.readTree(json));
    Verdict passed = open(ProviderApi.anthropic(), Endpoint.MESSAGES, UnknownFields.INSPECT, CredentialFields.PASS)
        .request((ObjectNode) JSON.readTree(json));

    assertThat(refused).isInstanceOfSatisfying(Verdict.Reject.class,
        r -> assertThat(r.code()).isEqualTo("credential_field_refused"));
    assertThat(passed).isInstanceOf(Verdict.Pass.class);
  }

  @Test
  void unknownFieldsCanBeRefused() throws Exception {
    String json = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"documents\":[\"x\"]}";

    Verdict verdict = open(ProviderApi.openAi(), Endpoint.CHAT, UnknownFields.REFUSE, CredentialFields.REFUSE)
        .request((ObjectNode) JSON.readTree(json));

    assertThat(verdict).isInstanceOfSatisfying(Verdict.Reject.class,
        r -> assertThat(r.message()).contains("'/*'").contains("unknownFields: refuse").doesNotContain("documents"));
  }

  @Test
  void cleanLookAlikesStayClean() throws Exception {
    String json = "{\"model\":\"gpt-4o\",\"temperature\":0.2,\"max_tokens\":4111111111111111,\"messages\":[{\"role\":"
        + "\"user\",\"content\":\"family 👨\u200D👩\u200D👧 and the path C:\\\\new\\\\table, I said A B C\"}],"
        + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":{\"type\":"
        + "\"object\",\"properties\":{\"city\":{\"type\":\"string\",\"enum\":[\"北京\",\"上海\"]},\"days\":{"
        + "\"type\":\"integer\",\"minimum\":1,\"maximum\":7}}}}}],\"metadata\":{\"team\":\"search\"}}";

    assertThat(open(ProviderApi.openAi(), Endpoint.CHAT).request((ObjectNode) JSON.readTree(json)))
        .isInstanceOf(Verdict.Pass.class);
  }

  /** Returns an inspection under one policy that pseudonymizes e-mail addresses, with {@code appliesTo} if given. */
  private static Inspection emailPolicy(Path dir, String appliesTo) throws Exception {
    Files.writeString(dir.resolve("p.yaml"), """
        apiVersion: kexin.io/v1
        kind: Policy
        metadata: {name: p}
        mode: enforce
        rules:
          - id: pii.email
            detector: {pii: {entities: [EMAIL]}}
            %s
            action: pseudonymize
            entity: EMAIL
        """.formatted(appliesTo));
    PolicySet set = new PolicyLoader().load(dir);
    return new PolicyInspector(() -> set, new Recorded(), 16_384)
        .open(new ExchangeInfo("t", ProviderApi.openAi(), Endpoint.CHAT, "r", "t", List.of("p"), false));
  }

  @Test
  void responsePseudonymsAreNotRestored(@TempDir Path dir) throws Exception {
    Inspection inspection = emailPolicy(dir, "");
    String request = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"mail " + EMAIL + "\"}]}";
    String upstream = sent(inspection.request((ObjectNode) JSON.readTree(request)), request);
    String response = "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"I wrote to <EMAIL_1>"
        + " and to li.na@example.cn and " + EMAIL + "\"}}]}";

    String client = sent(inspection.response((ObjectNode) JSON.readTree(response)), response);

    assertThat(upstream).doesNotContain(EMAIL).contains("<EMAIL_1>");
    assertThat(client).contains("I wrote to " + EMAIL).doesNotContain("li.na@example.cn")
        .doesNotContain("and " + EMAIL);
  }

  @Test
  void escapedPlaceholdersInArgumentsAreRestoredInTheSendersStyle(@TempDir Path dir) throws Exception {
    Inspection inspection = emailPolicy(dir, "appliesTo: {directions: [request]}");
    inspection.request((ObjectNode) JSON.readTree("{\"model\":\"m\",\"messages\":[{\"role\":\"user\","
        + "\"content\":\"mail 张伟 at " + EMAIL + "\"}]}"));
    // Go's encoding/json (Ollama) writes < and > as escapes inside the arguments' JSON text.
    String response = "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,"
        + "\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"send\",\"arguments\":"
        + "\"{\\\"to\\\":\\\"\\\\u003cEMAIL_1\\\\u003e\\\"}\"}}]}}]}";

    String client = sent(inspection.response((ObjectNode) JSON.readTree(response)), response);
    String arguments = JSON.readTree(client).at("/choices/0/message/tool_calls/0/function/arguments").textValue();

    assertThat(JSON.readTree(arguments).path("to").textValue()).isEqualTo(EMAIL);
  }

  @Test
  void reasoningAndAnnotationsOfWholeResponsesAreInspected() throws Exception {
    Inspection inspection = open(ProviderApi.openAi(), Endpoint.CHAT);
    inspection.request((ObjectNode) JSON.readTree("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":"
        + "\"hi\"}]}"));
    String response = "{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"finish_reason\":"
        + "\"stop\",\"message\":{\"role\":\"assistant\",\"content\":\"ok\",\"reasoning\":\"身份证 " + CN_ID
        + "\",\"annotations\":[{\"type\":\"url_citation\",\"url_citation\":{\"title\":\"card " + CARD + "\","
        + "\"url\":\"https://e.example\"}}]}}]}";

    String sent = sent(inspection.response((ObjectNode) JSON.readTree(response)), response);

    assertThat(sent).doesNotContain(CN_ID).doesNotContain(CARD);
  }

  @Test
  void aValueSplitAcrossTheTextsOfAWholeAnswerIsBlocked() throws Exception {
    // The shipped pack masks identifiers a model writes: split across two texts, none can be masked in place.
    String[] chat = {"\"reasoning\":\"the card is 4111 1111\",\"content\":\"1111 1111\"",
      "\"reasoning_content\":\"身份证 110105194\",\"content\":\"91231002X\"",
      "\"content\":\"I cannot share card 4111 1111 11\",\"refusal\":\"11 1111\""};
    for (String message : chat) {
      Inspection inspection = open(ProviderApi.openAi(), Endpoint.CHAT);
      inspection.request((ObjectNode) JSON.readTree("{\"model\":\"m\",\"messages\":[{\"role\":\"user\","
          + "\"content\":\"hi\"}]}"));
      String response = "{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
          + "\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\"," + message + "}}]}";

      assertThat(sent(inspection.response((ObjectNode) JSON.readTree(response)), response)).as(message).isNull();
    }
    Inspection inspection = open(ProviderApi.anthropic(), Endpoint.MESSAGES);
    inspection.request((ObjectNode) JSON.readTree("{\"model\":\"m\",\"max_tokens\":9,\"messages\":[{\"role\":"
        + "\"user\",\"content\":\"hi\"}]}"));
    String response = "{\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":"
        + "\"身份证 110105194\"},{\"type\":\"text\",\"text\":\"91231002X 已记录\"}]}";

    Verdict verdict = inspection.response((ObjectNode) JSON.readTree(response));
    assertThat(sent(verdict, response)).isNull();
    assertThat(((Verdict.Reject) verdict).message()).contains("a value split across two texts")
        .doesNotContain("91231002X");

    inspection = open(ProviderApi.openAi(), Endpoint.RESPONSES);
    inspection.request((ObjectNode) JSON.readTree("{\"model\":\"m\",\"input\":\"hi\"}"));
    response = "{\"object\":\"response\",\"output\":[{\"type\":\"reasoning\",\"id\":\"rs\",\"summary\":[{\"type\":"
        + "\"summary_text\",\"text\":\"card 4111 1111\"}]},{\"type\":\"message\",\"id\":\"m\",\"role\":"
        + "\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"1111 1111 is on file\"}]}]}";

    assertThat(sent(inspection.response((ObjectNode) JSON.readTree(response)), response)).isNull();
  }

  /** Streams {@code events} (data only; a JSON event's type is its name) and returns everything the client got. */
  private static String streamed(ProviderApi api, Endpoint endpoint, String request, String... events)
      throws Exception {
    PolicyInspector inspector = new PolicyInspector(() -> pack, new Recorded(), 16_384);
    Inspection inspection = inspector.open(new ExchangeInfo("t", api, endpoint, "r", "t",
        pack.all().stream().map(p -> p.name()).toList(), true));
    inspection.request((ObjectNode) JSON.readTree(request));
    StringBuilder out = new StringBuilder();
    for (String e : events) {
      String type = e.startsWith("{") ? JSON.readTree(e).path("type").asText(null) : null;
      inspection.streamEvent(io.kexin.gateway.stream.SseEvent.of(type, e)).forEach(x -> out.append(x.data()).append('\n'));
    }
    inspection.streamEnd().forEach(x -> out.append(x.data()).append('\n'));
    assertThat(inspection.streamStopped()).as(String.join("\n", events)).isTrue();
    return out.toString();
  }

  @Test
  void aValueSplitAroundAToolCallOrAcrossResponsesPartsIsBlockedWholeAndStreamed() throws Exception {
    // Anthropic: text, tool_use, text; the client shows both texts as one message.
    Inspection inspection = open(ProviderApi.anthropic(), Endpoint.MESSAGES);
    String request = "{\"model\":\"m\",\"max_tokens\":9,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    inspection.request((ObjectNode) JSON.readTree(request));
    String response = "{\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":"
        + "\"身份证 110105194\"},{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"f\",\"input\":{}},{\"type\":"
        + "\"text\",\"text\":\"91231002X 已记录\"}]}";
    assertThat(sent(inspection.response((ObjectNode) JSON.readTree(response)), response)).isNull();
    String out = streamed(ProviderApi.anthropic(), Endpoint.MESSAGES, request,
        "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":"
            + "\"身份证 110105194\"}}",
        "{\"type\":\"content_block_stop\",\"index\":0}",
        "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"t\","
            + "\"name\":\"f\",\"input\":{}}}",
        "{\"type\":\"content_block_stop\",\"index\":1}",
        "{\"type\":\"content_block_start\",\"index\":2,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
        "{\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"text_delta\",\"text\":"
            + "\"91231002X 已记录\"}}",
        "{\"type\":\"content_block_stop\",\"index\":2}", "{\"type\":\"message_stop\"}");
    assertThat(out).doesNotContain("110105194").doesNotContain("1002X");

    // Responses: two output parts of one message, and two message items.
    request = "{\"model\":\"m\",\"input\":\"hi\"}";
    for (String[] at : new String[][] {{"m", "0", "m", "1"}, {"m", "0", "n", "0"}}) {
      inspection = open(ProviderApi.openAi(), Endpoint.RESPONSES);
      inspection.request((ObjectNode) JSON.readTree(request));
      response = at[0].equals(at[2])
          ? "{\"object\":\"response\",\"output\":[{\"type\":\"message\",\"id\":\"m\",\"role\":\"assistant\","
              + "\"content\":[{\"type\":\"output_text\",\"text\":\"card 4111 1111\"},{\"type\":\"output_text\","
              + "\"text\":\"1111 1111 is on file\"}]}]}"
          : "{\"object\":\"response\",\"output\":[{\"type\":\"message\",\"id\":\"m\",\"role\":\"assistant\","
              + "\"content\":[{\"type\":\"output_text\",\"text\":\"card 4111 1111\"}]},{\"type\":\"message\","
              + "\"id\":\"n\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":"
              + "\"1111 1111 is on file\"}]}]}";
      assertThat(sent(inspection.response((ObjectNode) JSON.readTree(response)), response)).as(response).isNull();
      out = streamed(ProviderApi.openAi(), Endpoint.RESPONSES, "{\"model\":\"m\",\"stream\":true,\"input\":\"hi\"}",
          "{\"type\":\"response.output_text.delta\",\"item_id\":\"" + at[0] + "\",\"content_index\":" + at[1]
              + ",\"delta\":\"card 4111 1111\"}",
          "{\"type\":\"response.output_text.done\",\"item_id\":\"" + at[0] + "\",\"content_index\":" + at[1]
              + ",\"text\":\"card 4111 1111\"}",
          "{\"type\":\"response.output_text.delta\",\"item_id\":\"" + at[2] + "\",\"content_index\":" + at[3]
              + ",\"delta\":\"1111 1111 is on file\"}",
          "{\"type\":\"response.output_text.done\",\"item_id\":\"" + at[2] + "\",\"content_index\":" + at[3]
              + ",\"text\":\"1111 1111 is on file\"}",
          "{\"type\":\"response.completed\",\"response\":{\"output\":[]}}");
      assertThat(out).as(response).doesNotContain("4111 1111\"").doesNotContain("1111 1111 is");
    }
  }

  @Test
  void errorBodiesAreInspected() throws Exception {
    Inspection inspection = open(ProviderApi.openAi(), Endpoint.CHAT);
    inspection.request((ObjectNode) JSON.readTree("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":"
        + "\"hi\"}]}"));
    String error = "{\"error\":{\"message\":\"bad input near 身份证 " + CN_ID + "\",\"type\":\"invalid_request_error\"}}";

    assertThat(sent(inspection.errorResponse((ObjectNode) JSON.readTree(error)), error)).doesNotContain(CN_ID);
    assertThat(inspection.errorText("upstream said: 身份证 " + CN_ID)).isInstanceOf(Verdict.Reject.class);
    assertThat(inspection.errorText("upstream said: overloaded")).isInstanceOf(Verdict.Pass.class);
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({"block,enforce,true", "allow,enforce,false", "block,monitor,true",
      "allow,monitor,false"})
  void aFailedInspectionGoesAsThePoliciesOnErrorSays(String onError, String mode, boolean refused, @TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve("p.yaml"), """
        apiVersion: kexin.io/v1
        kind: Policy
        metadata: {name: p}
        mode: %s
        onError: %s
        rules:
          - id: pii.email
            detector: {pii: {entities: [EMAIL]}}
            action: redact
        """.formatted(mode, onError));
    Files.writeString(dir.resolve("q.yaml"), """
        apiVersion: kexin.io/v1
        kind: Policy
        metadata: {name: q}
        mode: enforce
        onError: allow
        rules:
          - id: secret.word
            detector: {keyword: {terms: [机密]}}
            action: block
        """);
    PolicySet set = new PolicyLoader().load(dir);
    Recorded recorded = new Recorded();
    Inspection inspection = new PolicyInspector(() -> set, recorded, 16_384)
        .open(new ExchangeInfo("t", ProviderApi.openAi(), Endpoint.CHAT, "r", "t", List.of("p", "q"), false));

    Verdict request = inspection.failed(Direction.REQUEST, new IllegalStateException("boom: 机密 " + EMAIL));
    Verdict response = inspection.failed(Direction.RESPONSE, new StackOverflowError());

    if (refused) {
      assertThat(request).isInstanceOfSatisfying(Verdict.Reject.class, r -> {
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.code()).isEqualTo("inspection_error");
        assertThat(r.message()).contains("onError: block").doesNotContain(EMAIL).doesNotContain("boom");
      });
      assertThat(response).isInstanceOf(Verdict.Reject.class);
    } else {
      assertThat(request).isInstanceOf(Verdict.Pass.class);
      assertThat(response).isInstanceOf(Verdict.Pass.class);
    }
    assertThat(recorded.failed).containsExactly(
        "request IllegalStateException " + (refused ? "refused" : "passed"),
        "response StackOverflowError " + (refused ? "refused" : "passed"));
  }

  /** Keeps every decision, so tests can read what the audit would get. */
  static final class Recorded implements DecisionRecorder {
    final List<Outcome> outcomes = new ArrayList<>();
    final List<String> uninspected = new ArrayList<>();
    final List<String> failed = new ArrayList<>();

    @Override
    public void record(ExchangeInfo exchange, Direction direction, Outcome outcome, String policyRevision) {
      outcomes.add(outcome);
    }

    @Override
    public void uninspected(ExchangeInfo exchange, Direction direction, String reason, boolean refused) {
      uninspected.add(reason);
    }

    @Override
    public void failed(ExchangeInfo exchange, Direction direction, String error, boolean refused) {
      failed.add(direction.label() + " " + error + (refused ? " refused" : " passed"));
    }
  }
}
