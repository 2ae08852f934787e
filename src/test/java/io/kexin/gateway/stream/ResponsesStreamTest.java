package io.kexin.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kexin.gateway.provider.Endpoint;
import io.kexin.gateway.provider.ProviderApi;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Checks the Responses shape on its own: done texts repeat what was sent, and sequence numbers stay gap-free. */
class ResponsesStreamTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Holds back the last character of every streamed text; marks every whole text it inspects with "!". */
  private static final class Marking implements TextStreams {
    private final Map<TextKey, TextStream> streams = new HashMap<>();
    final List<String> whole = new ArrayList<>();

    @Override
    public TextStream open(TextKey key) {
      return streams.computeIfAbsent(key, k -> new TextStream() {
        private String held = "";

        @Override
        public String feed(String delta) {
          String all = held + delta;
          held = all.substring(all.length() - 1);
          return all.substring(0, all.length() - 1);
        }

        @Override
        public String finish() {
          String out = held;
          held = "";
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
      whole.add(text);
      return text + "!";
    }
  }

  private static List<JsonNode> run(Marking streams, String... events) throws Exception {
    ResponsesStream shape = new ResponsesStream(JSON, ProviderApi.openAi().eventFields(Endpoint.RESPONSES));
    List<JsonNode> out = new ArrayList<>();
    for (String e : events) {
      for (SseEvent s : shape.onEvent(SseEvent.of(null, e), streams)) {
        out.add(JSON.readTree(s.data()));
      }
    }
    for (SseEvent s : shape.error("api_error", "x", "m")) {
      out.add(JSON.readTree(s.data()));
    }
    return out;
  }

  @Test
  void doneTextsRepeatWhatWasSentAndAreNotInspectedAgain() throws Exception {
    Marking streams = new Marking();
    List<JsonNode> out = run(streams,
        "{\"type\":\"response.output_text.delta\",\"item_id\":\"m\",\"content_index\":0,\"delta\":\"abc\"}",
        "{\"type\":\"response.output_text.done\",\"item_id\":\"m\",\"content_index\":0,\"text\":\"ABC\"}",
        "{\"type\":\"response.content_part.done\",\"item_id\":\"m\",\"content_index\":0,"
            + "\"part\":{\"type\":\"output_text\",\"text\":\"ABC\"}}",
        "{\"type\":\"response.completed\",\"response\":{\"output\":[{\"id\":\"m\",\"type\":\"message\","
            + "\"content\":[{\"type\":\"output_text\",\"text\":\"ABC\"}]}]}}");

    assertThat(out.get(2).path("text").asText()).isEqualTo("abc");
    assertThat(out.get(3).at("/part/text").asText()).isEqualTo("abc");
    assertThat(out.get(4).at("/response/output/0/content/0/text").asText()).isEqualTo("abc");
    // The item's id is read once for the stream, however many events repeat it.
    assertThat(streams.whole).containsExactly("m");
    assertThat(out.get(4).at("/response/output/0/id").asText()).isEqualTo("m!");
  }

  @Test
  void addedDeltasTakeTheNextSequenceNumberAndLaterEventsMoveUp() throws Exception {
    List<JsonNode> out = run(new Marking(),
        "{\"type\":\"response.output_text.delta\",\"sequence_number\":1,\"item_id\":\"m\",\"output_index\":0,"
            + "\"content_index\":0,\"delta\":\"abc\"}",
        "{\"type\":\"response.output_text.done\",\"sequence_number\":2,\"item_id\":\"m\",\"content_index\":0,"
            + "\"text\":\"abc\"}",
        "{\"type\":\"response.completed\",\"sequence_number\":3,\"response\":{\"output\":[]}}");

    List<Long> numbers = out.stream().map(n -> n.path("sequence_number").asLong()).toList();
    assertThat(numbers).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(out.get(1).path("type").asText()).isEqualTo("response.output_text.delta");
    assertThat(out.get(1).path("delta").asText()).isEqualTo("c");
    assertThat(out.get(1).path("output_index").asInt()).isZero();
    assertThat(out.get(4).path("type").asText()).isEqualTo("error");
  }

  @Test
  void audioIsNotTextButItsTranscriptIs() throws Exception {
    Marking streams = new Marking();
    List<JsonNode> out = run(streams,
        "{\"type\":\"response.audio.delta\",\"response_id\":\"r\",\"delta\":\"UklGRg==\"}",
        "{\"type\":\"response.audio.transcript.delta\",\"response_id\":\"r\",\"delta\":\"hello\"}",
        "{\"type\":\"response.audio.transcript.done\",\"response_id\":\"r\",\"transcript\":\"hello\"}");

    assertThat(out.get(0).path("delta").asText()).isEqualTo("UklGRg==");
    assertThat(out.get(1).path("delta").asText()).isEqualTo("hell");
    assertThat(out.get(2).path("delta").asText()).isEqualTo("o");
    assertThat(out.get(3).path("transcript").asText()).isEqualTo("hello");
    assertThat(streams.whole).containsExactly("r");
  }
}
