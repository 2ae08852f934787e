package io.kexin.gateway.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Drives the shipped policy end to end for every request and response shape: WireMock sees the rewritten body,
 * the client sees restored text, blocked requests never reach WireMock, monitor mode changes nothing.
 */
class PolicyProxyTest {
  @RegisterExtension
  static WireMockExtension upstream = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String AUTH = "Bearer " + TestGateway.CLIENT_KEY;

  private static void answerJson(String path, String body) {
    upstream.stubFor(post(path).willReturn(aResponse().withStatus(200)
        .withHeader("content-type", "application/json").withBody(body)));
  }

  @Test
  void chatPseudonymizesOnTheWayUpAndRestoresOnTheWayBack() throws Exception {
    answerJson("/v1/chat/completions", """
        {"id":"c1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant",
        "content":"我会写信给 <EMAIL_1>，并抄送 <EMAIL_2>。"},"finish_reason":"stop"}]}""");
    try (TestGateway gateway = TestGateway.withShippedPolicy("openai", upstream.baseUrl())) {
      HttpResponse<String> r = gateway.post("/v1/chat/completions", """
          {"model":"gpt-4o","temperature":0.2,"messages":[
            {"role":"system","content":"Reply to zhang.wei@example.cn"},
            {"role":"user","content":[{"type":"text","text":"给 zhang.wei@example.cn 和 li.na@corp.example.com 写信"},
              {"type":"image_url","image_url":{"url":"https://example.com/a.png"}}]}]}""",
          "authorization", AUTH);

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("我会写信给 zhang.wei@example.cn，并抄送 li.na@corp.example.com。");
      upstream.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
          .withRequestBody(matchingJsonPath("$.messages[0].content", containing("Reply to <EMAIL_1>")))
          .withRequestBody(matchingJsonPath("$.messages[1].content[0].text", containing("给 <EMAIL_1> 和 <EMAIL_2> 写信")))
          .withRequestBody(matchingJsonPath("$.temperature", containing("0.2")))
          .withRequestBody(matchingJsonPath("$.messages[1].content[1].image_url.url", containing("a.png"))));
      String sent = upstream.getAllServeEvents().get(0).getRequest().getBodyAsString();
      assertThat(sent).doesNotContain("zhang.wei@example.cn").doesNotContain("li.na@corp.example.com");
    }
  }

  @Test
  void logProbabilitiesAreNotRequestedWhereResponsesAreInspected() throws Exception {
    answerJson("/v1/chat/completions", """
        {"id":"c3","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant",
        "content":"好的 fine"},"finish_reason":"stop"}]}""");
    answerJson("/v1/responses", """
        {"id":"r3","object":"response","status":"completed","output":[{"type":"message","role":"assistant",
        "content":[{"type":"output_text","text":"fine"}]}]}""");
    try (TestGateway gateway = TestGateway.withShippedPolicy("openai", upstream.baseUrl())) {
      HttpResponse<String> chat = gateway.post("/v1/chat/completions", """
          {"model":"gpt-4o","logprobs":true,"top_logprobs":5,"messages":[{"role":"user","content":"你好 hello"}]}""",
          "authorization", AUTH);
      HttpResponse<String> responses = gateway.post("/v1/responses", """
          {"model":"gpt-4o","input":"hello 你好","top_logprobs":3,
           "include":["message.output_text.logprobs","reasoning.encrypted_content"]}""", "authorization", AUTH);

      assertThat(chat.statusCode()).isEqualTo(200);
      assertThat(responses.statusCode()).isEqualTo(200);
      String sentChat = upstream.getAllServeEvents().stream()
          .filter(e -> e.getRequest().getUrl().equals("/v1/chat/completions")).findFirst().orElseThrow()
          .getRequest().getBodyAsString();
      String sentResponses = upstream.getAllServeEvents().stream()
          .filter(e -> e.getRequest().getUrl().equals("/v1/responses")).findFirst().orElseThrow()
          .getRequest().getBodyAsString();
      assertThat(sentChat).doesNotContain("logprobs").contains("你好 hello");
      assertThat(sentResponses).doesNotContain("logprobs").contains("reasoning.encrypted_content");
    }
  }

  @Test
  void anIdNumberPhoneAndCardArePseudonymizedUpAndRestoredBack() throws Exception {
    answerJson("/v1/chat/completions", """
        {"id":"c2","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant",
        "content":"已为 <CN_ID_CARD_1> 登记，回电 <PHONE_CN_1>，退款到 <BANK_CARD_1>。Card <CREDIT_CARD_1> noted."},
        "finish_reason":"stop"}]}""");
    try (TestGateway gateway = TestGateway.withShippedPolicy("openai", upstream.baseUrl())) {
      HttpResponse<String> r = gateway.post("/v1/chat/completions", """
          {"model":"gpt-4o","messages":[{"role":"user","content":"我的身份证号是11010519491231002X，手机１３８ １２３４ ５６７８，工资卡 6222 0212 3456 7894, and my Visa is 4111-1111-1111-1111."}]}""",
          "authorization", AUTH);

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("已为 11010519491231002X 登记，回电 １３８ １２３４ ５６７８，退款到 6222 0212 3456 7894。"
          + "Card 4111-1111-1111-1111 noted.");
      String sent = upstream.getAllServeEvents().get(0).getRequest().getBodyAsString();
      assertThat(sent).contains("<CN_ID_CARD_1>", "<PHONE_CN_1>", "<BANK_CARD_1>", "<CREDIT_CARD_1>")
          .doesNotContain("11010519491231002X").doesNotContain("１３８").doesNotContain("6222 0212")
          .doesNotContain("4111-1111");
    }
  }

  @Test
  void resentShortHistoryIsRewrittenTheSameOnEveryTurnInChineseAndEnglish() throws Exception {
    // Turns of 64 to 255 characters: scanned on the first request, served from the segment cache on the next ones.
    String system = "你是客服助理。客户张伟的邮箱是 zhang.wei@example.cn，手机 13800138000，请勿向第三方透露。如有疑问请联系客服中心。";
    String earlier = "Noted: the customer's email is li.na@corp.example.com and her phone is +1 415 555 0132.";
    assertThat(system.length()).isBetween(64, 255);
    assertThat(earlier.length()).isBetween(64, 255);
    answerJson("/v1/chat/completions", """
        {"id":"c4","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant",
        "content":"已记录 <EMAIL_1>，稍后回电。"},"finish_reason":"stop"}]}""");
    try (TestGateway gateway = TestGateway.withShippedPolicy("openai", upstream.baseUrl())) {
      for (int turn = 0; turn < 3; turn++) {
        HttpResponse<String> r = gateway.post("/v1/chat/completions", """
            {"model":"gpt-4o","messages":[{"role":"system","content":"%s"},{"role":"assistant","content":"%s"},
            {"role":"user","content":"第 %d 个问题：what next?"}]}""".formatted(system, earlier, turn),
            "authorization", AUTH);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("已记录 zhang.wei@example.cn，稍后回电。");
      }
      var sent = upstream.getAllServeEvents().stream().map(e -> e.getRequest().getBodyAsString()).toList();
      assertThat(sent).hasSize(3);
      for (String body : sent) {
        assertThat(body).contains("客户<PERSON_1>的邮箱是 <EMAIL_1>，手机 <PHONE_CN_1>，请勿向第三方透露。如有疑问请联系客服中心。")
            .contains("the customer's email is <EMAIL_2>")
            .doesNotContain("张伟").doesNotContain("zhang.wei@example.cn").doesNotContain("13800138000").doesNotContain("li.na@corp");
      }
      // WireMock lists the latest first; but for the question's number, every turn went up the same
      assertThat(sent.stream().map(b -> b.replaceFirst("第 \\d 个", "第 N 个")).distinct()).hasSize(1);
    }
  }

  @Test
  void aPrivateKeyIsBlockedAndNeverReachesTheUpstream() throws Exception {
    try (TestGateway gateway = TestGateway.withShippedPolicy("openai", upstream.baseUrl())) {
      HttpResponse<String> r = gateway.post("/v1/chat/completions", """
          {"model":"gpt-4o","messages":[{"role":"user","content":"检查这个 -----BEGIN OPENSSH PRIVATE KEY-----\\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ"}]}""",
          "authorization", AUTH);

      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).contains("\"code\":\"content_policy_violation\"")
          .contains("secret.private-key").contains("This request contains a private key")
          .doesNotContain("b3BlbnNzaC1rZXktdjEAAAAA");
      assertThat(upstream.getAllServeEvents()).isEmpty();
    }
  }

  @Test
  void anAwsKeyIsBlockedAndNeverReachesTheUpstream() throws Exception {
    try (TestGateway gateway = TestGateway.withShippedPolicy("anthropic", upstream.baseUrl())) {
      HttpResponse<String> r = gateway.post("/v1/messages", """
          {"model":"claude","max_tokens":10,"messages":[{"role":"user","content":"部署脚本里 aws_access_key_id = AKIAI3VALYUI43RCBAJY 对吗"}]}""",
          "x-api-key", TestGateway.CLIENT_KEY);

      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).startsWith("{\"type\":\"error\"").contains("secret.aws-access-key")
          .doesNotContain("AKIAI3VALYUI43RCBAJY");
      assertThat(upstream.getAllServeEvents()).isEmpty();
    }
  }

  @Test
  void aLargeRequestInspectedOffTheEventLoopStillBlocksAKeySplitByInvisibleCharacters() throws Exception {
    // Over 16 KiB: parsed and inspected on the inspection pool; the key hides in a tool result behind padding.
    String padding = "上线前的检查清单，please review every step. ".repeat(600);
    try (TestGateway gateway = TestGateway.withShippedPolicy("openai", upstream.baseUrl())) {
      HttpResponse<String> r = gateway.post("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":["
          + "{\"role\":\"user\",\"content\":\"" + padding + "\"},"
          + "{\"role\":\"tool\",\"tool_call_id\":\"t1\",\"content\":\"aws_access_key_id = AKIA\\u200bI3VA\u2060LYUI43RCBAJY\"}]}",
          "authorization", AUTH);

      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).contains("secret.aws-access-key").doesNotContain("LYUI43RCBAJY");
      assertThat(upstream.getAllServeEvents()).isEmpty();
    }
  }

  @Test
  void largeBodiesBothWaysArePseudonymizedUpAndRestoredBackOnTheInspectionPool() throws Exception {
    String padding = "The quarterly report 季度报告 covers shipping, returns and refunds. ".repeat(400);
    answerJson("/v1/chat/completions", "{\"id\":\"c3\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
        + "\"message\":{\"role\":\"assistant\",\"content\":\"" + padding + " 已为 <CN_ID_CARD_1> 登记。\"},"
        + "\"finish_reason\":\"stop\"}]}");
    try (TestGateway gateway = TestGateway.withShippedPolicy("openai", upstream.baseUrl())) {
      HttpResponse<String> r = gateway.post("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":["
          + "{\"role\":\"user\",\"content\":\"" + padding + " 我的身份证号是11010519491231002X\"}]}",
          "authorization", AUTH);

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("已为 11010519491231002X 登记。");
      String sent = upstream.getAllServeEvents().get(0).getRequest().getBodyAsString();
      assertThat(sent.length()).isGreaterThan(16_384);
      assertThat(sent).contains("<CN_ID_CARD_1>").doesNotContain("11010519491231002X");
      assertThat(gateway.get(gateway.adminUrl("/metrics")).body())
          .contains("kexin_inspection_offloads_total{direction=\"request\",result=\"run\"} 1.0")
          .contains("kexin_inspection_offloads_total{direction=\"response\",result=\"run\"} 1.0");
    }
  }

  @Test
  void codeNamesAreRedactedInRequestsAndResponses() throws Exception {
    answerJson("/v1/completions", """
        {"id":"x","object":"text_completion","choices":[{"index":0,"text":"Bluebird ships in May; 青鳥項目 too"}]}""");
    try (TestGateway gateway = TestGateway.withShippedPolicy("openai", upstream.baseUrl())) {
      HttpResponse<String> r = gateway.post("/v1/completions",
          "{\"model\":\"m\",\"prompt\":[\"Status of project   PHOENIX?\", \"凤*凰*计*划\"]}", "authorization", AUTH);

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("[REDACTED:CODENAME] ships in May; [REDACTED:CODENAME] too");
      upstream.verify(postRequestedFor(urlEqualTo("/v1/completions"))
          .withRequestBody(matchingJsonPath("$.prompt[0]", containing("Status of [REDACTED:CODENAME]?")))
          .withRequestBody(matchingJsonPath("$.prompt[1]", containing("[REDACTED:CODENAME]"))));
    }
  }

  @Test
  void aCleanChatAndItsAnswerCrossTheWholePackByteForByte() throws Exception {
    // Spacing, key order, escapes and number forms that a re-serialization would change, in English and Chinese.
    String answer = "{ \"id\" : \"c9\",\"object\":\"chat.completion\", \"choices\" : [ {\"index\":0, \"message\":"
        + "{\"content\":\"The books ship on Monday. \\u4e66\\u4f1a\\u5728\\u5468\\u4e00\\u53d1\\u8d27\\u3002 Caf\\u00e9"
        + " \\/ \u4ed3\u5e93\", \"role\":\"assistant\"}, \"finish_reason\":\"stop\"} ],\n"
        + "  \"usage\":{\"prompt_tokens\":12,\"completion_tokens\":1.0E1,\"total_tokens\":22}}";
    String request = "{\n  \"messages\" : [ {\"role\":\"system\",\"content\":\"You answer about orders. \\u4f60\\u597d\"},"
        + " {\"content\":\"Where are my books? \u6211\u7684\u4e66\u5728\u54ea\u91cc\\uff1f\", \"role\":\"user\"} ],"
        + " \"temperature\" : 0.50, \"model\" : \"m\" }";
    answerJson("/v1/chat/completions", answer);
    try (TestGateway gateway = TestGateway.withShippedPolicy("openai", upstream.baseUrl())) {
      HttpResponse<String> r = gateway.post("/v1/chat/completions", request, "authorization", AUTH);

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(upstream.getAllServeEvents().get(0).getRequest().getBodyAsString()).isEqualTo(request);
      assertThat(r.body()).isEqualTo(answer);
    }
  }

  @Test
  void monitorModeChangesNothingOnTheWireButIsCounted() throws Exception {
    String request = "{\"model\":\"m\",\"input\":\"This memo is strictly confidential.\"}";
    answerJson("/v1/embeddings", "{\"object\":\"list\",\"data\":[]}");
    try (TestGateway gateway = TestGateway.withShippedPolicy("openai", upstream.baseUrl())) {
      HttpResponse<String> r = gateway.post("/v1/embeddings", request, "authorization", AUTH);

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(upstream.getAllServeEvents().get(0).getRequest().getBodyAsString()).isEqualTo(request);
      assertThat(gateway.get(gateway.adminUrl("/metrics")).body()).contains(
          "kexin_policy_findings_total{action=\"block\",direction=\"request\",mode=\"monitor\",policy=\"default\","
              + "rule=\"keyword.confidential-markers\"} 1.0");
    }
  }

  @Test
  void responsesApiAndAnthropicShapesAreInspected() throws Exception {
    answerJson("/v1/responses", """
        {"id":"r","object":"response","output":[{"type":"message","role":"assistant",
        "content":[{"type":"output_text","text":"Sent to <EMAIL_1>","annotations":[]}]}]}""");
    try (TestGateway gateway = TestGateway.withShippedPolicy("openai", upstream.baseUrl())) {
      HttpResponse<String> r = gateway.post("/v1/responses",
          "{\"model\":\"m\",\"instructions\":\"be brief\",\"input\":[{\"role\":\"user\",\"content\":"
              + "[{\"type\":\"input_text\",\"text\":\"mail wang@example.org\"}]}]}", "authorization", AUTH);

      assertThat(r.body()).contains("Sent to wang@example.org");
      upstream.verify(postRequestedFor(urlEqualTo("/v1/responses"))
          .withRequestBody(matchingJsonPath("$.input[0].content[0].text", containing("mail <EMAIL_1>"))));
    }
    upstream.resetAll();
    answerJson("/v1/messages", """
        {"type":"message","role":"assistant","content":[{"type":"text","text":"OK <EMAIL_1>"},
        {"type":"tool_use","id":"t1","name":"send","input":{"to":"<EMAIL_1>","body":"hi"}}]}""");
    try (TestGateway gateway = TestGateway.withShippedPolicy("anthropic", upstream.baseUrl())) {
      HttpResponse<String> r = gateway.post("/v1/messages", """
          {"model":"claude","max_tokens":10,"system":[{"type":"text","text":"owner: boss@example.com"}],
          "messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t0","content":"Project Phoenix"}]}]}""",
          "x-api-key", TestGateway.CLIENT_KEY);

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("OK boss@example.com").contains("\"to\":\"boss@example.com\"");
      upstream.verify(postRequestedFor(urlEqualTo("/v1/messages"))
          .withRequestBody(matchingJsonPath("$.system[0].text", containing("owner: <EMAIL_1>")))
          .withRequestBody(matchingJsonPath("$.messages[0].content[0].content", containing("[REDACTED:CODENAME]"))));
    }
  }

  @Test
  void aResponseOfAnUnknownContentTypeIsRefusedOnAnInspectedRoute() throws Exception {
    upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
        .withHeader("content-type", "application/x-ndjson").withBody("{\"text\":\"Project Phoenix\"}\n")));
    try (TestGateway gateway = TestGateway.withShippedPolicy("openai", upstream.baseUrl())) {
      HttpResponse<String> r = gateway.post("/v1/chat/completions",
          "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "authorization", AUTH);

      assertThat(r.statusCode()).isEqualTo(502);
      assertThat(r.body()).contains("uninspectable_response").contains("application/x-ndjson")
          .doesNotContain("Phoenix");
      assertThat(gateway.get(gateway.adminUrl("/metrics")).body())
          .contains("kexin_uninspected_total{direction=\"response\",refused=\"true\",route=\"main\"} 1.0");
    }
  }

  @Test
  void aBodyOfUnknownShapeIsRefusedOnAnInspectedRoute() throws Exception {
    try (TestGateway gateway = TestGateway.withShippedPolicy("openai", upstream.baseUrl())) {
      HttpResponse<String> r = gateway.post("/v1/chat/completions",
          "{\"model\":\"m\",\"messages\":\"just a string\"}", "authorization", AUTH);

      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).contains("unsupported_request_shape").contains("/messages");
      assertThat(upstream.getAllServeEvents()).isEmpty();
    }
  }
}
