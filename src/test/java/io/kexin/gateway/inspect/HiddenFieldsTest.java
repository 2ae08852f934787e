package io.kexin.gateway.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.config.CredentialFields;
import io.kexin.gateway.config.UnknownFields;
import io.kexin.gateway.policy.PolicyLoader;
import io.kexin.gateway.policy.PolicySet;
import io.kexin.gateway.policy.ShippedPolicies;
import io.kexin.gateway.provider.Endpoint;
import io.kexin.gateway.provider.ProviderApi;
import io.kexin.gateway.stream.SseEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tries, with the shipped policy pack, the fields where a value can still hide although the text beside it is
 * inspected: files and data URLs sent as base64, fields that repeat an answer's text token by token (log
 * probabilities), and audio. Each value must be blocked or rewritten, never reach the provider or the client as sent.
 */
class HiddenFieldsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String AWS = "AKIAQ3EGRT5LMWX2ZUTB";
  private static final String CN_ID = "11010519491231002X";
  private static final String PHONE = "13800138000";
  /** A text file in English, long enough that its base64 is taken for binary data (256 characters or more). */
  private static final String EN_FILE = "Deployment notes for the staging cluster.\n".repeat(5)
      + "Use the access key " + AWS + " for the backup bucket.\n";
  /** A text file in Chinese, long enough for the same. */
  private static final String ZH_FILE = "员工档案（内部资料，请勿外传）。\n".repeat(5) + "张伟，手机 " + PHONE + "，身份证 " + CN_ID
      + "。\n";
  private static final String SVG = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"400\" height=\"80\">"
      + "<rect width=\"400\" height=\"80\" fill=\"white\"/><text x=\"10\" y=\"40\" font-size=\"16\">" + "key " + AWS
      + "</text><text x=\"10\" y=\"60\">身份证 " + CN_ID + "</text></svg>";
  private static PolicySet pack;

  @BeforeAll
  static void loadPack() {
    pack = ShippedPolicies.pack();
  }

  private static Inspection open(ProviderApi api, Endpoint endpoint, boolean stream) {
    PolicyInspector inspector = new PolicyInspector(() -> pack, new FailClosedTest.Recorded(), 1 << 16);
    return inspector.open(new ExchangeInfo("t", api, endpoint, "r", "t",
        pack.all().stream().map(p -> p.name()).toList(), stream, UnknownFields.INSPECT, CredentialFields.REFUSE));
  }

  private static ProviderApi api(Endpoint endpoint) {
    return endpoint == Endpoint.MESSAGES ? ProviderApi.anthropic() : ProviderApi.openAi();
  }

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  // ---- requests: files and data URLs ----

  static Stream<Arguments> files() {
    String en = b64(EN_FILE);
    String zh = b64(ZH_FILE);
    String svg = b64(SVG);
    String chat = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":"
        + "\"summarize\"},%s]}]}";
    String responses = "{\"model\":\"gpt-4o\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_text\","
        + "\"text\":\"summarize\"},%s]}]}";
    String anthropic = "{\"model\":\"claude\",\"max_tokens\":9,\"messages\":[{\"role\":\"user\",\"content\":[%s]}]}";
    return Stream.of(
        Arguments.of("chat file part, a text file as a data URL (en)", Endpoint.CHAT, chat.formatted(
            "{\"type\":\"file\",\"file\":{\"filename\":\"notes.txt\",\"file_data\":\"data:text/plain;base64," + en
                + "\"}}"), en),
        Arguments.of("chat file part, a text file as a data URL (zh)", Endpoint.CHAT, chat.formatted(
            "{\"type\":\"file\",\"file\":{\"filename\":\"档案.txt\",\"file_data\":\"data:text/plain;base64," + zh
                + "\"}}"), zh),
        Arguments.of("chat file part, bare base64 labelled as a PDF (zh)", Endpoint.CHAT, chat.formatted(
            "{\"type\":\"file\",\"file\":{\"filename\":\"a.pdf\",\"file_data\":\"data:application/pdf;base64," + zh
                + "\"}}"), zh),
        Arguments.of("chat file part, bare base64 without a data URL (en)", Endpoint.CHAT, chat.formatted(
            "{\"type\":\"file\",\"file\":{\"filename\":\"notes.txt\",\"file_data\":\"" + en + "\"}}"), en),
        Arguments.of("chat image part, a data URL of text/plain (en)", Endpoint.CHAT, chat.formatted(
            "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:text/plain;base64," + en + "\"}}"), en),
        Arguments.of("chat image part, an SVG data URL with text inside", Endpoint.CHAT, chat.formatted(
            "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/svg+xml;base64," + svg + "\"}}"), svg),
        Arguments.of("chat audio part whose data is a text file (zh)", Endpoint.CHAT, chat.formatted(
            "{\"type\":\"input_audio\",\"input_audio\":{\"format\":\"wav\",\"data\":\"" + zh + "\"}}"), zh),
        Arguments.of("responses input_file, a text file (zh)", Endpoint.RESPONSES, responses.formatted(
            "{\"type\":\"input_file\",\"filename\":\"档案.txt\",\"file_data\":\"data:text/plain;base64," + zh
                + "\"}"), zh),
        Arguments.of("responses input_image, an SVG data URL", Endpoint.RESPONSES, responses.formatted(
            "{\"type\":\"input_image\",\"image_url\":\"data:image/svg+xml;base64," + svg + "\"}"), svg),
        Arguments.of("anthropic document, base64 text/plain (en)", Endpoint.MESSAGES, anthropic.formatted(
            "{\"type\":\"document\",\"source\":{\"type\":\"base64\",\"media_type\":\"text/plain\",\"data\":\"" + en
                + "\"}}"), en),
        Arguments.of("anthropic document, base64 text/plain (zh)", Endpoint.MESSAGES, anthropic.formatted(
            "{\"type\":\"document\",\"source\":{\"type\":\"base64\",\"media_type\":\"text/plain\",\"data\":\"" + zh
                + "\"}}"), zh),
        Arguments.of("anthropic image, base64 SVG", Endpoint.MESSAGES, anthropic.formatted(
            "{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/svg+xml\",\"data\":\"" + svg
                + "\"}}"), svg),
        Arguments.of("anthropic tool_result with a base64 text document (zh)", Endpoint.MESSAGES,
            "{\"model\":\"claude\",\"max_tokens\":9,\"messages\":[{\"role\":\"assistant\",\"content\":[{\"type\":"
                + "\"tool_use\",\"id\":\"t1\",\"name\":\"read\",\"input\":{}}]},{\"role\":\"user\",\"content\":[{"
                + "\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":[{\"type\":\"document\",\"source\":{"
                + "\"type\":\"base64\",\"media_type\":\"text/plain\",\"data\":\"" + zh + "\"}}]}]}]}", zh));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void aValueInsideAFileOrDataUrlNeverReachesTheProvider(String name, Endpoint endpoint, String json, String data)
      throws Exception {
    Verdict verdict = open(api(endpoint), endpoint, false).request((ObjectNode) JSON.readTree(json));

    assertThat(FailClosedTest.sent(verdict, json)).as(name).isNull();
  }

  static Stream<Arguments> otherFields() {
    String chat = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],%s}";
    String responses = "{\"model\":\"gpt-4o\",\"input\":[%s]}";
    String anthropic = "{\"model\":\"claude\",\"max_tokens\":9,\"messages\":[%s]}";
    return Stream.of(
        Arguments.of("chat safety_identifier", Endpoint.CHAT, chat.formatted("\"safety_identifier\":\"手机 " + PHONE
            + "\"")),
        Arguments.of("chat prompt_cache_key", Endpoint.CHAT, chat.formatted("\"prompt_cache_key\":\"" + AWS + "\"")),
        Arguments.of("chat prediction content string", Endpoint.CHAT, chat.formatted("\"prediction\":{\"type\":"
            + "\"content\",\"content\":\"key " + AWS + "\"}")),
        Arguments.of("chat prediction content parts", Endpoint.CHAT, chat.formatted("\"prediction\":{\"type\":"
            + "\"content\",\"content\":[{\"type\":\"text\",\"text\":\"身份证 " + CN_ID + "\"}]}")),
        Arguments.of("chat logit_bias key", Endpoint.CHAT, chat.formatted("\"logit_bias\":{\"" + PHONE + "\":1}")),
        Arguments.of("chat response_format description", Endpoint.CHAT, chat.formatted("\"response_format\":{"
            + "\"type\":\"json_schema\",\"json_schema\":{\"name\":\"s\",\"description\":\"key " + AWS + "\","
            + "\"schema\":{\"type\":\"object\"}}}")),
        Arguments.of("chat stop words", Endpoint.CHAT, chat.formatted("\"stop\":[\"手机 " + PHONE + "\"]")),
        Arguments.of("responses function_call_output", Endpoint.RESPONSES, responses.formatted("{\"type\":"
            + "\"function_call_output\",\"call_id\":\"c\",\"output\":\"身份证 " + CN_ID + "\"}")),
        Arguments.of("responses reasoning summary sent back", Endpoint.RESPONSES, responses.formatted("{\"type\":"
            + "\"reasoning\",\"id\":\"rs_1\",\"summary\":[{\"type\":\"summary_text\",\"text\":\"key " + AWS
            + "\"}]}")),
        Arguments.of("responses input_file filename", Endpoint.RESPONSES, responses.formatted("{\"role\":\"user\","
            + "\"content\":[{\"type\":\"input_file\",\"filename\":\"" + AWS + ".txt\",\"file_id\":\"f\"}]}")),
        Arguments.of("anthropic tool_result nested text", Endpoint.MESSAGES, anthropic.formatted("{\"role\":"
            + "\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"f\",\"input\":{}}]},"
            + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":["
            + "{\"type\":\"text\",\"text\":\"key " + AWS + "\"}]}]}")),
        Arguments.of("anthropic document title and context", Endpoint.MESSAGES, anthropic.formatted("{\"role\":"
            + "\"user\",\"content\":[{\"type\":\"document\",\"title\":\"身份证 " + CN_ID + "\",\"source\":"
            + "{\"type\":\"url\",\"url\":\"https://e.example/a.pdf\"}}]}")),
        Arguments.of("anthropic citations sent back", Endpoint.MESSAGES, anthropic.formatted("{\"role\":"
            + "\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"ok\",\"citations\":[{\"type\":"
            + "\"char_location\",\"cited_text\":\"key " + AWS + "\",\"document_index\":0}]}]}")),
        Arguments.of("anthropic search_result text", Endpoint.MESSAGES, anthropic.formatted("{\"role\":\"user\","
            + "\"content\":[{\"type\":\"search_result\",\"source\":\"https://e.example/kb\",\"title\":\"t\","
            + "\"content\":[{\"type\":\"text\",\"text\":\"key " + AWS + "\"}],\"citations\":{\"enabled\":true}},"
            + "{\"type\":\"text\",\"text\":\"summarize\"}]}")),
        Arguments.of("anthropic search_result title in a tool_result", Endpoint.MESSAGES, anthropic.formatted(
            "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"kb\","
            + "\"input\":{}}]},{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\","
            + "\"content\":[{\"type\":\"search_result\",\"source\":\"kb\",\"title\":\"身份证 " + CN_ID + "\","
            + "\"content\":[{\"type\":\"text\",\"text\":\"ok\"}]}]}]}")),
        Arguments.of("anthropic metadata user_id", Endpoint.MESSAGES, "{\"model\":\"claude\",\"max_tokens\":9,"
            + "\"metadata\":{\"user_id\":\"手机 " + PHONE + "\"},\"messages\":[{\"role\":\"user\",\"content\":"
            + "\"hi\"}]}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("otherFields")
  void aValueInAnotherFieldNeverReachesTheProviderAsSent(String name, Endpoint endpoint, String json)
      throws Exception {
    String sent = FailClosedTest.sent(open(api(endpoint), endpoint, false).request((ObjectNode) JSON.readTree(json)),
        json);

    if (sent != null) {
      assertThat(sent).as(name).doesNotContain(AWS).doesNotContain(CN_ID).doesNotContain(PHONE);
    }
  }

  @Test
  void aValuePlantedAnywhereInAFileOfAnyLabelIsFound() throws Exception {
    java.util.Random random = new java.util.Random(7);
    String[] words = {"the", "cluster", "backup", "notes", "员工", "档案", "内部", "资料", "and", "请勿外传", "，", "。", "\n"};
    String[] values = {"key " + AWS, "手机 " + PHONE, "身份证 " + CN_ID};
    String[] labels = {"data:text/plain;base64,", "data:application/pdf;base64,", "data:image/png;base64,", "",
        "data:application/octet-stream;base64,"};
    for (int i = 0; i < 60; i++) {
      StringBuilder text = new StringBuilder();
      int length = 40 + random.nextInt(200);
      int at = random.nextInt(length);
      for (int w = 0; w < length; w++) {
        text.append(w == at ? values[random.nextInt(values.length)] : words[random.nextInt(words.length)]).append(' ');
      }
      byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
      String data = switch (random.nextInt(3)) {
        case 0 -> Base64.getEncoder().encodeToString(bytes);
        case 1 -> Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        default -> Base64.getMimeEncoder().encodeToString(bytes).replace("\r\n", "\n");
      };
      String label = labels[random.nextInt(labels.length)];
      String json = JSON.createObjectNode().put("model", "gpt-4o").set("messages", JSON.createArrayNode().add(
          JSON.createObjectNode().put("role", "user").set("content", JSON.createArrayNode().add(
              JSON.createObjectNode().put("type", "file").set("file", JSON.createObjectNode()
                  .put("filename", "f").put("file_data", label + data)))))).toString();

      assertThat(FailClosedTest.sent(open(ProviderApi.openAi(), Endpoint.CHAT, false).request(
          (ObjectNode) JSON.readTree(json)), json)).as("case %d: %s, %d characters", i, label, data.length()).isNull();
    }
  }

  @Test
  void aRewriteInsideAFileBlocksAndSaysWhy() throws Exception {
    String json = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"file\","
        + "\"file\":{\"filename\":\"a.txt\",\"file_data\":\"data:text/plain;base64," + b64(ZH_FILE) + "\"}}]}]}";

    assertThat(open(ProviderApi.openAi(), Endpoint.CHAT, false).request((ObjectNode) JSON.readTree(json)))
        .isInstanceOfSatisfying(Verdict.Reject.class, r -> assertThat(r.message())
            .contains("pseudonymize the text inside a file or data URL").doesNotContain(PHONE));
  }

  @Test
  void binaryMediaPassesAndIsCountedAsUninspected() throws Exception {
    // Audio cannot be read as text: with limits.audio.unreadable: pass it passes, and the audit records it as
    // uninspected media (refused by default: AudioProxyTest).
    byte[] wav = new byte[600];
    for (int i = 0; i < wav.length; i++) {
      wav[i] = (byte) (i * 37 + (i >> 3));
    }
    System.arraycopy("RIFF".getBytes(StandardCharsets.US_ASCII), 0, wav, 0, 4);
    String json = "{\"model\":\"gpt-4o-audio-preview\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":"
        + "\"text\",\"text\":\"transcribe\"},{\"type\":\"input_audio\",\"input_audio\":{\"format\":\"wav\","
        + "\"data\":\"" + Base64.getEncoder().encodeToString(wav) + "\"}}]}]}";
    FailClosedTest.Recorded recorded = new FailClosedTest.Recorded();
    Inspection inspection = new PolicyInspector(() -> pack, recorded, 1 << 16, null,
        io.kexin.gateway.config.PdfLimits.DEFAULT, new io.kexin.gateway.document.ImageText(
            io.kexin.gateway.config.ImageLimits.DEFAULT), new io.kexin.gateway.config.AudioLimits(
            io.kexin.gateway.config.ImageLimits.Unreadable.PASS)).open(new ExchangeInfo("t",
        ProviderApi.openAi(), Endpoint.CHAT, "r", "t", pack.all().stream().map(p -> p.name()).toList(), false,
        UnknownFields.INSPECT, CredentialFields.REFUSE));

    assertThat(inspection.request((ObjectNode) JSON.readTree(json))).isInstanceOf(Verdict.Pass.class);
    assertThat(recorded.uninspected).containsExactly("1 media part(s)");
  }

  @Test
  void cleanSearchResultsPass() throws Exception {
    // Anthropic search_result blocks were refused as an unknown shape, clean ones included.
    String json = "{\"model\":\"claude\",\"max_tokens\":9,\"messages\":[{\"role\":\"user\",\"content\":[{"
        + "\"type\":\"search_result\",\"source\":\"https://e.example/kb\",\"title\":\"天气\",\"content\":[{"
        + "\"type\":\"text\",\"text\":\"明天晴, the weather is fine\"}],\"citations\":{\"enabled\":true}},{"
        + "\"type\":\"text\",\"text\":\"summarize\"}]}]}";

    assertThat(open(ProviderApi.anthropic(), Endpoint.MESSAGES, false).request((ObjectNode) JSON.readTree(json)))
        .isInstanceOf(Verdict.Pass.class);
  }

  @Test
  void cleanTextFilesPass() throws Exception {
    String file = b64("Quarterly notes: revenue grew, hiring continues.\n".repeat(6) + "季度总结：收入增长，继续招聘。\n".repeat(4));
    String json = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"file\","
        + "\"file\":{\"filename\":\"n.txt\",\"file_data\":\"data:text/plain;base64," + file + "\"}}]}]}";

    assertThat(open(ProviderApi.openAi(), Endpoint.CHAT, false).request((ObjectNode) JSON.readTree(json)))
        .isInstanceOf(Verdict.Pass.class);
  }

  // ---- whole answers: fields that repeat the text ----

  private static final String ID_TOKENS = "[\"身份证\",\" 110\",\"105\",\"194\",\"912\",\"310\",\"02X\"]";

  /** Returns chat logprobs content entries for {@code tokens}, each with its bytes and one top alternative. */
  private static String chatLogprobs(List<String> tokens) throws Exception {
    List<String> entries = new ArrayList<>();
    for (String t : tokens) {
      StringBuilder bytes = new StringBuilder();
      for (byte b : t.getBytes(StandardCharsets.UTF_8)) {
        bytes.append(bytes.length() == 0 ? "" : ",").append(b & 0xff);
      }
      String entry = "{\"token\":" + JSON.writeValueAsString(t) + ",\"logprob\":-0.1,\"bytes\":[" + bytes + "]";
      entries.add(entry + ",\"top_logprobs\":[" + entry + "}]}");
    }
    return "{\"content\":[" + String.join(",", entries) + "],\"refusal\":null}";
  }

  private static List<String> tokens() throws Exception {
    List<String> out = new ArrayList<>();
    JSON.readTree(ID_TOKENS).forEach(n -> out.add(n.asText()));
    return out;
  }

  /**
   * Says whether the ID's digits can be read from {@code sent} (JSON documents, one a line): every string, key and
   * {@code bytes} array (decoded as UTF-8) is read per place in the document, array indices left out, so tokens
   * of one field are read together across elements and events as a reader of the answer would join them.
   */
  private static boolean leaks(String sent) throws Exception {
    java.util.Map<String, StringBuilder> channels = new java.util.HashMap<>();
    for (String line : sent.split("\n")) {
      if (line.startsWith("{")) {
        channel(JSON.readTree(line), "", channels);
      }
    }
    for (StringBuilder text : channels.values()) {
      if (text.toString().replaceAll("[^0-9X]", "").contains("110105194912")) {
        return true;
      }
    }
    return false;
  }

  private static void channel(com.fasterxml.jackson.databind.JsonNode node, String at,
      java.util.Map<String, StringBuilder> channels) {
    if (node.isTextual()) {
      channels.computeIfAbsent(at, k -> new StringBuilder()).append(node.textValue());
    } else if (node.isArray() && at.endsWith("/bytes")) {
      byte[] bytes = new byte[node.size()];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) node.get(i).asInt();
      }
      channels.computeIfAbsent(at, k -> new StringBuilder()).append(new String(bytes, StandardCharsets.UTF_8));
    } else if (node.isArray()) {
      node.forEach(e -> channel(e, at, channels));
    } else if (node.isObject()) {
      node.properties().forEach(e -> {
        channels.computeIfAbsent(at + "#keys", k -> new StringBuilder()).append(e.getKey());
        channel(e.getValue(), at + "/" + e.getKey(), channels);
      });
    }
  }

  static Stream<Arguments> answers() throws Exception {
    return Stream.of(
        Arguments.of("chat message with logprobs", Endpoint.CHAT, "{\"id\":\"x\",\"object\":\"chat.completion\","
            + "\"model\":\"m\",\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"message\":{\"role\":"
            + "\"assistant\",\"content\":\"身份证 " + CN_ID + "\"},\"logprobs\":" + chatLogprobs(tokens()) + "}]}"),
        Arguments.of("completions text with logprobs tokens and offsets", Endpoint.COMPLETIONS, "{\"id\":\"x\","
            + "\"object\":\"text_completion\",\"model\":\"m\",\"choices\":[{\"index\":0,\"finish_reason\":\"stop\","
            + "\"text\":\"身份证 " + CN_ID + "\",\"logprobs\":{\"tokens\":" + ID_TOKENS + ",\"token_logprobs\":"
            + "[-0.1,-0.1,-0.1,-0.1,-0.1,-0.1,-0.1],\"text_offset\":[0,3,7,10,13,16,19],\"top_logprobs\":[{\" 110\":"
            + "-0.1}]}}]}"),
        Arguments.of("responses output_text with logprobs", Endpoint.RESPONSES, "{\"id\":\"resp_1\",\"object\":"
            + "\"response\",\"status\":\"completed\",\"output\":[{\"id\":\"m1\",\"type\":\"message\",\"role\":"
            + "\"assistant\",\"status\":\"completed\",\"content\":[{\"type\":\"output_text\",\"text\":\"身份证 "
            + CN_ID + "\",\"annotations\":[],\"logprobs\":" + JSON.readTree(chatLogprobs(tokens())).get("content")
            + "}]}]}"),
        Arguments.of("responses reasoning summary and output_text annotations", Endpoint.RESPONSES, "{\"id\":"
            + "\"resp_1\",\"object\":\"response\",\"status\":\"completed\",\"output\":[{\"id\":\"rs_1\",\"type\":"
            + "\"reasoning\",\"summary\":[{\"type\":\"summary_text\",\"text\":\"身份证 " + CN_ID + "\"}]},{\"id\":"
            + "\"m1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":"
            + "\"ok\",\"annotations\":[{\"type\":\"url_citation\",\"title\":\"ID " + CN_ID + "\",\"url\":"
            + "\"https://e.example\",\"start_index\":0,\"end_index\":2}]}]}]}"),
        Arguments.of("anthropic text citations", Endpoint.MESSAGES, "{\"id\":\"msg_1\",\"type\":\"message\","
            + "\"role\":\"assistant\",\"model\":\"c\",\"content\":[{\"type\":\"text\",\"text\":\"ok\","
            + "\"citations\":[{\"type\":\"char_location\",\"cited_text\":\"身份证 " + CN_ID + "\",\"document_index\":"
            + "0,\"start_char_index\":0,\"end_char_index\":9}]}]}"),
        Arguments.of("chat audio transcript", Endpoint.CHAT, "{\"id\":\"x\",\"object\":\"chat.completion\","
            + "\"model\":\"m\",\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"message\":{\"role\":"
            + "\"assistant\",\"content\":null,\"audio\":{\"id\":\"a1\",\"expires_at\":1,\"data\":\"UklGRg==\","
            + "\"transcript\":\"身份证 " + CN_ID + "\"}}}]}"),
        Arguments.of("anthropic web search result and server tool use", Endpoint.MESSAGES, "{\"id\":\"msg_1\","
            + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"c\",\"content\":[{\"type\":\"server_tool_use\","
            + "\"id\":\"s1\",\"name\":\"web_search\",\"input\":{\"query\":\"身份证 " + CN_ID + "\"}},{\"type\":"
            + "\"web_search_tool_result\",\"tool_use_id\":\"s1\",\"content\":[{\"type\":\"web_search_result\","
            + "\"title\":\"身份证 " + CN_ID + "\",\"url\":\"https://e.example\",\"encrypted_content\":\"x\"}]}]}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("answers")
  void aValueTheAnswerMasksNeverReachesTheClientThroughAnotherField(String name, Endpoint endpoint, String json)
      throws Exception {
    Inspection inspection = open(api(endpoint), endpoint, false);
    inspection.request(request(endpoint, false));

    String sent = FailClosedTest.sent(inspection.response((ObjectNode) JSON.readTree(json)), json);

    if (sent != null) {
      assertThat(leaks(sent)).as(name + ": " + sent).isFalse();
    }
  }

  @Test
  void anAudioAnswerWhoseTranscriptWouldBeMaskedIsBlocked() throws Exception {
    // The transcript can be masked, the audio beside it cannot: it would still say the ID.
    Inspection inspection = open(ProviderApi.openAi(), Endpoint.CHAT, false);
    inspection.request(request(Endpoint.CHAT, false));
    String answer = "{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"m\",\"choices\":[{\"index\":0,"
        + "\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\",\"content\":null,\"audio\":{\"id\":"
        + "\"a1\",\"expires_at\":1,\"data\":\"UklGRiQAAABXQVZF\",\"transcript\":\"ID number %s\"}}}]}";

    assertThat(inspection.response((ObjectNode) JSON.readTree(answer.formatted(CN_ID))))
        .isInstanceOfSatisfying(Verdict.Reject.class, r -> assertThat(r.message())
            .contains("the transcript of audio").doesNotContain(CN_ID));
    Inspection clean = open(ProviderApi.openAi(), Endpoint.CHAT, false);
    clean.request(request(Endpoint.CHAT, false));
    assertThat(clean.response((ObjectNode) JSON.readTree(answer.formatted("一二三, 天气很好"))))
        .isInstanceOf(Verdict.Pass.class);
  }

  @Test
  void aTranscriptGetsTheRequestsPseudonymsBack() throws Exception {
    Inspection inspection = open(ProviderApi.openAi(), Endpoint.CHAT, false);
    Verdict request = inspection.request((ObjectNode) JSON.readTree("{\"model\":\"m\",\"messages\":[{\"role\":"
        + "\"user\",\"content\":\"call me on " + PHONE + "\"}]}"));
    String sent = ((Verdict.Rewrite) request).body().toString();
    String placeholder = sent.substring(sent.indexOf("<PHONE"), sent.indexOf('>', sent.indexOf("<PHONE")) + 1);
    String answer = "{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"m\",\"choices\":[{\"index\":0,"
        + "\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\",\"content\":null,\"audio\":{\"id\":"
        + "\"a1\",\"expires_at\":1,\"data\":\"UklGRiQAAABXQVZF\",\"transcript\":\"I will call " + placeholder
        + "\"}}}]}";

    assertThat(FailClosedTest.sent(inspection.response((ObjectNode) JSON.readTree(answer)), answer))
        .contains("I will call " + PHONE);
  }

  @Test
  void logprobsPassWhereNoResponseRuleApplies(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    java.nio.file.Files.writeString(dir.resolve("p.yaml"), """
        apiVersion: kexin.io/v1
        kind: Policy
        metadata: {name: p}
        rules:
          - id: pii.email
            detector: {pii: {entities: [EMAIL]}}
            appliesTo: {directions: [request]}
            action: pseudonymize
        """);
    PolicySet set = new PolicyLoader().load(dir);
    Inspection inspection = new PolicyInspector(() -> set, new FailClosedTest.Recorded(), 1 << 16).open(
        new ExchangeInfo("t", ProviderApi.openAi(), Endpoint.CHAT, "r", "t", List.of("p"), false));
    String request = "{\"model\":\"m\",\"logprobs\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    String answer = "{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"m\",\"choices\":[{\"index\":0,"
        + "\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\",\"content\":\"你好\"},\"logprobs\":"
        + chatLogprobs(List.of("你", "好")) + "}]}";

    // The client's own request for log-probabilities is kept, and so are the log-probabilities of the answer.
    assertThat(inspection.request((ObjectNode) JSON.readTree(request))).isInstanceOf(Verdict.Pass.class);
    assertThat(inspection.response((ObjectNode) JSON.readTree(answer))).isInstanceOf(Verdict.Pass.class);
  }

  private static ObjectNode request(Endpoint endpoint, boolean stream) throws Exception {
    String s = stream ? "\"stream\":true," : "";
    return (ObjectNode) JSON.readTree(switch (endpoint) {
      case MESSAGES -> "{\"model\":\"c\"," + s + "\"max_tokens\":9,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
      case RESPONSES -> "{\"model\":\"m\"," + s + "\"input\":\"hi\"}";
      case COMPLETIONS -> "{\"model\":\"m\"," + s + "\"prompt\":\"hi\"}";
      default -> "{\"model\":\"m\"," + s + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    });
  }

  // ---- streamed answers ----

  private static List<String> chatChunks() throws Exception {
    List<String> out = new ArrayList<>();
    for (String t : tokens()) {
      out.add("{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,"
          + "\"delta\":{\"content\":" + JSON.writeValueAsString(t) + "},\"logprobs\":" + chatLogprobs(List.of(t))
          + ",\"finish_reason\":null}]}");
    }
    out.add("{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,"
        + "\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}]}");
    out.add("[DONE]");
    return out;
  }

  private static List<String> completionChunks() throws Exception {
    List<String> out = new ArrayList<>();
    for (String t : tokens()) {
      String q = JSON.writeValueAsString(t);
      out.add("{\"id\":\"c1\",\"object\":\"text_completion\",\"model\":\"m\",\"choices\":[{\"index\":0,\"text\":" + q
          + ",\"logprobs\":{\"tokens\":[" + q + "],\"token_logprobs\":[-0.1],\"text_offset\":[0],\"top_logprobs\":"
          + "[{" + q + ":-0.1}]},\"finish_reason\":null}]}");
    }
    out.add("{\"id\":\"c1\",\"object\":\"text_completion\",\"model\":\"m\",\"choices\":[{\"index\":0,\"text\":\"\","
        + "\"logprobs\":null,\"finish_reason\":\"stop\"}]}");
    out.add("[DONE]");
    return out;
  }

  private static List<String> responsesEvents() throws Exception {
    List<String> out = new ArrayList<>();
    int n = 0;
    StringBuilder text = new StringBuilder();
    for (String t : tokens()) {
      text.append(t);
      out.add("{\"type\":\"response.output_text.delta\",\"sequence_number\":" + n++ + ",\"item_id\":\"m1\","
          + "\"output_index\":0,\"content_index\":0,\"delta\":" + JSON.writeValueAsString(t) + ",\"logprobs\":"
          + JSON.readTree(chatLogprobs(List.of(t))).get("content") + "}");
    }
    String q = JSON.writeValueAsString(text.toString());
    String logprobs = JSON.readTree(chatLogprobs(tokens())).get("content").toString();
    out.add("{\"type\":\"response.output_text.done\",\"sequence_number\":" + n++ + ",\"item_id\":\"m1\","
        + "\"output_index\":0,\"content_index\":0,\"text\":" + q + ",\"logprobs\":" + logprobs + "}");
    out.add("{\"type\":\"response.completed\",\"sequence_number\":" + n + ",\"response\":{\"id\":\"resp_1\","
        + "\"status\":\"completed\",\"output\":[{\"id\":\"m1\",\"type\":\"message\",\"role\":\"assistant\","
        + "\"content\":[{\"type\":\"output_text\",\"text\":" + q + ",\"annotations\":[],\"logprobs\":" + logprobs
        + "}]}]}}");
    return out;
  }

  private static List<String> audioChunks() throws Exception {
    List<String> out = new ArrayList<>();
    for (String t : tokens()) {
      out.add("{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,"
          + "\"delta\":{\"audio\":{\"id\":\"a1\",\"transcript\":" + JSON.writeValueAsString(t) + "}},"
          + "\"finish_reason\":null}]}");
    }
    out.add("{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,"
        + "\"delta\":{\"audio\":{\"id\":\"a1\",\"data\":\"UklGRg==\",\"expires_at\":1}},\"finish_reason\":\"stop\"}]}");
    out.add("[DONE]");
    return out;
  }

  static Stream<Arguments> streams() throws Exception {
    return Stream.of(
        Arguments.of("chat chunks with logprobs", Endpoint.CHAT, chatChunks()),
        Arguments.of("completion chunks with logprobs", Endpoint.COMPLETIONS, completionChunks()),
        Arguments.of("responses deltas with logprobs", Endpoint.RESPONSES, responsesEvents()),
        Arguments.of("chat audio transcript deltas", Endpoint.CHAT, audioChunks()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("streams")
  void aValueAStreamMasksNeverReachesTheClientThroughAnotherField(String name, Endpoint endpoint, List<String> data)
      throws Exception {
    Inspection inspection = open(api(endpoint), endpoint, true);
    inspection.request(request(endpoint, true));
    StringBuilder sent = new StringBuilder();
    for (String d : data) {
      String type = d.startsWith("{") ? JSON.readTree(d).path("type").asText(null) : null;
      for (SseEvent e : inspection.streamEvent(SseEvent.of(type, d))) {
        sent.append(e.data()).append('\n');
      }
      if (inspection.streamStopped()) {
        break;
      }
    }
    if (!inspection.streamStopped()) {
      inspection.streamEnd().forEach(e -> sent.append(e.data()).append('\n'));
    }

    assertThat(leaks(sent.toString())).as(name + ": " + sent).isFalse();
  }
}
