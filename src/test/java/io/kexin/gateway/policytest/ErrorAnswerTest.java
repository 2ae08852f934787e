package io.kexin.gateway.policytest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kexin.gateway.config.ConfigException;
import io.kexin.gateway.policy.PolicyLoader;
import io.kexin.gateway.policy.PolicySet;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the error answer a suite case may expect of a refusal: the status, and the body in the caller's API form
 * (OpenAI's error object, Anthropic's {@code type: error}), for a refused request and for a stream stopped mid-way.
 */
class ErrorAnswerTest {
  @TempDir
  Path dir;

  @BeforeEach
  void policy() throws Exception {
    Files.writeString(dir.resolve("p.yaml"), """
        apiVersion: kexin.io/v1
        kind: Policy
        metadata: {name: p}
        rules:
          - id: keyword.secret-doc
            detector: {keyword: {terms: [绝密文件, top secret file]}}
            action: block
            message: 请勿发送涉密文件 / do not send classified files
        """);
    Files.createDirectories(dir.resolve("tests"));
  }

  private SuiteReport run(String cases) throws Exception {
    Files.writeString(dir.resolve("tests/s.yaml"), """
        apiVersion: kexin.io/v1
        kind: PolicyTest
        metadata: {name: s}
        cases:
        """ + cases);
    PolicySet set = new PolicyLoader().load(dir);
    return new SuiteRunner().run(set, dir, Bindings.none(), id -> true);
  }

  @Test
  void refusalsAnswerInTheCallersApiForm() throws Exception {
    SuiteReport report = run("""
          - name: an OpenAI request in Chinese
            request: {model: m, messages: [{role: user, content: "附件是绝密文件"}]}
            expect:
              action: block
              status: 400
              error:
                type: invalid_request_error
                code: content_policy_violation
                messageContains: [keyword.secret-doc, 请勿发送涉密文件]
          - name: an Anthropic request in English, the exact body
            api: anthropic
            request: {model: m, max_tokens: 10, messages: [{role: user, content: "the top secret file"}]}
            expect:
              action: block
              status: 400
              body: {type: error, error: {type: invalid_request_error, message: "request blocked by policy rule\
         keyword.secret-doc: 请勿发送涉密文件 / do not send classified files"}}
              error: {type: invalid_request_error, message: "request blocked by policy rule keyword.secret-doc:\
         请勿发送涉密文件 / do not send classified files"}
          - name: an Anthropic stream stopped mid-way ends with its error event
            api: anthropic
            request: {model: m, max_tokens: 10, messages: [{role: user, content: "hello"}]}
            stream: |
              event: message_start
              data: {"type":"message_start","message":{"id":"m1","type":"message","role":"assistant","content":[],"model":"m","usage":{"input_tokens":1,"output_tokens":0}}}

              event: content_block_start
              data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

              event: content_block_delta
              data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"here is the top secret file"}}

              event: message_stop
              data: {"type":"message_stop"}

            expect: {action: block, error: {messageContains: [keyword.secret-doc]}}
          - name: an OpenAI stream stopped mid-way
            request: {model: m, stream: true, messages: [{role: user, content: "hello"}]}
            stream: |
              data: {"id":"c1","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{"content":"这是绝密文件"}}]}

              data: [DONE]

            expect: {action: block, error: {messageContains: [keyword.secret-doc]}}
        """);
    assertThat(report.cases()).allSatisfy(c -> assertThat(c.problems()).as(c.id() + " " + c.details()).isEmpty());
  }

  @Test
  void aWrongErrorExpectationSaysWhatDiffered() throws Exception {
    SuiteReport report = run("""
          - name: wrong code
            request: {model: m, messages: [{role: user, content: "附件是绝密文件"}]}
            expect: {action: block, error: {type: permission_error, code: forbidden, messageContains: [nope]}}
          - name: not refused at all
            request: {model: m, messages: [{role: user, content: "hello"}]}
            expect: {action: allow, error: {code: content_policy_violation}}
        """);
    assertThat(report.cases().get(0).problems()).containsExactly(
        "error.type: expected permission_error, got invalid_request_error",
        "error.code: expected forbidden, got content_policy_violation",
        "error.message lacks messageContains[0]");
    assertThat(report.cases().get(1).problems()).containsExactly(
        "error: expected a refusal with an error answer, got none (allow)");
  }

  @Test
  void anErrorExpectationIsRefusedWhereItCannotHold() throws Exception {
    assertThatThrownBy(() -> run("""
          - name: text has no API form
            text: "绝密文件"
            expect: {action: block, error: {code: content_policy_violation}}
        """)).isInstanceOf(ConfigException.class).hasMessageContaining("expect.error with text");
    assertThatThrownBy(() -> run("""
          - name: anthropic has no code
            api: anthropic
            request: {model: m, max_tokens: 10, messages: [{role: user, content: "绝密文件"}]}
            expect: {action: block, error: {code: content_policy_violation}}
        """)).isInstanceOf(ConfigException.class).hasMessageContaining("Anthropic error bodies carry no code");
  }
}
