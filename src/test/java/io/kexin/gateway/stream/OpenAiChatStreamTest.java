package io.kexin.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kexin.gateway.provider.Endpoint;
import io.kexin.gateway.provider.EventFields;
import io.kexin.gateway.provider.ProviderApi;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Checks that splicing released text into chat chunks gives what rebuilding them gives, byte-exact elsewhere. */
class OpenAiChatStreamTest {
  private static final EventFields FIELDS = ProviderApi.openAi().eventFields(Endpoint.CHAT);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Holds back the last two characters of every text and releases what came before, upper-cased. */
  private static class Holding implements TextStreams {
    private final Map<TextKey, TextStream> streams = new HashMap<>();

    @Override
    public TextStream open(TextKey key) {
      return streams.computeIfAbsent(key, k -> new TextStream() {
        private final StringBuilder held = new StringBuilder();

        @Override
        public String feed(String delta) {
          held.append(delta);
          int cut = Math.max(0, held.length() - 2);
          String out = held.substring(0, cut);
          held.delete(0, cut);
          return out.toUpperCase(java.util.Locale.ROOT);
        }

        @Override
        public String finish() {
          String out = held.toString();
          held.setLength(0);
          return out;
        }

        @Override
        public int pending() {
          return held.length();
        }
      });
    }

    @Override
    public TextStream opened(TextKey key) {
      return streams.get(key);
    }

    @Override
    public String whole(String text) {
      return text.toUpperCase(java.util.Locale.ROOT);
    }
  }

  private static List<SseEvent> run(boolean splice, List<String> chunks) {
    return run(splice, chunks, new Holding());
  }

  private static List<SseEvent> run(boolean splice, List<String> chunks, Holding streams) {
    OpenAiChatStream shape = new OpenAiChatStream(JSON, FIELDS, splice);
    List<SseEvent> out = new ArrayList<>();
    for (String c : chunks) {
      out.addAll(shape.onEvent(SseEvent.of(null, c), streams));
    }
    out.addAll(shape.onEvent(SseEvent.of(null, "[DONE]"), streams));
    return out;
  }

