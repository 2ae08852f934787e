package io.kexin.gateway.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.content.Action;
import io.kexin.gateway.content.Replacement;
import io.kexin.gateway.content.TextSegment;
import io.kexin.gateway.detect.Finding;
import io.kexin.gateway.inspect.PseudonymVault;
import io.kexin.gateway.inspect.SegmentRewriter;
import io.kexin.gateway.inspect.Treatment;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import static io.kexin.gateway.provider.Bodies.parse;
import static io.kexin.gateway.provider.Bodies.print;
import static org.assertj.core.api.Assertions.assertThat;

/** Pseudonymizes every shape and restores it: only the pseudonymized text may change, nothing else. */
class ExchangeRoundTripTest {
  private static final String EMAIL = "zhang.wei@example.cn";
  private static final String ID = "11010519491231002X";

  static Stream<Arguments> bodies() {
    ProviderApi openAi = ProviderApi.openAi();
    ProviderApi anthropic = ProviderApi.anthropic();
    return Stream.of(
        Arguments.of("chat request", openAi, Endpoint.CHAT, true, """
            {"model":"gpt-4o","messages":[{"role":"system","content":"Never reveal 11010519491231002X."},
             {"role":"user","content":[{"type":"text","text":"我的邮箱是 zhang.wei@example.cn，身份证 11010519491231002X"},
               {"type":"image_url","image_url":{"url":"https://example.com/a.png"}}]},
             {"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f",
               "arguments":"{\\"email\\":\\"zhang.wei@example.cn\\"}"}}],"content":null},
             {"role":"tool","tool_call_id":"c","content":"ok zhang.wei@example.cn"}],
             "top_p":0.95,"n":1,"stop":["\\n\\n"],"logit_bias":{"50256":-100}}
            """),
        Arguments.of("completions request", openAi, Endpoint.COMPLETIONS, true, """
            {"model":"gpt-3.5-turbo-instruct","prompt":["To: zhang.wei@example.cn","ID 11010519491231002X"],"echo":false}
            """),
        Arguments.of("embeddings request", openAi, Endpoint.EMBEDDINGS, true, """
            {"input":"zhang.wei@example.cn 11010519491231002X","model":"text-embedding-3-large","dimensions":256}
            """),
        Arguments.of("responses request", openAi, Endpoint.RESPONSES, true, """
            {"model":"gpt-4.1","instructions":"Protect 11010519491231002X","input":[
              {"role":"user","content":[{"type":"input_text","text":"Mail zhang.wei@example.cn"}]},
              {"type":"function_call","call_id":"k","name":"mail","arguments":"{\\"to\\":\\"zhang.wei@example.cn\\"}"},
              {"type":"function_call_output","call_id":"k","output":"sent to zhang.wei@example.cn"}],
             "store":false,"reasoning":{"effort":"low"}}
            """),
        Arguments.of("messages request", anthropic, Endpoint.MESSAGES, true, """
            {"model":"claude-sonnet-4-5","max_tokens":512,"system":[{"type":"text","text":"ID 11010519491231002X"}],
             "messages":[{"role":"user","content":"邮箱 zhang.wei@example.cn"},
              {"role":"assistant","content":[{"type":"tool_use","id":"t","name":"mail",
                "input":{"to":"zhang.wei@example.cn","body":"身份证 11010519491231002X","n":3}}]},
              {"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":"sent zhang.wei@example.cn"}]}],
             "metadata":{"user_id":"u-1"}}
            """),
        Arguments.of("chat response", openAi, Endpoint.CHAT, false, """
            {"id":"x","object":"chat.completion","created":1,"model":"gpt-4o","choices":[{"index":0,
              "message":{"role":"assistant","content":"已记录 zhang.wei@example.cn","refusal":null,
              "tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{\\"id\\":\\"11010519491231002X\\"}"}}]},
              "logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":4,"total_tokens":7},
             "system_fingerprint":"fp_1"}
            """),
        Arguments.of("completions response", openAi, Endpoint.COMPLETIONS, false, """
            {"id":"c","object":"text_completion","choices":[{"text":"ID 11010519491231002X","index":0,"finish_reason":"stop"}]}
            """),
        Arguments.of("responses response", openAi, Endpoint.RESPONSES, false, """
            {"id":"r","object":"response","output":[{"type":"message","id":"m","role":"assistant","status":"completed",
              "content":[{"type":"output_text","text":"Mail zhang.wei@example.cn","annotations":[]}]}],
             "parallel_tool_calls":true,"usage":{"input_tokens":1,"output_tokens":2,"total_tokens":3}}
            """),
        Arguments.of("messages response", anthropic, Endpoint.MESSAGES, false, """
            {"id":"msg","type":"message","role":"assistant","content":[{"type":"text","text":"Sent to zhang.wei@example.cn"},
              {"type":"tool_use","id":"t","name":"lookup","input":{"id":"11010519491231002X"}}],
             "stop_reason":"end_turn","usage":{"input_tokens":1,"output_tokens":2}}
            """));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bodies")
  void pseudonymizesAndRestoresWithoutTouchingAnythingElse(String name, ProviderApi api, Endpoint endpoint,
      boolean request, String json) throws Exception {
    ObjectNode body = parse(json);
    String original = print(body);
    PseudonymVault vault = new PseudonymVault();
    SegmentRewriter rewriter = new SegmentRewriter(vault);

    List<Replacement> pseudonymized = new ArrayList<>();
    for (TextSegment segment : segments(api, endpoint, request, body)) {
      String text = rewriter.rewrite(segment.text(), treatments(segment.text()));
      if (!text.equals(segment.text())) {
        pseudonymized.add(new Replacement(segment.jsonPointer(), text));
      }
    }
    BodyRewriter.rewrite(body, pseudonymized);

    assertThat(print(body)).isEqualTo(original.replace(EMAIL, "<EMAIL_1>").replace(ID, "<CN_ID_1>"));

    List<Replacement> restored = segments(api, endpoint, request, body).stream()
        .map(s -> new Replacement(s.jsonPointer(), vault.restore(s.text())))
        .toList();
    BodyRewriter.rewrite(body, restored);

    assertThat(print(body)).isEqualTo(original);
  }

  @Test
  void restoresPlaceholdersTheModelRepeats() throws Exception {
    ProviderApi api = ProviderApi.openAi();
    PseudonymVault vault = new PseudonymVault();
    ObjectNode request = parse("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":"
        + "\"给 zhang.wei@example.cn 写信，抄送 zhang.wei@example.cn\"}]}");
    TextSegment user = api.requestSegments(Endpoint.CHAT, request).segments().get(0);
    String sent = new SegmentRewriter(vault).rewrite(user.text(), treatments(user.text()));
    ObjectNode response = parse("""
        {"choices":[{"index":0,"message":{"role":"assistant",
          "content":"好的，已写信给 <EMAIL_1>（抄送 <EMAIL_1>），<PHONE_1> 未知。"},"finish_reason":"stop"}]}
        """);

    TextSegment answer = api.responseSegments(Endpoint.CHAT, response).segments().get(0);
    BodyRewriter.rewrite(response, List.of(new Replacement(answer.jsonPointer(), vault.restore(answer.text()))));

    assertThat(sent).isEqualTo("给 <EMAIL_1> 写信，抄送 <EMAIL_1>");
    assertThat(response.at("/choices/0/message/content").textValue())
        .isEqualTo("好的，已写信给 zhang.wei@example.cn（抄送 zhang.wei@example.cn），<PHONE_1> 未知。");
  }

  private static List<TextSegment> segments(ProviderApi api, Endpoint endpoint, boolean request, ObjectNode body)
      throws UnknownShapeException {
    return (request ? api.requestSegments(endpoint, body) : api.responseSegments(endpoint, body)).segments().stream()
        .filter(s -> s.form().rewritable()).toList();
  }

  /** Finds every occurrence of the two test values, as a detector would. */
  private static List<Treatment> treatments(String text) {
    List<Treatment> treatments = new ArrayList<>();
    for (String[] value : new String[][] {{EMAIL, "EMAIL"}, {ID, "CN_ID"}}) {
      for (int i = text.indexOf(value[0]); i >= 0; i = text.indexOf(value[0], i + 1)) {
        Finding finding = new Finding("pii." + value[1].toLowerCase(java.util.Locale.ROOT), value[1], i, i + value[0].length(), 1.0, "t");
        treatments.add(Treatment.of(finding, Action.PSEUDONYMIZE));
      }
    }
    return treatments;
  }
}
