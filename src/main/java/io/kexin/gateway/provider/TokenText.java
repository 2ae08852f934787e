package io.kexin.gateway.provider;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decodes an array of token ids back to the text the model will read, with the tokenizer of the OpenAI model it was
 * made for. Clients send token ids on the completions and embeddings endpoints (LangChain's OpenAI embeddings do by
 * default), and a value sent that way reaches the model as surely as one sent as text. Thread-safe.
 *
 * <p>The vocabularies are tiktoken's files as JTokkit ships them. Decoding needs only each id's bytes, so this reads
 * the files into one table per encoding, on first use: a fifth of the memory and a third of the load time of
 * JTokkit's encoder (o200k_base: 6 MB and 0.5 s on a loaded 2-core machine, against 30 MB and 1.5 s), which would
 * otherwise be built on an event loop for a request that only needs a lookup per id.
 */
final class TokenText {
  /** Names a tiktoken encoding by its vocabulary file. */
  private enum Vocabulary {
    O200K("o200k_base"), CL100K("cl100k_base"), P50K("p50k_base");

    final String file;

    Vocabulary(String name) {
      this.file = "/com/knuddels/jtokkit/" + name + ".tiktoken";
    }
  }

  /** The model name prefixes of each encoding, a longer prefix before one it begins with (tiktoken's table). */
  private static final List<Map.Entry<String, Vocabulary>> PREFIXES = List.of(
      Map.entry("gpt-5", Vocabulary.O200K), Map.entry("gpt-4.1", Vocabulary.O200K),
      Map.entry("gpt-4.5", Vocabulary.O200K), Map.entry("gpt-4o", Vocabulary.O200K),
      Map.entry("chatgpt-4o", Vocabulary.O200K), Map.entry("o1", Vocabulary.O200K), Map.entry("o3", Vocabulary.O200K),
      Map.entry("o4", Vocabulary.O200K), Map.entry("gpt-4", Vocabulary.CL100K), Map.entry("gpt-3.5", Vocabulary.CL100K),
      Map.entry("gpt-35", Vocabulary.CL100K), Map.entry("text-embedding-3", Vocabulary.CL100K),
      Map.entry("text-embedding-ada-002", Vocabulary.CL100K), Map.entry("davinci-002", Vocabulary.CL100K),
      Map.entry("babbage-002", Vocabulary.CL100K), Map.entry("text-davinci-00", Vocabulary.P50K));

  private final Map<Vocabulary, byte[][]> tables = new ConcurrentHashMap<>();

  /**
   * Returns the text of {@code ids} (integral numbers) for {@code model}, or null when the model's tokenizer is not
   * known here or an id is not one of its tokens (special tokens included: no client sends them as ids).
   */
  String decode(String model, JsonNode ids) {
    Vocabulary vocabulary = vocabularyOf(model);
    if (vocabulary == null) {
      return null;
    }
    byte[][] table = tables.computeIfAbsent(vocabulary, TokenText::load);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(ids.size() * 4);
    for (JsonNode id : ids) {
      int i = id.canConvertToInt() ? id.intValue() : -1;
      if (i < 0 || i >= table.length || table[i] == null) {
        return null;
      }
      bytes.writeBytes(table[i]);
    }
    return bytes.toString(UTF_8);
  }

  /** Returns the vocabulary of an OpenAI model name, fine-tunes ({@code ft:gpt-4o-mini:…}) included, or null. */
  private static Vocabulary vocabularyOf(String model) {
    if (model == null) {
      return null;
    }
    String name = model.startsWith("ft:") ? model.substring(3) : model;
    for (Map.Entry<String, Vocabulary> e : PREFIXES) {
      if (name.startsWith(e.getKey())) {
        return e.getValue();
      }
    }
    return null;
  }

  /** Reads a tiktoken file, a line per token: its bytes in base64, a space, its id. */
  private static byte[][] load(Vocabulary vocabulary) {
    InputStream in = TokenText.class.getResourceAsStream(vocabulary.file);
    if (in == null) {
      throw new IllegalStateException("missing tokenizer vocabulary " + vocabulary.file);
    }
    List<byte[]> table = new ArrayList<>(200_000);
    Base64.Decoder base64 = Base64.getDecoder();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        int space = line.indexOf(' ');
        if (space < 0) {
          continue;
        }
        int id = Integer.parseInt(line, space + 1, line.length(), 10);
        while (table.size() <= id) {
          table.add(null);
        }
        table.set(id, base64.decode(line.substring(0, space)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return table.toArray(new byte[0][]);
  }
}