  @Test
  void splicedTextLeavesEveryOtherByteAsReceived() {
    String chunk = "{\"id\":\"c\\u0031\",\"created\":1e3,\"model\":\"m\",  \"choices\":[{\"index\":0,\"delta\":"
        + "{\"content\":\"say \\\"hi\\\"\\n\\u0001 to 张伟 😀 ok\"} ,\"logprobs\":null,\"finish_reason\":null}]}";
    // The first chunk's id and model are read (the tree path); a later chunk with the same ones is spliced.
    String first = "{\"id\":\"c1\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"}}]}";
    List<SseEvent> out = run(true, List.of(first, chunk), new Holding() {
      @Override
      public String whole(String text) {
        return text;
      }
    });
    assertThat(out.remove(0).data()).isEqualTo(first);

    String released = "SAY \"HI\"\n\u0001 TO 张伟 😀 ";
    String expected = chunk.replace("\"say \\\"hi\\\"\\n\\u0001 to 张伟 😀 ok\"",
        "\"SAY \\\"HI\\\"\\n\\u0001 TO 张伟 😀 \"");
    assertThat(out.get(0).data()).isEqualTo(expected);
    assertThat(JSON.valueToTree(released).toString()).isEqualTo("\"SAY \\\"HI\\\"\\n\\u0001 TO 张伟 😀 \"");
    assertThat(out.get(1).data()).contains("\"content\":\"ok\"").contains("\"id\":\"c1\"");
    assertThat(out.get(2).data()).isEqualTo("[DONE]");
  }

  @Test
  void splicingAndRebuildingGiveTheSameEvents() throws Exception {
    Random random = new Random(20261130);
    String[] texts = {"", "a", "hello world", "你好，世界", "x\"y\\z", "line\nbreak\t", "😀😀", "<EMAIL_1>"};
    for (int trial = 0; trial < 300; trial++) {
      List<String> chunks = new ArrayList<>();
      int n = 1 + random.nextInt(3);
      for (int k = 0; k < 6; k++) {
        StringBuilder sb = new StringBuilder("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",");
        if (random.nextInt(3) == 0) {
          sb.append("\"error\":null,");
        }
        if (random.nextBoolean()) {
          sb.append("\"usage\":").append(random.nextBoolean() ? "null" : "{\"total_tokens\":3}").append(',');
        }
        sb.append("\"choices\":[");
        for (int c = 0; c < n; c++) {
          int index = (c + trial) % n;
          sb.append(c == 0 ? "" : ",").append("{\"index\":").append(index).append(",\"delta\":{");
          List<String> fields = new ArrayList<>();
          if (random.nextInt(4) > 0) {
            fields.add("\"content\":" + (random.nextInt(8) == 0 ? "null"
                : JSON.writeValueAsString(texts[random.nextInt(texts.length)])));
          }
          if (random.nextInt(4) == 0) {
            fields.add("\"reasoning_content\":" + JSON.writeValueAsString(texts[random.nextInt(texts.length)]));
          }
          if (random.nextInt(5) == 0) {
            fields.add("\"reasoning\":" + JSON.writeValueAsString(texts[random.nextInt(texts.length)]));
          }
          if (random.nextInt(6) == 0) {
            fields.add("\"refusal\":" + (random.nextBoolean() ? "null"
                : JSON.writeValueAsString(texts[random.nextInt(texts.length)])));
          }
          if (random.nextInt(12) == 0) {
            fields.add("\"x_note\":" + JSON.writeValueAsString(texts[random.nextInt(texts.length)]));
          }
          if (random.nextInt(4) == 0) {
            fields.add("\"role\":\"assistant\"");
          }
          if (random.nextInt(10) == 0) {
            fields.add("\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"a\\\":1}\"}}]");
          }
          java.util.Collections.shuffle(fields, random);
          sb.append(String.join(",", fields)).append("}");
          if (random.nextInt(10) == 0) {
            sb.append(",\"logprobs\":").append(random.nextBoolean() ? "null"
                : "{\"content\":[{\"token\":\"tok\",\"logprob\":-0.5,\"bytes\":[116]}]}");
          }
          int finish = random.nextInt(6);
          sb.append(finish == 0 ? "" : finish == 1 ? ",\"finish_reason\":\"stop\"" : ",\"finish_reason\":null");
          sb.append('}');
        }
        sb.append("]}");
        chunks.add(sb.toString());
      }
      List<SseEvent> spliced = run(true, chunks);
      List<SseEvent> rebuilt = run(false, chunks);
      assertThat(spliced).as("trial %d: %s", trial, chunks).hasSameSizeAs(rebuilt);
      for (int i = 0; i < spliced.size(); i++) {
        String a = spliced.get(i).data();
        String b = rebuilt.get(i).data();
        if (a.startsWith("{")) {
          assertThat(JSON.readTree(a)).as("trial %d event %d: %s", trial, i, chunks).isEqualTo(JSON.readTree(b));
        } else {
          assertThat(a).isEqualTo(b);
        }
      }
    }
  }

  @Test
  void unusualChunksTakeTheTreePath() {
    ChatChunkReader reader = new ChatChunkReader(JSON.getFactory(), new DeclaredValues(FIELDS));
    assertThat(reader.read("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}")).isTrue();
    assertThat(reader.read("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\",\"content\":\"b\"}}]}")).isFalse();
    assertThat(reader.read("{\"choices\":[{\"index\":0,\"delta\":{\"content\":null,\"content\":\"b\"}}]}")).isFalse();
    assertThat(reader.read("{\"choices\":[],\"choices\":[]}")).isFalse();
    assertThat(reader.read("{\"choices\":[{\"index\":\"0\",\"delta\":{\"content\":\"a\"}}]}")).isFalse();
    assertThat(reader.read("{\"choices\":[{\"index\":1.0,\"delta\":{\"content\":\"a\"}}]}")).isFalse();
    assertThat(reader.read("{\"choices\":[{\"index\":0,\"delta\":\"a\"}]}")).isFalse();
    assertThat(reader.read("{\"choices\":[1]}")).isFalse();
    assertThat(reader.read("{\"choices\":{\"0\":{}}}")).isFalse();
    assertThat(reader.read("{\"choices\":[{\"delta\":{\"tool_calls\":[]}}]}")).isFalse();
    assertThat(reader.read("{\"choices\":[{\"delta\":{}}]")).isFalse();
    assertThat(reader.read("[1]")).isFalse();
  }

  @Test
  void onlyChunksWithNoTextOutsideTheDeltaTextsTakeTheFastPath() {
    DeclaredValues declared = new DeclaredValues(FIELDS);
    ChatChunkReader reader = new ChatChunkReader(JSON.getFactory(), declared);
    String first = "{\"id\":\"x\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}";
    // An id not yet inspected in this stream takes the tree path, which reads it; once read unchanged, it need not.
    assertThat(reader.read(first)).isFalse();
    assertThat(declared.sent("id", "x", new Holding() {
      @Override
      public String whole(String text) {
        return text;
      }
    })).isEqualTo("x");
    assertThat(reader.read(first)).isTrue();
    assertThat(reader.read(first.replace("\"x\"", "\"y\""))).isFalse();
    assertThat(reader.read(first.replace("\"id\"", "\"object\"").replace("\"x\"", "\"chat.completion.chunk\"")))
        .isTrue();
    assertThat(reader.read(first.replace("\"id\"", "\"object\"").replace("\"x\"", "\"chunk_v2\""))).isFalse();
    // A model name read unchanged is no enumerated word: in a finish reason it still takes the tree path.
    declared.sent("model", "Gpt 4", new Holding() {
      @Override
      public String whole(String text) {
        return text;
      }
    });
    assertThat(reader.read(first.replace("\"id\":\"x\"", "\"model\":\"Gpt 4\""))).isTrue();
    assertThat(reader.read(first.replace("\"id\":\"x\",", "").replace("}}]}", "},\"finish_reason\":\"Gpt 4\"}]}")))
        .isFalse();
    assertThat(reader.read("{\"id\":\"x\",\"error\":null,\"usage\":{\"prompt_tokens\":1,"
        + "\"prompt_tokens_details\":{\"cached_tokens\":0}},\"choices\":[{\"index\":0,\"logprobs\":null,"
        + "\"delta\":{\"role\":\"assistant\",\"refusal\":\"r\",\"reasoning\":\"s\",\"tool_calls\":null},"
        + "\"finish_reason\":null}]}")).isTrue();
    assertThat(reader.text(0, 2)).isEqualTo("s");
    assertThat(reader.text(0, 3)).isEqualTo("r");
    assertThat(reader.read("{\"error\":{\"message\":\"m\"},\"choices\":[]}")).isFalse();
    assertThat(reader.read("{\"error\":\"m\",\"choices\":[]}")).isFalse();
    assertThat(reader.read("{\"note\":\"n\",\"choices\":[]}")).isFalse();
    assertThat(reader.read("{\"note\":1,\"choices\":[]}")).isFalse();
    assertThat(reader.read("{\"usage\":{\"prompt_tokens\":\"n\"},\"choices\":[]}")).isFalse();
    assertThat(reader.read("{\"choices\":[{\"index\":0,\"logprobs\":{\"content\":[{\"token\":\"a\"}]},"
        + "\"delta\":{\"content\":\"a\"}}]}")).isFalse();
    assertThat(reader.read("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\",\"extra\":\"b\"}}]}")).isFalse();
    assertThat(reader.read("{\"choices\":[{\"index\":0,\"delta\":{\"refusal\":[\"b\"]}}]}")).isFalse();
    assertThat(reader.read("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":{\"a\":1}}]}")).isFalse();
  }
}
