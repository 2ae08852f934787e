package io.kexin.gateway.stream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.kexin.gateway.provider.EventFields;
import io.kexin.gateway.provider.FieldKind;
import java.io.IOException;
import java.util.Arrays;

/**
 * Reads one OpenAI chat chunk of the common form with Jackson's streaming parser and keeps where each text lies in
 * the chunk's JSON, so that released text can be spliced into the upstream's own bytes instead of rebuilding the
 * chunk: this is the per-token hot path of every chat stream, and a tree parse plus a re-serialization cost more
 * than inspecting the token. The common form has no string outside the delta's text fields ({@link #FIELDS}) but in
 * a declared not-text field, and no key that is not declared; anything else (tool calls, logprobs, an error object,
 * an unknown field, a non-integer index, a repeated field) makes {@link #read} return false, and the caller takes
 * the tree path, which inspects every other string. One instance per stream, reused for every chunk; not
 * thread-safe.
 */
final class ChatChunkReader {
  /** The delta's text fields, by kind. */
  static final String[] FIELDS = {"content", "reasoning_content", "reasoning", "refusal"};
  static final int KINDS = FIELDS.length;
  private final JsonFactory factory;
  private final EventFields fields;
  private final DeclaredValues declared;
  /** The span of the chunk's padding string token ({@link FieldKind#PADDING}), or -1 when it has none. */
  private int paddingStart;
  private int paddingEnd;
  private boolean usage;
  private int choices;
  private int[] index = new int[2];
  /** Finish state per choice: 0 no {@code finish_reason}, 1 a null one, 2 a finished choice. */
  private byte[] finish = new byte[2];
  private int[] deltaFields = new int[2];
  /** Per choice and kind: the text, and its token's span in the chunk. */
  private String[] text = new String[2 * KINDS];
  private int[] start = new int[2 * KINDS];
  private int[] end = new int[2 * KINDS];

  ChatChunkReader(JsonFactory factory, DeclaredValues declared) {
    this.factory = factory;
    this.fields = declared.fields();
    this.declared = declared;
  }

  /** Reads {@code data}; returns false when the chunk is not of the common form (or not valid JSON). */
  boolean read(String data) {
    usage = false;
    choices = 0;
    paddingStart = -1;
    try (JsonParser p = factory.createParser(data)) {
      // This reader refuses a repeated text field itself; the parser's own check of every key costs per token.
      p.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
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
          case "usage" -> {
            if (seenUsage || !plain(p, name, value)) {
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
          }
          default -> {
            if (value == JsonToken.VALUE_STRING && fields.kind(name) == FieldKind.PADDING) {
              if (paddingStart >= 0) {
                return false;
              }
              paddingStart = (int) p.currentTokenLocation().getCharOffset();
              p.finishToken(); // a string token is read lazily: its end is known once it is read
              paddingEnd = (int) p.currentLocation().getCharOffset();
              continue;
            }
            // A null error is no error; a real one, like every unknown field, takes the tree path.
            if (!fields.known(name) || !plain(p, name, value)) {
              return false;
            }
          }
        }
      }
      // Nothing may follow the chunk: the tree path refuses what does.
      return t == JsonToken.END_OBJECT && p.nextToken() == null;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Reads the value just read under {@code name} to its end; says whether it holds no text: numbers, booleans and
   * nulls, strings only under declared not-text names whose value goes out unread, and only declared keys.
   */
  private boolean plain(JsonParser p, String name, JsonToken value) throws IOException {
    switch (value) {
      case VALUE_STRING -> {
        return fields.notText(name) && relayed(p, name);
      }
      case START_OBJECT -> {
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          if (!fields.known(field) || !plain(p, field, p.nextToken())) {
            return false;
          }
        }
        return t == JsonToken.END_OBJECT;
      }
      case START_ARRAY -> {
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
          if (t == null || !plain(p, name, t)) {
            return false;
          }
        }
        return true;
      }
      default -> {
        return value != null && value.isScalarValue();
      }
    }
  }

  /** Says whether the string just read under the declared field {@code name} goes out unread. */
  private boolean relayed(JsonParser p, String name) throws IOException {
    return declared.relayed(name, p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
  }

  private boolean choice(JsonParser p) throws IOException {
    int c = choices++;
    if (c == index.length) {
      index = Arrays.copyOf(index, 2 * c);
      finish = Arrays.copyOf(finish, 2 * c);
      deltaFields = Arrays.copyOf(deltaFields, 2 * c);
      text = Arrays.copyOf(text, 2 * c * KINDS);
      start = Arrays.copyOf(start, 2 * c * KINDS);
      end = Arrays.copyOf(end, 2 * c * KINDS);
    }
    index[c] = 0;
    finish[c] = 0;
    deltaFields[c] = -1;
    Arrays.fill(text, KINDS * c, KINDS * c + KINDS, null);
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
          if (finish[c] != 0 || value != JsonToken.VALUE_NULL && value != JsonToken.VALUE_STRING
              || value == JsonToken.VALUE_STRING && !relayed(p, name)) {
            return false;
          }
          finish[c] = (byte) (value == JsonToken.VALUE_NULL ? 1 : 2);
        }
        case "delta" -> {
          if (deltaFields[c] >= 0 || value != JsonToken.START_OBJECT || !delta(p, c)) {
            return false;
          }
        }
        default -> {
          // logprobs: null passes; logprobs with tokens (text) takes the tree path.
          if (!fields.known(name) || !plain(p, name, value)) {
            return false;
          }
        }
      }
    }
    return t == JsonToken.END_OBJECT;
  }

  private boolean delta(JsonParser p, int c) throws IOException {
    int count = 0;
    int seen = 0;
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      count++;
      String name = p.currentName();
      JsonToken value = p.nextToken();
      int kind = kind(name);
      if (kind < 0) {
        if ("tool_calls".equals(name) && value != JsonToken.VALUE_NULL || !fields.known(name)
            || !plain(p, name, value)) {
          return false;
        }
        continue;
      }
      if ((seen & 1 << kind) != 0) {
        return false;
      }
      seen |= 1 << kind;
      if (value == JsonToken.VALUE_STRING) {
        int k = KINDS * c + kind;
        start[k] = (int) p.currentTokenLocation().getCharOffset();
        text[k] = p.getText();
        end[k] = (int) p.currentLocation().getCharOffset();
      } else if (value != JsonToken.VALUE_NULL) {
        return false;
      }
    }
    deltaFields[c] = count;
    return t == JsonToken.END_OBJECT;
  }

  private static int kind(String name) {
    return switch (name) {
      case "content" -> 0;
      case "reasoning_content" -> 1;
      case "reasoning" -> 2;
      case "refusal" -> 3;
      default -> -1;
    };
  }

  /** Returns where the chunk's padding string token starts (its opening quote), or -1 when it has none. */
  int paddingStart() {
    return paddingStart;
  }

  /** Returns where the chunk's padding string token ends (after its closing quote). */
  int paddingEnd() {
    return paddingEnd;
  }

  /** Returns the length of the chunk's padding as written in its token: only its length is kept. */
  int paddingLength() {
    return paddingEnd - paddingStart - 2;
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

  /** Returns the text of kind {@code kind} (an index into {@link #FIELDS}) of choice {@code c}, or null. */
  String text(int c, int kind) {
    return text[KINDS * c + kind];
  }

  /** Returns where the JSON string token of that text starts in the chunk (its opening quote). */
  int start(int c, int kind) {
    return start[KINDS * c + kind];
  }

  /** Returns where the JSON string token of that text ends in the chunk (after its closing quote). */
  int end(int c, int kind) {
    return end[KINDS * c + kind];
  }
}
