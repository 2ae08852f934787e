package io.kexin.gateway.stream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;

/**
 * Reads one OpenAI chat chunk of the common form with Jackson's streaming parser and keeps where each text lies in
 * the chunk's JSON, so that released text can be spliced into the upstream's own bytes instead of rebuilding the
 * chunk: this is the per-token hot path of every chat stream, and a tree parse plus a re-serialization cost more
 * than inspecting the token. Anything outside the common form (tool calls, a non-integer index, a repeated field,
 * choices that are not objects) makes {@link #read} return false, and the caller takes the tree path instead.
 * One instance per stream, reused for every chunk; not thread-safe.
 */
final class ChatChunkReader {
  private final JsonFactory factory;
  private boolean error;
  private boolean usage;
  private int choices;
  private int[] index = new int[2];
  /** Finish state per choice: 0 no {@code finish_reason}, 1 a null one, 2 a finished choice. */
  private byte[] finish = new byte[2];
  private int[] deltaFields = new int[2];
  /** Per choice and kind (0 content, 1 reasoning_content): the text, and its token's span in the chunk. */
  private String[] text = new String[4];
  private int[] start = new int[4];
  private int[] end = new int[4];

  ChatChunkReader(JsonFactory factory) {
    this.factory = factory;
  }

  /** Reads {@code data}; returns false when the chunk is not of the common form (or not valid JSON). */
  boolean read(String data) {
    error = false;
    usage = false;
    choices = 0;
    try (JsonParser p = factory.createParser(data)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      boolean seenChoices = false;
      boolean seenUsage = false;
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        switch (name) {
          case "error" -> error = true;
          case "usage" -> {
            if (seenUsage) {
              return false;
            }
            seenUsage = true;
            usage = value != JsonToken.VALUE_NULL;
          }
          case "choices" -> {
            if (seenChoices || value != JsonToken.START_ARRAY) {
              return false;
            }
            seenChoices = true;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
              if (t != JsonToken.START_OBJECT || !choice(p)) {
                return false;
              }
            }
            continue;
          }
          default -> { }
        }
        p.skipChildren();
      }
      return t == JsonToken.END_OBJECT;
    } catch (IOException e) {
      return false;
    }
  }

  private boolean choice(JsonParser p) throws IOException {
    int c = choices++;
    if (c == index.length) {
      index = Arrays.copyOf(index, 2 * c);
      finish = Arrays.copyOf(finish, 2 * c);
      deltaFields = Arrays.copyOf(deltaFields, 2 * c);
      text = Arrays.copyOf(text, 4 * c);
      start = Arrays.copyOf(start, 4 * c);
      end = Arrays.copyOf(end, 4 * c);
    }
    index[c] = 0;
    finish[c] = 0;
    deltaFields[c] = -1;
    text[2 * c] = null;
    text[2 * c + 1] = null;
    boolean seenIndex = false;
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      switch (name) {
        case "index" -> {
          if (seenIndex || value != JsonToken.VALUE_NUMBER_INT
              || p.getNumberType() != JsonParser.NumberType.INT) {
            return false;
          }
          seenIndex = true;
          index[c] = p.getIntValue();
        }
        case "finish_reason" -> {
          if (finish[c] != 0) {
            return false;
          }
          finish[c] = (byte) (value == JsonToken.VALUE_NULL ? 1 : 2);
          p.skipChildren();
        }
        case "delta" -> {
          if (deltaFields[c] >= 0 || value != JsonToken.START_OBJECT || !delta(p, c)) {
            return false;
          }
        }
        default -> p.skipChildren();
      }
    }
    return t == JsonToken.END_OBJECT;
  }

  private boolean delta(JsonParser p, int c) throws IOException {
    int fields = 0;
    int seen = 0;
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      fields++;
      String name = p.currentName();
      JsonToken value = p.nextToken();
      int kind = switch (name) {
        case "content" -> 0;
        case "reasoning_content" -> 1;
        case "tool_calls" -> 2;
        default -> 3;
      };
      if (kind == 2 || kind < 2 && (seen & 1 << kind) != 0) {
        return false;
      }
      if (kind < 2 && value == JsonToken.VALUE_STRING) {
        seen |= 1 << kind;
        int k = 2 * c + kind;
        start[k] = (int) p.currentTokenLocation().getCharOffset();
        text[k] = p.getText();
        end[k] = (int) p.currentLocation().getCharOffset();
      } else {
        if (kind < 2) {
          seen |= 1 << kind;
        }
        p.skipChildren();
      }
    }
    deltaFields[c] = fields;
    return t == JsonToken.END_OBJECT;
  }

  /** Says whether the chunk has an {@code error} field. */
  boolean error() {
    return error;
  }

  /** Says whether the chunk has a non-null {@code usage}. */
  boolean usage() {
    return usage;
  }

  /** Returns the number of choices. */
  int choices() {
    return choices;
  }

  /** Returns choice {@code c}'s {@code index}. */
  int index(int c) {
    return index[c];
  }

  /** Says whether choice {@code c} has a {@code finish_reason} that is not null. */
  boolean finished(int c) {
    return finish[c] == 2;
  }

  /** Says whether choice {@code c} has a null {@code finish_reason} and a delta of exactly one field. */
  boolean oneFieldUnfinished(int c) {
    return finish[c] == 1 && deltaFields[c] == 1;
  }

  /** Returns the text of kind {@code kind} (0 content, 1 reasoning) of choice {@code c}, or null. */
  String text(int c, int kind) {
    return text[2 * c + kind];
  }

  /** Returns where the JSON string token of that text starts in the chunk (its opening quote). */
  int start(int c, int kind) {
    return start[2 * c + kind];
  }

  /** Returns where the JSON string token of that text ends in the chunk (after its closing quote). */
  int end(int c, int kind) {
    return end[2 * c + kind];
  }
}
