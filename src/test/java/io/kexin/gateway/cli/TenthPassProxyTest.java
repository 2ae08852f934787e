package io.kexin.gateway.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.kexin.gateway.cli.SeventhPassProxyTest.q;
import static io.kexin.gateway.cli.SeventhPassProxyTest.seen;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kexin.gateway.document.TestImages;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Plays the tenth attacker's pass against a real gateway running the shipped pack, with WireMock as the LLM API
 * streaming as OpenAI does: a Chinese ID or a card number that a streamed chat answer with {@code n > 1} splits between
 * choice 0 and choice 1 (or across three choices), which a client shows one after the other or side by side, never
 * reaches the client whole; clean choices pass unchanged, and later choices held beyond the stream's bound stop it in
 * the provider's error form.
 */
final class TenthPassProxyTest {
  @RegisterExtension
  static WireMockExtension upstream = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();
  @RegisterExtension
  static ShippedGateways gateways = new ShippedGateways(upstream);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static TestGateway small;

  @AfterAll
  static void stop() {
    if (small != null) {
      small.close();
    }
  }

  private static String chunk(int index, String delta, String finish) {
    return "data: {\"id\":\"cx\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{"
        + "\"index\":" + index + ",\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":" + finish + "}]}\n\n";
  }

  /**
   * Returns a chat stream of one choice per text, as OpenAI streams {@code n > 1}: a role chunk per choice, then the
   * texts {@code step} characters a chunk, in the order {@code order} gives ("interleaved": round robin; "sequential":
   * each choice to its end; "reversed": the last choice first), each choice's stop chunk after its last text.
   */
  static String choices(String order, int step, String... texts) {
    List<List<String>> per = new ArrayList<>();
    StringBuilder sse = new StringBuilder();
    for (int c = 0; c < texts.length; c++) {
      sse.append(chunk(c, "{\"role\":\"assistant\",\"content\":\"\"}", "null"));
      List<String> pieces = new ArrayList<>();
      for (int i = 0; i < texts[c].length(); i += step) {
        pieces.add(chunk(c, "{\"content\":" + q(texts[c].substring(i, Math.min(texts[c].length(), i + step))) + "}",
            "null"));
      }
      pieces.add(chunk(c, "{}", "\"stop\""));
      per.add(pieces);
    }
    if (order.equals("interleaved")) {
      for (int i = 0; per.stream().anyMatch(p -> !p.isEmpty()); i++) {
        for (List<String> p : per) {
          if (!p.isEmpty()) {
            sse.append(p.remove(0));
          }
        }
      }
    } else {
      for (int c = 0; c < per.size(); c++) {
        per.get(order.equals("reversed") ? per.size() - 1 - c : c).forEach(sse::append);
      }
    }
    return sse.append("data: [DONE]\n\n").toString();
  }

  private static HttpResponse<String> chatStream(TestGateway gateway, String sse) throws Exception {
    return chatStream(gateway, sse, "");
  }

  /** Streams {@code sse} as the answer to a chat request with {@code n: 2} and the {@code options} given (JSON). */
  private static HttpResponse<String> chatStream(TestGateway gateway, String sse, String options) throws Exception {
    upstream.resetAll();
    upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200).withHeader("content-type",
        "text/event-stream").withBody(sse.getBytes(StandardCharsets.UTF_8))));
    return gateway.post("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"stream\":true,\"n\":2," + options
        + "\"messages\":[{"
        + "\"role\":\"user\",\"content\":\"hi\"}]}", "authorization", "Bearer " + TestGateway.CLIENT_KEY);
  }

  /** Returns each choice's content as the client received it, by index. */
  static TreeMap<Integer, String> shownChoices(String body) throws Exception {
    TreeMap<Integer, String> shown = new TreeMap<>();
    for (String line : body.split("\n")) {
      if (line.startsWith("data:") && !line.contains("[DONE]")) {
        for (JsonNode c : JSON.readTree(line.substring(5).trim()).path("choices")) {
          shown.merge(c.path("index").asInt(), c.path("delta").path("content").asText(""), String::concat);
        }
      }
    }
    return shown;
  }

  /** A value split between streamed choices: each reached the client whole across them before. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      ID interleaved zh        | interleaved | 3 | 身份证 110105194912 | 31002X 请核对 | '' | 194912 | 31002
      card interleaved en      | interleaved | 4 | my card is 4539 1488 | 0343 6467, thanks | '' | 45391488 | 03436467
      ID sequential zh         | sequential | 5 | 请核对身份证 110105194912 | 31002X，谢谢 | '' | 194912 | 31002
      card sequential en       | sequential | 1 | the card: 4539 1488 | 0343 6467 | '' | 45391488 | 03436467
      later choice first zh    | reversed | 4 | 身份证 110105194912 | 31002X 请核对 | '' | 194912 | 31002
      card over three choices  | interleaved | 2 | my card is 4539 | 1488 0343 | 6467 thanks | 4539 | 6467
      ID over three choices zh | sequential | 3 | 身份证 1101051 | 9491231 | 002X 请核对 | 1101051 | 002
      """)
  void aValueSplitBetweenStreamedChoicesNeverReachesTheClientWhole(String name, String order, int step, String first,
      String second, String third, String head, String tail) throws Exception {
    String sse = third.isEmpty() ? choices(order, step, first, second) : choices(order, step, first, second, third);
    HttpResponse<String> r = chatStream(gateways.openAi(), sse);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).as(name).contains("response blocked by policy rule").endsWith("data: [DONE]\n\n");
    String seen = seen(r.body());
    assertThat(seen.contains(head) && seen.contains(tail)).as(name + ": " + r.body()).isFalse();
  }

  /** Clean choices with digits at their ends: every choice's text reaches the client unchanged, in any order. */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', textBlock = """
      zh | interleaved | 2026 年 12 月 7 日，上海多云，气温 8 | 12 月 8 日小雨，气温 5 度。
      zh | reversed    | 订单 2026120701 已发货，共 3 件 | 12 件商品中 3 件缺货
      en | interleaved | The meeting is on 7 December at 10 | 30 people attended, room 12.
      en | sequential  | Chapter 12 covers 1990 to 2001 | 2002 onwards is in chapter 13.
      """)
  void cleanChoicesPassUnchanged(String lang, String order, String first, String second) throws Exception {
    HttpResponse<String> r = chatStream(gateways.openAi(), choices(order, 3, first, second));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).doesNotContain("error").endsWith("data: [DONE]\n\n");
    assertThat(shownChoices(r.body())).containsExactly(java.util.Map.entry(0, first), java.util.Map.entry(1, second));
  }

  /**
   * Choice 1 calls a tool while choice 0 writes text, then a usage chunk that names no choice: every chunk reaches the
   * client, the usage chunk after both choices, English and Chinese.
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      The order 2026120701 ships on 8 December.
      订单 2026120701 将于 12 月 8 日发货。
      """)
  void aToolCallInALaterChoiceAndTheUsageChunkPass(String text) throws Exception {
    String sse = chunk(0, "{\"role\":\"assistant\",\"content\":\"\"}", "null")
        + chunk(1, "{\"role\":\"assistant\",\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\","
            + "\"function\":{\"name\":\"track\",\"arguments\":\"\"}}]}", "null")
        + chunk(0, "{\"content\":" + q(text.substring(0, 10)) + "}", "null")
        + chunk(1, "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"order\\\":2026}\"}}]}", "null")
        + chunk(0, "{\"content\":" + q(text.substring(10)) + "}", "null")
        + chunk(1, "{}", "\"tool_calls\"") + chunk(0, "{}", "\"stop\"")
        + "data: {\"id\":\"cx\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[],"
        + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":9,\"total_tokens\":14}}\n\ndata: [DONE]\n\n";
    HttpResponse<String> r = chatStream(gateways.openAi(), sse, "\"stream_options\":{\"include_usage\":true},");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).doesNotContain("error").endsWith("data: [DONE]\n\n").contains("\"total_tokens\":14");
    assertThat(r.body().indexOf("\"usage\"")).isGreaterThan(r.body().lastIndexOf("\"finish_reason\":\"tool_calls\""));
    assertThat(shownChoices(r.body())).containsEntry(0, text);
    StringBuilder arguments = new StringBuilder();
    for (String line : r.body().split("\n")) {
      if (line.startsWith("data: {")) {
        for (JsonNode c : JSON.readTree(line.substring(6)).path("choices")) {
          c.path("delta").path("tool_calls").forEach(t -> arguments.append(t.path("function").path("arguments")
              .asText("")));
        }
      }
    }
    assertThat(arguments.toString()).isEqualTo("{\"order\":2026}");
  }

  /** A later choice held while choice 0 streams beyond the bound stops the stream, in OpenAI's error form. */
  @Test
  void laterChoicesHeldBeyondTheBoundStopTheStream() throws Exception {
    synchronized (TenthPassProxyTest.class) {
      if (small == null) {
        small = TestGateway.withShippedPolicy("openai", upstream.baseUrl(), "limits:\n  maxStreamHeldChars: 400\n");
      }
    }
    String zh = "今天上海多云，气温八度，适合出门散步。";
    String en = "The weather is fine today, a good day for a walk. ";
    String second = (zh + en).repeat(12);
    HttpResponse<String> r = chatStream(small, choices("interleaved", 2, "ok ".repeat(400), second));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("stream_inspection_failed").contains("later choices").endsWith("data: [DONE]\n\n");

    HttpResponse<String> within = chatStream(small, choices("interleaved", 2, "ok ".repeat(40), zh + en));
    assertThat(within.body()).doesNotContain("error");
    assertThat(shownChoices(within.body())).containsEntry(1, zh + en);
  }

  private static final String RESPONSE = "{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"completed\","
      + "\"model\":\"computer-use-preview\",\"output\":[{\"id\":\"msg_1\",\"type\":\"message\",\"role\":"
      + "\"assistant\",\"status\":\"completed\",\"content\":[{\"type\":\"output_text\",\"text\":\"done\","
      + "\"annotations\":[]}]}]}";

  /**
   * Returns a Responses request that sends back a computer call typing {@code typed} and its output, a screenshot at
   * {@code image} with a safety check saying {@code check}, as a computer-use client does after each action.
   */
  static String computerUse(String typed, String image, String check) {
    return "{\"model\":\"computer-use-preview\",\"truncation\":\"auto\",\"tools\":[{\"type\":"
        + "\"computer_use_preview\",\"display_width\":1024,\"display_height\":768,\"environment\":\"browser\"}],"
        + "\"input\":[{\"role\":\"user\",\"content\":\"fill in the form\"},{\"type\":\"computer_call\",\"id\":"
        + "\"cu_1\",\"call_id\":\"call_1\",\"status\":\"completed\",\"pending_safety_checks\":[],\"action\":{"
        + "\"type\":\"type\",\"text\":" + q(typed) + "}},{\"type\":\"computer_call_output\",\"call_id\":\"call_1\","
        + "\"acknowledged_safety_checks\":[{\"id\":\"sc_1\",\"code\":\"malicious_instructions\",\"message\":"
        + q(check) + "}],\"output\":{\"type\":\"computer_screenshot\",\"image_url\":" + q(image) + "}}]}";
  }

  private static HttpResponse<String> responses(TestGateway gateway, String body) throws Exception {
    upstream.resetAll();
    upstream.stubFor(post("/v1/responses").willReturn(aResponse().withStatus(200).withHeader("content-type",
        "application/json").withBody(RESPONSE)));
    return gateway.post("/v1/responses", body, "authorization", "Bearer " + TestGateway.CLIENT_KEY);
  }

  private static String dataUrl(byte[] png) {
    return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
  }

  /** A computer-use turn (a screenshot after a typed action) was refused as an unknown shape: it now passes as sent. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      en | hello world | Review the page before typing.
      zh | 你好，世界 | 请在输入前检查页面。
      """)
  void aCleanComputerUseTurnPassesByteForByte(String lang, String typed, String check) throws Exception {
    String body = computerUse(typed, dataUrl(TestImages.png("Sign in", "用户名")), check);
    HttpResponse<String> r = responses(gateways.openAi(), body);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(upstream.getAllServeEvents()).extracting(e -> e.getRequest().getBodyAsString()).containsExactly(body);
  }

  /** Values the model typed, or in an acknowledged safety check, are read like any text of the turn. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      typed ID zh     | 身份证 11010519491231002X | 请检查页面。 | 11010519491231002X
      typed key en    | aws_access_key_id = AKIAQ3EGRT5YB2MZXW7P | Review the page. | AKIAQ3EGRT5YB2MZXW7P
      check e-mail en | hello | Ask zhang.wei@example.cn first. | zhang.wei@example.cn
      """)
  void valuesInAComputerUseTurnNeverReachTheUpstream(String name, String typed, String check, String value)
      throws Exception {
    HttpResponse<String> r = responses(gateways.openAi(), computerUse(typed, dataUrl(TestImages.png("Sign in")),
        check));

    assertThat(r.statusCode()).as(r.body()).isIn(200, 400);
    assertThat(r.body()).doesNotContain("unsupported_request_shape");
    upstream.getAllServeEvents().forEach(e -> assertThat(e.getRequest().getBodyAsString()).doesNotContain(value));
  }

  /** With OCR on, a screenshot is read as any input image: a key or an ID drawn in it is refused, English and Chinese. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      key en | Terminal | aws_access_key_id = AKIAZ7Q3M4XK2P5RT5WB | AKIA
      ID zh  | 用户信息 | 身份证 11010519491231002X | 1101051949
      """)
  void aValueDrawnInAScreenshotNeverReachesTheUpstream(String name, String title, String line, String leak)
      throws Exception {
    TestImages.requireOcr();
    try (TestGateway ocr = TestGateway.withShippedPolicy("openai", upstream.baseUrl(),
        "limits:\n  images: {ocr: true}\n")) {
      HttpResponse<String> r = responses(ocr, computerUse("ok", dataUrl(TestImages.png(title, line)), "ok"));

      assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
      assertThat(r.body()).contains("blocked by policy rule").doesNotContain(leak);
      assertThat(upstream.getAllServeEvents()).isEmpty();

      HttpResponse<String> url = responses(ocr, computerUse("ok", "https://shots.example.com/s.png", "ok"));
      assertThat(url.statusCode()).as(url.body()).isEqualTo(400);
      assertThat(url.body()).contains("unreadable_image").contains("/input/2/output/image_url");
      assertThat(upstream.getAllServeEvents()).isEmpty();
    }
  }

  /** Returns a Responses answer whose one output item is a computer-use action typing {@code typed}. */
  private static String computerCallAnswer(String typed) {
    return "{\"id\":\"resp_2\",\"object\":\"response\",\"status\":\"completed\",\"model\":"
        + "\"computer-use-preview\",\"output\":[{\"id\":\"cu_1\",\"type\":\"computer_call\",\"call_id\":\"call_1\","
        + "\"status\":\"completed\",\"pending_safety_checks\":[],\"action\":{\"type\":\"type\",\"text\":"
        + q(typed) + "}}]}";
  }

  /** What a model types in a computer-use action is its answer: masked whole, and streamed in the item's events. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      ID zh    | 身份证 11010519491231002X | 1101051949 | false
      card en  | card 4539 1488 0343 6467 | 4539 1488 0343 6467 | false
      clean zh | 你好，世界 | - | true
      clean en | hello world | - | true
      """)
  void aValueAComputerUseActionTypesNeverReachesTheClient(String name, String typed, String leak, boolean clean)
      throws Exception {
    String answer = computerCallAnswer(typed);
    upstream.resetAll();
    upstream.stubFor(post("/v1/responses").willReturn(aResponse().withStatus(200).withHeader("content-type",
        "application/json").withBody(answer.getBytes(StandardCharsets.UTF_8))));
    HttpResponse<String> whole = gateways.openAi().post("/v1/responses", "{\"model\":\"computer-use-preview\","
        + "\"input\":\"hi\"}", "authorization", "Bearer " + TestGateway.CLIENT_KEY);

    JsonNode item = JSON.readTree(answer).path("output").path(0);
    String sse = "data: {\"type\":\"response.output_item.added\",\"output_index\":0,\"item\":"
        + JSON.writeValueAsString(item) + ",\"sequence_number\":1}\n\n"
        + "data: {\"type\":\"response.output_item.done\",\"output_index\":0,\"item\":"
        + JSON.writeValueAsString(item) + ",\"sequence_number\":2}\n\n"
        + "data: {\"type\":\"response.completed\",\"response\":" + answer + ",\"sequence_number\":3}\n\n";
    upstream.resetAll();
    upstream.stubFor(post("/v1/responses").willReturn(aResponse().withStatus(200).withHeader("content-type",
        "text/event-stream").withBody(sse.getBytes(StandardCharsets.UTF_8))));
    HttpResponse<String> streamed = gateways.openAi().post("/v1/responses", "{\"model\":\"computer-use-preview\","
        + "\"stream\":true,\"input\":\"hi\"}", "authorization", "Bearer " + TestGateway.CLIENT_KEY);

    if (clean) {
      assertThat(whole.statusCode()).as(whole.body()).isEqualTo(200);
      assertThat(JSON.readTree(whole.body())).isEqualTo(JSON.readTree(answer));
      assertThat(streamed.body()).doesNotContain("error").contains(q(typed)).contains("response.completed");
    } else {
      assertThat(whole.body()).as(whole.body()).doesNotContain(leak).doesNotContain(leak.replace(" ", ""));
      assertThat(streamed.body()).as(streamed.body()).doesNotContain(leak).doesNotContain(leak.replace(" ", ""));
      // The shipped pack masks these values in answers: the action types the masked form, whole and streamed.
      assertThat(JSON.readTree(whole.body()).at("/output/0/action/text").asText()).contains("*****");
      assertThat(streamed.body()).contains("*****").contains("response.completed");
    }
  }

  private static HttpResponse<String> chatWithHeaders(String... headers) throws Exception {
    upstream.resetAll();
    upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200).withHeader("content-type",
        "application/json").withBody("{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"m\",\"choices\":[{"
            + "\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}")));
    List<String> all = new ArrayList<>(List.of("authorization", "Bearer " + TestGateway.CLIENT_KEY));
    all.addAll(List.of(headers));
    return gateways.openAi().post("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\","
        + "\"content\":\"你好 hello\"}]}", all.toArray(new String[0]));
  }

  /** Client ids whose digits spell a North American number or a short card: each went upstream as sent before. */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', textBlock = """
      x-request-id | ab2125551234cdef0123 | 2125551234
      x-request-id | 4bf92f3577b34da6a3ce929d12125550199 | 2125550199
      x-request-id | a4222222222222b0c1d2e3f4 | 4222222222222
      traceparent  | 00-4bf92f3577b34da6a3ceab4155550199-00f067aa0ba902b7-01 | 4155550199
      """)
  void anIdWhoseDigitsSpellAValueIsReplacedBeforeTheUpstream(String header, String id, String value)
      throws Exception {
    HttpResponse<String> r = chatWithHeaders(header, id);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(upstream.getAllServeEvents()).hasSize(1);
    assertThat(upstream.getAllServeEvents().get(0).getRequest().getHeader(header)).isNotNull().doesNotContain(value);
  }

  @Test
  void aGeneratedIdIsKept() throws Exception {
    HttpResponse<String> r = chatWithHeaders("x-request-id", "4bf92f3577b34da6a3ce929d0e0e4736", "traceparent",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(upstream.getAllServeEvents().get(0).getRequest().getHeader("x-request-id"))
        .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(upstream.getAllServeEvents().get(0).getRequest().getHeader("traceparent"))
        .contains("4bf92f3577b34da6a3ce929d0e0e4736");
  }

  /**
   * A value split across SDK headers, each of the fixed shape or read alone: each piece went upstream before. (The test
   * client sends headers in the order of their names, which is the order the gateway reads them joined.)
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      phone in two headers zh      | x-stainless-arch | 138 | x-stainless-os | 1234 5678 | '' | ''
      phone glued over two en      | x-stainless-arch | 138123 | x-stainless-os | 45678 | '' | ''
      ID over three headers zh     | x-stainless-arch | 110105 | x-stainless-lang | 194912 | x-stainless-os | 31002X
      card over three headers en   | x-stainless-arch | 453914 | x-stainless-lang | 880343 | x-stainless-os | 6467
      """)
  void aValueSplitAcrossSdkHeadersNeverReachesTheUpstream(String name, String h1, String v1, String h2, String v2,
      String h3, String v3) throws Exception {
    HttpResponse<String> r = h3.isEmpty() ? chatWithHeaders(h1, v1, h2, v2) : chatWithHeaders(h1, v1, h2, v2, h3, v3);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.body()).contains("blocked by policy rule").doesNotContain(v1 + v2);
    assertThat(upstream.getAllServeEvents()).isEmpty();
  }
}
