package io.kexin.gateway.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.kexin.gateway.cli.SeventhPassProxyTest.q;
import static io.kexin.gateway.cli.SeventhPassProxyTest.seen;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Plays the eleventh attacker's pass against a real gateway running the shipped pack, with WireMock as the LLM API
 * streaming as OpenAI does: a value that a streamed chat answer with {@code n > 1} splits between one choice's text,
 * tool call arguments or audio transcript and another choice's never reaches the client whole; a value split across
 * SDK headers sent in any order of their names, or in letters only, and a request id whose digits spell a value across
 * hex letters or whose hex is text, never reach the upstream; clean choices and headers pass unchanged.
 */
final class EleventhPassProxyTest {
  @RegisterExtension
  static WireMockExtension upstream = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();
  @RegisterExtension
  static ShippedGateways gateways = new ShippedGateways(upstream);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String chunk(int index, String delta, String finish) {
    return "data: {\"id\":\"cx\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{"
        + "\"index\":" + index + ",\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":" + finish + "}]}\n\n";
  }

  /**
   * Returns the chunks of one choice: {@code part} is {@code c:} content, {@code a:} one tool call's arguments (JSON)
   * or {@code t:} an audio transcript, then the text, sent {@code step} characters a chunk, as OpenAI streams each.
   */
  private static List<String> choice(int index, String part, int step) {
    String kind = part.substring(0, 1);
    String text = part.substring(2);
    List<String> out = new ArrayList<>();
    out.add(chunk(index, switch (kind) {
      case "a" -> "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_" + index
          + "\",\"type\":\"function\",\"function\":{\"name\":\"lookup\",\"arguments\":\"\"}}]}";
      case "t" -> "{\"role\":\"assistant\",\"content\":null,\"audio\":{\"id\":\"audio_" + index + "\"}}";
      default -> "{\"role\":\"assistant\",\"content\":\"\"}";
    }, "null"));
    for (int i = 0; i < text.length(); i += step) {
      String piece = q(text.substring(i, Math.min(text.length(), i + step)));
      out.add(chunk(index, switch (kind) {
        case "a" -> "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":" + piece + "}}]}";
        case "t" -> "{\"audio\":{\"transcript\":" + piece + "}}";
        default -> "{\"content\":" + piece + "}";
      }, "null"));
    }
    out.add(chunk(index, "{}", kind.equals("a") ? "\"tool_calls\"" : "\"stop\""));
    return out;
  }

  /**
   * Returns a chat stream of the choices {@code parts} (see {@link #choice}) with the indices {@code indices}, in the
   * order {@code order} gives ("interleaved": round robin; "sequential": each choice to its end).
   */
  private static String stream(String order, int step, int[] indices, String... parts) {
    List<List<String>> per = new ArrayList<>();
    for (int c = 0; c < parts.length; c++) {
      per.add(choice(indices[c], parts[c], step));
    }
    StringBuilder sse = new StringBuilder();
    if (order.equals("interleaved")) {
      while (per.stream().anyMatch(p -> !p.isEmpty())) {
        for (List<String> p : per) {
          if (!p.isEmpty()) {
            sse.append(p.remove(0));
          }
        }
      }
    } else {
      per.forEach(p -> p.forEach(sse::append));
    }
    return sse.append("data: [DONE]\n\n").toString();
  }

  /** Streams {@code sse} as the answer to a chat request with {@code n} choices. */
  private static HttpResponse<String> chatStream(String sse, int n) throws Exception {
    upstream.resetAll();
    upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200).withHeader("content-type",
        "text/event-stream").withBody(sse.getBytes(StandardCharsets.UTF_8))));
    return gateways.openAi().post("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"stream\":true,\"n\":" + n
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "authorization", "Bearer "
        + TestGateway.CLIENT_KEY);
  }

  /** Returns, per choice index, what the client received of its content, tool call arguments and transcript. */
  private static TreeMap<Integer, String> received(String body) throws Exception {
    TreeMap<Integer, String> shown = new TreeMap<>();
    for (String line : body.split("\n")) {
      if (line.startsWith("data: {")) {
        for (JsonNode c : JSON.readTree(line.substring(6)).path("choices")) {
          JsonNode d = c.path("delta");
          String text = d.path("content").asText("") + d.path("audio").path("transcript").asText("");
          for (JsonNode call : d.path("tool_calls")) {
            text += call.path("function").path("arguments").asText("");
          }
          shown.merge(c.path("index").asInt(), text, String::concat);
        }
      }
    }
    return shown;
  }

  private static int[] indices(String spec) {
    return java.util.Arrays.stream(spec.split(",")).mapToInt(Integer::parseInt).toArray();
  }

  /**
   * A value split between the tool call arguments or the audio transcript of one streamed choice and another choice's
   * text, arguments or transcript: the client shows them one after the other, and each reached it whole before.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      ID text then arguments zh         | sequential  | 3 | 0,1 | c:身份证 110105194912 | a:{"suffix":"31002X"} | 194912 | 31002
      card text then arguments en       | interleaved | 4 | 0,1 | c:my card is 4539 1488 | a:{"rest":"0343 6467"} | 45391488 | 03436467
      ID arguments then text zh         | interleaved | 3 | 0,1 | a:{"id":"110105194912"} | c:31002X 请核对 | 194912 | 31002
      card arguments then arguments en  | sequential  | 5 | 0,1 | a:{"card":"4539 1488"} | a:{"more":"0343 6467"} | 45391488 | 03436467
      card number arguments en          | sequential  | 2 | 0,1 | a:{"card":45391488} | c:03436467 ok | 45391488 | 03436467
      ID transcripts zh                 | interleaved | 3 | 0,1 | t:身份证 110105194912 | t:31002X，请核对 | 194912 | 31002
      card transcript then text en      | sequential  | 4 | 0,1 | t:the card is 4539 1488 | c:0343 6467, thanks | 45391488 | 03436467
      ID text then transcript zh        | sequential  | 4 | 0,1 | c:身份证 110105194912 | t:31002X 请核对 | 194912 | 31002
      ID across a missing choice zh     | sequential  | 3 | 0,2 | c:身份证 110105194912 | c:31002X 请核对 | 194912 | 31002
      ID in a negative choice zh        | sequential  | 3 | -1,0 | c:身份证 110105194912 | c:31002X 请核对 | 194912 | 31002
      card in a negative choice en      | interleaved | 4 | -1,0 | a:{"card":"4539 1488"} | c:0343 6467 ok | 45391488 | 03436467
      card across a missing choice en   | interleaved | 3 | 0,2 | c:my card is 4539 1488 | a:{"rest":"0343 6467"} | 45391488 | 03436467
      """)
  void aValueSplitAcrossStreamedChoicesNeverReachesTheClientWhole(String name, String order, int step, String at,
      String first, String second, String head, String tail) throws Exception {
    HttpResponse<String> r = chatStream(stream(order, step, indices(at), first, second), 2);

    assertThat(r.statusCode()).isEqualTo(200);
    // A choice with a negative index stops the stream as one the gateway cannot inspect (no provider sends one).
    assertThat(r.body()).as(name).contains(at.startsWith("-") ? "stream_inspection_failed"
        : "response blocked by policy rule").endsWith("data: [DONE]\n\n");
    String seen = seen(r.body());
    assertThat(seen.contains(head) && seen.contains(tail)).as(name + ": " + r.body()).isFalse();
  }

  /** Clean choices with digits at their ends, in text, arguments and transcripts: each reaches the client unchanged. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      text then arguments zh      | interleaved | 0,1 | c:订单 2026120701 已发货，共 3 件 | a:{"order":"2026120701","n":12}
      arguments then text en      | sequential  | 0,1 | a:{"year":2026,"month":12} | c:12 people attended, room 8.
      transcripts zh              | interleaved | 0,1 | t:12 月 7 日，气温 8 | t:12 月 8 日小雨，气温 5 度。
      transcript then text en     | sequential  | 0,1 | t:Chapter 12 covers 1990 to 2001 | c:2002 onwards is in chapter 13.
      missing choice zh           | sequential  | 0,2 | c:2026 年 12 月 7 日，气温 8 | c:12 月 8 日小雨。
      """)
  void cleanChoicesPassUnchanged(String name, String order, String at, String first, String second)
      throws Exception {
    int[] at2 = indices(at);
    HttpResponse<String> r = chatStream(stream(order, 3, at2, first, second), 2);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).as(name).doesNotContain("error").endsWith("data: [DONE]\n\n");
    assertThat(received(r.body())).as(name).containsExactly(Map.entry(at2[0], first.substring(2)),
        Map.entry(at2[1], second.substring(2)));
  }

  /**
   * Sends a chat request over a plain socket with {@code headers} (name, value, …) in the order given, which an HTTP
   * client library may not keep; returns the status line and body.
   */
  private static String rawChat(String... headers) throws Exception {
    upstream.resetAll();
    upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200).withHeader("content-type",
        "application/json").withBody("{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"m\",\"choices\":[{"
            + "\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}")));
    byte[] body = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"你好 hello\"}]}"
        .getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder("POST /v1/chat/completions HTTP/1.1\r\nhost: localhost\r\n"
        + "content-type: application/json\r\nconnection: close\r\nauthorization: Bearer " + TestGateway.CLIENT_KEY
        + "\r\ncontent-length: " + body.length + "\r\n");
    for (int i = 0; i < headers.length; i += 2) {
      head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
    }
    try (Socket socket = new Socket("127.0.0.1", gateways.openAi().runtime.proxyAddress().getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      return all.toString(StandardCharsets.UTF_8);
    }
  }

  /**
   * A value split across SDK headers of the fixed shape, sent in an order other than that of their names (which a log
   * or a provider's header map may show sorted), or written in letters only: each piece went upstream before.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      phone, names reversed zh    | x-stainless-os | 5678 | x-stainless-arch | 1381234 | '' | ''
      ID, names shuffled zh       | x-stainless-os | 31002X | x-stainless-arch | 110105 | x-stainless-lang | 194912
      phone over three reversed   | x-stainless-runtime | 5678 | x-stainless-os | 1234 | x-stainless-arch | 138
      key in letters and digits   | x-stainless-arch | AKIAQ3EGRT | x-stainless-os | 5YB2MZXW7P | '' | ''
      codename in letters only en | x-stainless-os | project | x-stainless-arch | phoenix | '' | ''
      codename, names reversed en | x-stainless-os | phoenix | x-stainless-arch | project | '' | ''
      """)
  void aValueSplitAcrossSdkHeadersInAnyOrderNeverReachesTheUpstream(String name, String h1, String v1, String h2,
      String v2, String h3, String v3) throws Exception {
    String r = h3.isEmpty() ? rawChat(h1, v1, h2, v2) : rawChat(h1, v1, h2, v2, h3, v3);

    assertThat(r).as(name).startsWith("HTTP/1.1 400").contains("blocked by policy rule").doesNotContain(v1 + " " + v2)
        .doesNotContain(v2 + " " + v1);
    assertThat(upstream.getAllServeEvents()).as(name).isEmpty();
  }

  /** The headers the providers' SDKs write, in the order they write them, pass as sent. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      python | x-stainless-lang,python,x-stainless-package-version,1.52.0,x-stainless-os,Linux,x-stainless-arch,x64,x-stainless-runtime,CPython,x-stainless-runtime-version,3.11.4,x-stainless-async,false,x-stainless-retry-count,0,x-stainless-read-timeout,600,accept,application/json
      node   | x-stainless-retry-count,0,x-stainless-timeout,600,x-stainless-lang,js,x-stainless-package-version,4.52.0,x-stainless-os,MacOS,x-stainless-arch,arm64,x-stainless-runtime,node,x-stainless-runtime-version,v20.11.1,accept,application/json,accept-language,zh-CN,anthropic-version,2023-06-01
      """)
  void sdkHeadersInTheirOwnOrderPass(String sdk, String headers) throws Exception {
    String[] h = headers.split(",");
    String r = rawChat(h);

    assertThat(r).as(sdk).startsWith("HTTP/1.1 200");
    assertThat(upstream.getAllServeEvents()).hasSize(1);
    for (int i = 0; i < h.length; i += 2) {
      assertThat(upstream.getAllServeEvents().get(0).getRequest().getHeader(h[i])).as(h[i]).isEqualTo(h[i + 1]);
    }
  }

  /** Client ids of a generated id's shape whose digits spell a value across hex letters, or whose hex is text. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      x-request-id | 138a1234b5678cdef | 13812345678
      x-request-id | ab138a1234b5678cdef0123 | 13812345678
      x-request-id | a4539b1488c0343d6467ef | 4539148803436467
      x-request-id | 7a3133387a313233347a35363738 | 7a3133387a313233347a35363738
      traceparent  | 00-138a1234b5678cdef012345678abcdef-00f067aa0ba902b7-01 | 138a1234b5678
      """)
  void anIdWhoseDigitsSpellAValueAcrossLettersIsReplaced(String header, String id, String value) throws Exception {
    String r = rawChat(header, id);

    assertThat(r).startsWith("HTTP/1.1 200");
    assertThat(upstream.getAllServeEvents()).hasSize(1);
    String sent = upstream.getAllServeEvents().get(0).getRequest().getHeader(header);
    assertThat(sent).isNotNull().doesNotContain(value);
    assertThat(sent.replaceAll("[^0-9]", "")).doesNotContain(value.replaceAll("[^0-9]", ""));
  }

  /**
   * A streamed answer that calls a function the deprecated way ({@code delta.function_call.arguments}, which OpenAI
   * still streams for requests with {@code functions}), with a value cut across two deltas, or beside the text.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      ID in arguments zh   | '' | {"id":"身份证 110105194912310 02X"} | 3 | 11010519491231002
      card in arguments en | '' | {"card":"4539 1488 0343 6467"} | 4 | 4539148803436467
      ID across text zh    | 身份证 1101051949 | {"rest":"1231002X"} | 5 | 11010519491231002
      """)
  void aValueInStreamedLegacyFunctionCallArgumentsNeverReachesTheClient(String name, String text, String arguments,
      int step, String value) throws Exception {
    StringBuilder sse = new StringBuilder(chunk(0, "{\"role\":\"assistant\",\"content\":" + (text.isEmpty() ? "null"
        : q(text)) + "}", "null"));
    sse.append(chunk(0, "{\"function_call\":{\"name\":\"lookup\",\"arguments\":\"\"}}", "null"));
    for (int i = 0; i < arguments.length(); i += step) {
      sse.append(chunk(0, "{\"function_call\":{\"arguments\":" + q(arguments.substring(i, Math.min(arguments.length(),
          i + step))) + "}}", "null"));
    }
    sse.append(chunk(0, "{}", "\"function_call\"")).append("data: [DONE]\n\n");
    HttpResponse<String> r = chatStream(sse.toString(), 1);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).as(name).endsWith("data: [DONE]\n\n");
    assertThat(seen(r.body())).as(name + ": " + r.body()).doesNotContain(value);
  }

  /** Posts {@code body} to {@code path} of the OpenAI gateway, the upstream answering {@code answer} as JSON. */
  private static HttpResponse<String> whole(String path, String body, String answer) throws Exception {
    upstream.resetAll();
    upstream.stubFor(post(path).willReturn(aResponse().withStatus(200).withHeader("content-type",
        "application/json").withBody(answer.getBytes(StandardCharsets.UTF_8))));
    return gateways.openAi().post(path, body, "authorization", "Bearer " + TestGateway.CLIENT_KEY);
  }

  private static final String DONE = "{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"completed\",\"model\":"
      + "\"gpt-4o\",\"output\":[{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"status\":"
      + "\"completed\",\"content\":[{\"type\":\"output_text\",\"text\":\"ok\",\"annotations\":[]}]}]}";

  /** Responses items sent back that carry a value in a place the model reads: checked, each kept from the upstream. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      file search results zh | {"type":"file_search_call","id":"fs_1","status":"completed","queries":["q"],"results":[{"file_id":"f","filename":"a.txt","score":0.9,"text":"身份证 11010519491231002X","attributes":{}}]} | 11010519491231002
      web search query zh    | {"type":"web_search_call","id":"ws_1","status":"completed","action":{"type":"search","query":"手机 13812345678"}} | 13812345678
      web search page en     | {"type":"web_search_call","id":"ws_1","status":"completed","action":{"type":"open_page","url":"https://x.example/?phone=13812345678"}} | 13812345678
      reasoning summary en   | {"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"card 4539 1488 0343 6467"}]} | 4539148803436467
      input file data zh     | {"role":"user","content":[{"type":"input_file","filename":"a.txt","file_data":"data:text/plain;base64,6Lqr5Lu96K+BIDExMDEwNTE5NDkxMjMxMDAyWA=="}]} | 11010519491231002
      """)
  void valuesInResponsesItemsSentBackNeverReachTheUpstream(String name, String item, String value) throws Exception {
    HttpResponse<String> r = whole("/v1/responses", "{\"model\":\"gpt-4o\",\"input\":[{\"role\":\"user\",\"content\":"
        + "\"hi\"}," + item + "]}", DONE);

    assertThat(r.statusCode()).as(name + ": " + r.body()).isIn(200, 400);
    upstream.getAllServeEvents().forEach(e -> assertThat(seen(e.getRequest().getBodyAsString())).as(name)
        .doesNotContain(value));
  }

  /**
   * Annotations of a whole Responses answer that name a file ({@code file_citation}, {@code container_file_citation}):
   * a value in the file name, whole or split with the text beside it, never reaches the client.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      file citation zh           | 见附件。 | {"type":"file_citation","file_id":"file-1","filename":"身份证 11010519491231002X.txt","index":3} | 11010519491231002
      container file citation en | See the file. | {"type":"container_file_citation","container_id":"cntr_1","file_id":"cfile_1","filename":"card 4539 1488 0343 6467.csv","start_index":0,"end_index":5} | 4539148803436467
      """)
  void valuesInFileAnnotationsNeverReachTheClient(String name, String text, String annotation, String value)
      throws Exception {
    String answer = "{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"completed\",\"model\":\"gpt-4o\",\"output\":"
        + "[{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"status\":\"completed\",\"content\":[{"
        + "\"type\":\"output_text\",\"text\":" + q(text) + ",\"annotations\":[" + annotation + "]}]}]}";
    HttpResponse<String> r = whole("/v1/responses", "{\"model\":\"gpt-4o\",\"input\":\"hi\"}", answer);

    assertThat(r.statusCode()).as(r.body()).isIn(200, 400, 502);
    assertThat(seen(r.body())).as(name + ": " + r.body()).doesNotContain(value);
  }

  /** Returns a legacy completions stream of one choice per text, interleaved {@code step} characters a chunk. */
  private static String completions(int step, String... texts) {
    List<List<String>> per = new ArrayList<>();
    for (int c = 0; c < texts.length; c++) {
      List<String> pieces = new ArrayList<>();
      for (int i = 0; i < texts[c].length(); i += step) {
        pieces.add("data: {\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"created\":1,\"model\":\"m\",\"choices\":[{"
            + "\"text\":" + q(texts[c].substring(i, Math.min(texts[c].length(), i + step))) + ",\"index\":" + c
            + ",\"logprobs\":null,\"finish_reason\":null}]}\n\n");
      }
      pieces.add("data: {\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"created\":1,\"model\":\"m\",\"choices\":[{"
          + "\"text\":\"\",\"index\":" + c + ",\"logprobs\":null,\"finish_reason\":\"stop\"}]}\n\n");
      per.add(pieces);
    }
    StringBuilder sse = new StringBuilder();
    while (per.stream().anyMatch(p -> !p.isEmpty())) {
      for (List<String> p : per) {
        if (!p.isEmpty()) {
          sse.append(p.remove(0));
        }
      }
    }
    return sse.append("data: [DONE]\n\n").toString();
  }

  /** A value split between the choices of a streamed legacy completion with {@code n > 1}: it reached the client. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      ID zh   | 身份证 110105194912 | 31002X 请核对 | '' | 194912 | 31002
      card en | my card is 4539 1488 | 0343 6467, thanks | '' | 45391488 | 03436467
      clean zh | 2026 年 12 月 7 日，气温 8 | 12 月 8 日小雨。 | clean | - | -
      clean en | Chapter 12 covers 1990 to 2001 | 2002 onwards is in chapter 13. | clean | - | -
      """)
  void aValueSplitBetweenStreamedCompletionChoicesNeverReachesTheClientWhole(String name, String first,
      String second, String clean, String head, String tail) throws Exception {
    upstream.resetAll();
    upstream.stubFor(post("/v1/completions").willReturn(aResponse().withStatus(200).withHeader("content-type",
        "text/event-stream").withBody(completions(3, first, second).getBytes(StandardCharsets.UTF_8))));
    HttpResponse<String> r = gateways.openAi().post("/v1/completions", "{\"model\":\"gpt-3.5-turbo-instruct\","
        + "\"stream\":true,\"n\":2,\"prompt\":\"hi\"}", "authorization", "Bearer " + TestGateway.CLIENT_KEY);

    assertThat(r.statusCode()).isEqualTo(200);
    if (!clean.isEmpty()) {
      assertThat(r.body()).as(name).doesNotContain("error").endsWith("data: [DONE]\n\n");
      TreeMap<Integer, String> shown = new TreeMap<>();
      for (String line : r.body().split("\n")) {
        if (line.startsWith("data: {")) {
          for (JsonNode c : JSON.readTree(line.substring(6)).path("choices")) {
            shown.merge(c.path("index").asInt(), c.path("text").asText(""), String::concat);
          }
        }
      }
      assertThat(shown).containsExactly(Map.entry(0, first), Map.entry(1, second));
      return;
    }
    assertThat(r.body()).as(name).contains("response blocked by policy rule").endsWith("data: [DONE]\n\n");
    String seen = seen(r.body());
    assertThat(seen.contains(head) && seen.contains(tail)).as(name + ": " + r.body()).isFalse();
  }

  /** Returns a whole chat choice: {@code part} as in {@link #choice}, {@code c:}, {@code a:} or {@code t:}. */
  private static String wholeChoice(int index, String part) {
    String text = part.substring(2);
    String message = switch (part.substring(0, 1)) {
      case "a" -> "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_" + index + "\",\"type\":"
          + "\"function\",\"function\":{\"name\":\"lookup\",\"arguments\":" + q(text) + "}}]}";
      case "t" -> "{\"role\":\"assistant\",\"content\":null,\"audio\":{\"id\":\"audio_" + index + "\",\"data\":\"\","
          + "\"expires_at\":1,\"transcript\":" + q(text) + "}}";
      default -> "{\"role\":\"assistant\",\"content\":" + q(text) + "}";
    };
    return "{\"index\":" + index + ",\"message\":" + message + ",\"logprobs\":null,\"finish_reason\":\"stop\"}";
  }

  /** A whole chat answer with {@code n > 1} that splits a value between one choice's text, arguments or transcript. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      ID text then arguments zh      | c:身份证 110105194912 | a:{"suffix":"31002X"} | 11010519491231002
      card arguments then text en    | a:{"card":"4539 1488"} | c:0343 6467, thanks | 4539148803436467
      ID transcripts zh              | t:身份证 110105194912 | t:31002X，请核对 | 11010519491231002
      clean text and arguments en    | c:Chapter 12 covers 1990 to 2001 | a:{"year":2002} | -
      """)
  void aValueSplitAcrossWholeChoicesNeverReachesTheClient(String name, String first, String second, String value)
      throws Exception {
    String answer = "{\"id\":\"cx\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":["
        + wholeChoice(0, first) + "," + wholeChoice(1, second) + "]}";
    HttpResponse<String> r = whole("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"n\":2,\"messages\":[{\"role\":"
        + "\"user\",\"content\":\"hi\"}]}", answer);

    if (value.equals("-")) {
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(JSON.readTree(r.body())).isEqualTo(JSON.readTree(answer));
      return;
    }
    assertThat(seen(r.body())).as(name + ": " + r.body()).doesNotContain(value);
  }
}
