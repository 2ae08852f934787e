package io.kexin.gateway.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.kexin.gateway.document.TestPdfs;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Drives real, compressed PDFs through a gateway on real sockets, with the shipped pack and WireMock as the LLM API:
 * a key or an ID in the page text never reaches the upstream, an encrypted PDF is refused in the caller's error
 * form, and a clean PDF reaches the upstream byte for byte.
 */
class PdfProxyTest {
  @RegisterExtension
  static WireMockExtension upstream = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String AWS = "AKIAQ3EGRT5YB2MZXW7P";
  private static final String CN_ID = "11010519491231002X";

  private static String chat(byte[] pdf) {
    return """
        {"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"text","text":"summarize"},\
        {"type":"file","file":{"filename":"a.pdf","file_data":"data:application/pdf;base64,%s"}}]}]}"""
        .formatted(Base64.getEncoder().encodeToString(pdf));
  }

  @Test
  void aKeyInThePageTextOfAPdfNeverReachesTheUpstream() throws Exception {
    byte[] pdf = TestPdfs.pdf("Deployment notes.", "aws_access_key_id = " + AWS);
    try (TestGateway gateway = TestGateway.withShippedPolicy("openai", upstream.baseUrl())) {
      HttpResponse<String> r = gateway.post("/v1/chat/completions", chat(pdf), "authorization",
          "Bearer " + TestGateway.CLIENT_KEY);

      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).startsWith("{\"error\"").contains("secret.aws-access-key").doesNotContain("AKIA");
      assertThat(upstream.getAllServeEvents()).isEmpty();
    }
  }

  @Test
  void anIdInTheChinesePageTextOfAnAnthropicPdfDocumentNeverReachesTheUpstream() throws Exception {
    assumeTrue(TestPdfs.cjkFont() != null, "no CJK TrueType font on this machine");
    byte[] pdf = TestPdfs.pdf("员工档案（内部资料）。", "张伟，身份证 " + CN_ID + "。");
    try (TestGateway gateway = TestGateway.withShippedPolicy("anthropic", upstream.baseUrl())) {
      HttpResponse<String> r = gateway.post("/v1/messages", """
          {"model":"claude","max_tokens":10,"messages":[{"role":"user","content":[{"type":"document","source":\
          {"type":"base64","media_type":"application/pdf","data":"%s"}},{"type":"text","text":"总结一下"}]}]}"""
          .formatted(Base64.getEncoder().encodeToString(pdf)), "x-api-key", TestGateway.CLIENT_KEY);

      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).startsWith("{\"type\":\"error\"").doesNotContain(CN_ID);
      assertThat(upstream.getAllServeEvents()).isEmpty();
    }
  }

  @Test
  void anEncryptedPdfIsRefusedWithAClearMessage() throws Exception {
    byte[] pdf = TestPdfs.pages(1, "user-secret", "Quarterly report.");
    try (TestGateway gateway = TestGateway.withShippedPolicy("openai", upstream.baseUrl())) {
      HttpResponse<String> r = gateway.post("/v1/responses", """
          {"model":"gpt-4o","input":[{"role":"user","content":[{"type":"input_text","text":"summarize"},\
          {"type":"input_file","filename":"a.pdf","file_data":"data:application/pdf;base64,%s"}]}]}"""
          .formatted(Base64.getEncoder().encodeToString(pdf)), "authorization", "Bearer " + TestGateway.CLIENT_KEY);

      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(r.body()).path("error").path("code").asText()).isEqualTo("unreadable_pdf");
      assertThat(r.body()).contains("encrypted with a password").doesNotContain("Exception");
      assertThat(upstream.getAllServeEvents()).isEmpty();
    }
  }

  @Test
  void aCleanPdfReachesTheUpstreamByteForByte() throws Exception {
    byte[] pdf = TestPdfs.pdf("Quarterly report.", "Revenue grew by 4 percent.");
    upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
        .withHeader("content-type", "application/json").withBody("""
            {"id":"c1","object":"chat.completion","model":"gpt-4o","choices":[{"index":0,"message":\
            {"role":"assistant","content":"Revenue grew."},"finish_reason":"stop"}]}""")));
    try (TestGateway gateway = TestGateway.withShippedPolicy("openai", upstream.baseUrl())) {
      HttpResponse<String> r = gateway.post("/v1/chat/completions", chat(pdf), "authorization",
          "Bearer " + TestGateway.CLIENT_KEY);

      assertThat(r.statusCode()).isEqualTo(200);
      String sent = JSON.readTree(upstream.getAllServeEvents().get(0).getRequest().getBodyAsString())
          .at("/messages/0/content/1/file/file_data").asText();
      assertThat(Base64.getDecoder().decode(sent.substring(sent.indexOf(',') + 1))).isEqualTo(pdf);
    }
  }
}
