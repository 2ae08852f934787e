package io.kexin.gateway.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Drives, through real sockets with the shipped pack and WireMock as the LLM API, values hidden in fields beside the
 * inspected text: a key in a text file sent as a chat file part and an ID in a base64 text document sent to
 * Anthropic never reach the upstream; an ID split across the log-probabilities of a streamed and of a whole answer
 * never reaches the client, and the request the upstream got asked for none.
 */
class HiddenFieldsProxyTest {
  @RegisterExtension
  static WireMockExtension upstream = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String CN_ID = "11010519491231002X";
  private static final String[] TOKENS = {"身份证", " 110", "105", "194", "912", "310", "02X"};

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String logprobs(String... tokens) {
    StringBuilder sb = new StringBuilder("[");
    for (String t : tokens) {
      StringBuilder bytes = new StringBuilder();
      for (byte b : t.getBytes(StandardCharsets.UTF_8)) {
        bytes.append(bytes.length() == 0 ? "" : ",").append(b & 0xff);
      }
      sb.append(sb.length() == 1 ? "" : ",").append("{\"token\":\"").append(t).append("\",\"logprob\":-0.1,")
          .append("\"bytes\":[").append(bytes).append("],\"top_logprobs\":[]}");
    }
    return sb.append(']').toString();
  }

  @Test
  void aKeyInATextFileNeverReachesTheUpstream() throws Exception {
    String file = b64("Deployment notes.\n".repeat(12) + "aws_access_key_id = AKIAQ3EGRT5YB2MZXW7P\n");
    try (TestGateway gateway = TestGateway.withShippedPolicy("openai", upstream.baseUrl())) {
      HttpResponse<String> r = gateway.post("/v1/chat/completions", """
          {"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"text","text":"summarize"},\
          {"type":"file","file":{"filename":"notes.txt","file_data":"data:text/plain;base64,%s"}}]}]}"""
          .formatted(file), "authorization", "Bearer " + TestGateway.CLIENT_KEY);

      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).contains("secret.aws-access-key").doesNotContain("AKIA");
      assertThat(upstream.getAllServeEvents()).isEmpty();
    }
  }

  @Test
  void anIdInABase64TextDocumentNeverReachesTheUpstream() throws Exception {
    String doc = b64("员工档案（内部资料）。\n".repeat(10) + "张伟，身份证 " + CN_ID + "。\n");
    try (TestGateway gateway = TestGateway.withShippedPolicy("anthropic", upstream.baseUrl())) {
      HttpResponse<String> r = gateway.post("/v1/messages", """
          {"model":"claude","max_tokens":10,"messages":[{"role":"user","content":[{"type":"document","source":\
          {"type":"base64","media_type":"text/plain","data":"%s"}},{"type":"text","text":"总结一下"}]}]}"""
          .formatted(doc), "x-api-key", TestGateway.CLIENT_KEY);

      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).startsWith("{\"type\":\"error\"").contains("the text inside a file or data URL")
          .doesNotContain(CN_ID);
      assertThat(upstream.getAllServeEvents()).isEmpty();
    }
  }

  @Test
  void logprobsOfAStreamedAnswerNeverCarryWhatTheTextMasks() throws Exception {
    StringBuilder sse = new StringBuilder();
    for (String t : TOKENS) {
      sse.append("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,")
          .append("\"delta\":{\"content\":\"").append(t).append("\"},\"logprobs\":{\"content\":").append(logprobs(t))
          .append(",\"refusal\":null},\"finish_reason\":null}]}\n\n");
    }
    sse.append("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,"
        + "\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
    upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
        .withHeader("content-type", "text/event-stream").withBody(sse.toString())));
    try (TestGateway gateway = TestGateway.withShippedPolicy("openai", upstream.baseUrl())) {
      HttpResponse<String> r = gateway.post("/v1/chat/completions", """
          {"model":"gpt-4o","stream":true,"logprobs":true,"top_logprobs":2,"messages":[{"role":"user",\
          "content":"写一个身份证号的例子"}]}""", "authorization", "Bearer " + TestGateway.CLIENT_KEY);

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("002X").doesNotContain("\"token\"").doesNotContain("\" 110\"")
          .doesNotContain("49,48");
      assertThat(upstream.getAllServeEvents().get(0).getRequest().getBodyAsString())
          .doesNotContain("logprobs");
    }
  }

  @Test
  void logprobsOfAWholeResponsesAnswerAreEmptied() throws Exception {
    upstream.stubFor(post("/v1/responses").willReturn(aResponse().withStatus(200)
        .withHeader("content-type", "application/json").withBody("""
            {"id":"resp_1","object":"response","status":"completed","output":[{"id":"m1","type":"message",\
            "role":"assistant","status":"completed","content":[{"type":"output_text","text":"身份证 %s",\
            "annotations":[],"logprobs":%s}]}]}""".formatted(CN_ID, logprobs(TOKENS)))));
    try (TestGateway gateway = TestGateway.withShippedPolicy("openai", upstream.baseUrl())) {
      HttpResponse<String> r = gateway.post("/v1/responses", """
          {"model":"gpt-4o","input":"example ID","include":["message.output_text.logprobs"]}""",
          "authorization", "Bearer " + TestGateway.CLIENT_KEY);

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"logprobs\":[]").contains("002X").doesNotContain(CN_ID)
          .doesNotContain("\"token\"");
    }
  }
}
