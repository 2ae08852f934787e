package io.kexin.gateway.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Reads the text of an OpenAI chat stream as a client would: every delta's content, in order. */
final class StreamText {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StreamText() {}

  /** Returns the concatenated {@code choices[0].delta.content} of every {@code data:} event in {@code events}. */
  static String of(String events) {
    StringBuilder sb = new StringBuilder();
    for (String line : events.split("\n")) {
      if (line.startsWith("data: {")) {
        try {
          sb.append(JSON.readTree(line.substring(6)).path("choices").path(0).path("delta").path("content")
              .asText(""));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return sb.toString();
  }
}
